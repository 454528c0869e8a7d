"""Imported documents: their normalized text and its sentences as code-point offsets."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length

from annotate.models.team import Team


class SourceFormat(models.TextChoices):
    TEXT = "txt", "Plain text"
    MARKDOWN = "md", "Markdown"
    HTML = "html", "HTML page"
    DOCX = "docx", "Word document"
    JSON = "json", "factcheck JSON"


class StoredDocuments(models.Manager):
    """Documents whose import has finished: the default manager, so every list, selector and
    related manager (``team.documents``) leaves out a document still being written."""

    def get_queryset(self):
        return super().get_queryset().filter(importing_since__isnull=True)


class Document(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=500)
    byline = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    # Kept beside the text so that database triggers can check offsets cheaply.
    text_length = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    source_format = models.CharField(max_length=8, choices=SourceFormat.choices)
    original_file = models.FileField(upload_to="originals/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    sentence_count = models.PositiveIntegerField(default=0)
    # Plain-words notes from the import about what may be missing ("only 23 words were found").
    warnings = models.JSONField(default=list, blank=True)
    # Set when a user imported this text again on purpose, as a separate document (the same wire
    # story from two outlets): the document that already had the text.
    copy_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set while an import writes the document in batches (services.documents), cleared when it
    # is complete; such a row is hidden by `objects` and removed if the import never finishes.
    importing_since = models.DateTimeField(null=True, blank=True)
    # The normalized text (NFC, "\n" newlines, paragraphs split by a blank line). Every offset in
    # the app is a Unicode code point index into this string, and it never changes after import.
    # Last column on purpose: SQLite reads a row's columns in order, so the per-sentence trigger
    # that reads text_length does not wade through a megabyte of text first.
    text = models.TextField()

    # Every row, partial imports included: for the writer and the job sweep only.
    with_importing = models.Manager()
    objects = StoredDocuments()

    class Meta:
        default_manager_name = "objects"
        ordering = ["-created_at", "-id"]
        constraints = [
            # One document per text in a team, unless a user asked for a separate copy.
            models.UniqueConstraint(
                fields=["team", "content_hash"],
                condition=Q(copy_of__isnull=True),
                name="document_unique_text_in_team",
            ),
            models.CheckConstraint(
                condition=Q(text_length=Length("text")), name="document_text_length_matches"
            ),
            # Lets claims reference (document, team) so they cannot cross teams.
            models.UniqueConstraint(fields=["id", "team"], name="document_id_team"),
        ]
        indexes = [models.Index(fields=["team", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class Sentence(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sentences")
    index = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    paragraph = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "index"]
        constraints = [
            models.UniqueConstraint(fields=["document", "index"], name="sentence_index_unique"),
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(start__lt=F("end")), name="sentence_offsets_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.index} [{self.start}:{self.end}]"

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]


class LinkOrigin(models.TextChoices):
    BODY = "body", "Article text"
    FOOTNOTE = "footnote", "Footnote"
    ENDNOTE = "endnote", "Endnote"


class DocumentLink(models.Model):
    """A link the article itself had: ``document.text[start:end]`` is its text (code points).

    Kept from the imported file (HTML anchors, Markdown links, Word hyperlinks, also inside
    footnotes): the links an article cites are its first candidate sources.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    url = models.URLField(max_length=2000)
    origin = models.CharField(max_length=10, choices=LinkOrigin.choices, default=LinkOrigin.BODY)

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="link_position_unique"),
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(start__lt=F("end")), name="link_offsets_ordered"
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="link_url_is_web",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=LinkOrigin.values), name="link_origin_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} [{self.start}:{self.end}] {self.url}"

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]
