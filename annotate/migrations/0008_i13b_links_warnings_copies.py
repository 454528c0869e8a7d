"""Links kept from imported articles, import warnings, and documents imported again on purpose.

- DocumentLink: each link of the article (code-point span of its text, http(s) URL, origin).
- Document.warnings and Job.warnings: plain-words notes about a suspiciously small extraction.
- Document.copy_of: a text the team already had, imported anyway as a separate document; the
  one-document-per-text rule now holds only for documents that are not such copies.

SQLite rebuilds the document table to change its constraint, and a rebuild breaks the triggers
of 0002 that name the table, so they are dropped first and made again afterwards (with one more
for links: a link ends within its document's text, as sentences do).
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_INTEGRITY = importlib.import_module("annotate.migrations.0002_integrity")

_LINK_PAST_END = """
    NEW."end" > (SELECT text_length FROM annotate_document WHERE id = NEW.document_id)
"""
SQLITE_LINK = [
    _INTEGRITY._sqlite_trigger("link_within_text_ins", "INSERT", "annotate_documentlink", _LINK_PAST_END),
    _INTEGRITY._sqlite_trigger(
        "link_within_text_upd",
        'UPDATE OF start, "end", document_id',
        "annotate_documentlink",
        _LINK_PAST_END,
    ),
]
SQLITE_LINK_REVERSE = [
    "DROP TRIGGER IF EXISTS link_within_text_ins;",
    "DROP TRIGGER IF EXISTS link_within_text_upd;",
]
POSTGRES_LINK = [
    "CREATE TRIGGER link_within_text BEFORE INSERT OR UPDATE ON annotate_documentlink "
    "FOR EACH ROW EXECUTE FUNCTION annotate_span_within_text();"
]
POSTGRES_LINK_REVERSE = ["DROP TRIGGER IF EXISTS link_within_text ON annotate_documentlink;"]


def _run(schema_editor, statements_by_vendor):
    vendor = schema_editor.connection.vendor
    for statement in statements_by_vendor.get(vendor, []):
        schema_editor.execute(statement, params=None)


def drop_sqlite_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": _INTEGRITY.SQLITE_REVERSE})


def make_sqlite_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": _INTEGRITY.SQLITE})


def links_forwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_LINK, "sqlite": SQLITE_LINK})


def links_backwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_LINK_REVERSE, "sqlite": SQLITE_LINK_REVERSE})




class Migration(migrations.Migration):

    dependencies = [
        ('annotate', '0007_i21_document_importing'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, make_sqlite_triggers, elidable=False),
        migrations.CreateModel(
            name='DocumentLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField()),
                ('start', models.PositiveIntegerField()),
                ('end', models.PositiveIntegerField()),
                ('url', models.URLField(max_length=2000)),
                ('origin', models.CharField(choices=[('body', 'Article text'), ('footnote', 'Footnote'), ('endnote', 'Endnote')], default='body', max_length=10)),
            ],
            options={
                'ordering': ['document', 'position'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='document',
            name='document_unique_text_in_team',
        ),
        migrations.AddField(
            model_name='document',
            name='copy_of',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='copies', to='annotate.document'),
        ),
        migrations.AddField(
            model_name='document',
            name='warnings',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='job',
            name='warnings',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(condition=models.Q(('copy_of__isnull', True)), fields=('team', 'content_hash'), name='document_unique_text_in_team'),
        ),
        migrations.AddField(
            model_name='documentlink',
            name='document',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='annotate.document'),
        ),
        migrations.AddConstraint(
            model_name='documentlink',
            constraint=models.UniqueConstraint(fields=('document', 'position'), name='link_position_unique'),
        ),
        migrations.AddConstraint(
            model_name='documentlink',
            constraint=models.CheckConstraint(condition=models.Q(('start__gte', 0), ('start__lt', models.F('end'))), name='link_offsets_ordered'),
        ),
        migrations.AddConstraint(
            model_name='documentlink',
            constraint=models.CheckConstraint(condition=models.Q(('url__startswith', 'http://'), ('url__startswith', 'https://'), _connector='OR'), name='link_url_is_web'),
        ),
        migrations.AddConstraint(
            model_name='documentlink',
            constraint=models.CheckConstraint(condition=models.Q(('origin__in', ['body', 'footnote', 'endnote'])), name='link_origin_valid'),
        ),
        migrations.RunPython(make_sqlite_triggers, drop_sqlite_triggers, elidable=False),
        migrations.RunPython(links_forwards, links_backwards, elidable=False),
    ]
