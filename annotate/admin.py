"""Admin pages: for support staff to look things up; day-to-day writing goes through the app.

Claims, their sources, reviews and comments are read-only here: they change only through the
services (annotate/services/claims.py, reviews.py, comments.py), which enforce the rules (nobody
approves their own claim), lock the claim at the version read, record each review transition and
bump the version. An admin form would do none of that, so the admin offers no add, change,
delete or history revert for them.
"""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from annotate.models import (
    ApiToken,
    Claim,
    Comment,
    Document,
    Invitation,
    Job,
    Membership,
    Review,
    Sentence,
    Source,
    Team,
    Verdict,
)
from annotate.services.signin import signin_unlock


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    # The default team is the user's own choice (the team switcher), not the site staff's.
    readonly_fields = ["is_default"]


class VerdictInline(admin.TabularInline):
    model = Verdict
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, VerdictInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role", "is_default"]
    list_filter = ["team", "role"]
    list_select_related = ["user", "team"]
    readonly_fields = ["is_default"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "source_format", "sentence_count", "created_at"]
    list_filter = ["team", "source_format"]
    list_select_related = ["team"]
    search_fields = ["title", "byline", "source_url"]
    # The text and its offsets are immutable after import: claims point into them.
    readonly_fields = ["text", "text_length", "content_hash", "sentence_count", "created_at"]


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ["document", "index", "start", "end", "paragraph"]
    list_select_related = ["document"]
    raw_id_fields = ["document"]

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnly:
    """No add, change or delete: the object is written by the services only (see above)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyHistory(ReadOnly):
    """History to read, never to revert: simple-history's form view saves a POST whenever the
    user may view the object, which would write an old version past every rule."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class SourceInline(ReadOnly, admin.StackedInline):
    model = Source
    extra = 0


@admin.register(Claim)
class ClaimAdmin(ReadOnlyHistory, SimpleHistoryAdmin):
    list_display = ["__str__", "team", "document", "verdict", "status", "author", "updated_at"]
    list_filter = ["team", "status", "verdict"]
    list_select_related = ["team", "document", "verdict", "author"]
    search_fields = ["quote", "restatement", "claimant"]
    raw_id_fields = ["document", "author", "assignee", "approved_by"]
    # The review state above all: only services.reviews moves it (with a Review record).
    readonly_fields = [
        "status",
        "approved_by",
        "approved_at",
        "author",
        "version",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
    ]
    inlines = [SourceInline]


@admin.register(Source)
class SourceAdmin(ReadOnlyHistory, SimpleHistoryAdmin):
    list_display = ["__str__", "claim", "stance"]
    raw_id_fields = ["claim"]


@admin.register(Review)
class ReviewAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["claim", "reviewer", "decision", "created_at"]
    list_filter = ["decision"]
    raw_id_fields = ["claim", "reviewer"]


@admin.register(Comment)
class CommentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["claim", "author", "created_at"]
    raw_id_fields = ["claim", "author"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "team", "kind", "status", "progress_done", "progress_total", "created_at"]
    list_filter = ["kind", "status", "team"]
    list_select_related = ["team"]
    readonly_fields = ["celery_task_id", "started_at", "finished_at"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnly, admin.ModelAdmin):
    """Invitations are answered by their invitee and revoked by the team's admins, in the app."""

    list_display = ["team", "username", "role", "status", "invited_by", "created_at", "expires_at"]
    list_filter = ["status", "team"]
    list_select_related = ["team", "invited_by"]
    exclude = ["token_hash"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnly, admin.ModelAdmin):
    """Only a hash of each key is stored; people make and revoke tokens on their token page."""

    list_display = ["user", "last_four", "created_at", "last_used_at", "expires_at"]
    list_select_related = ["user"]
    exclude = ["key_hash"]


# Sign-in lockouts (django-axes): support staff unlock an account from the user list; axes' own
# "Access attempts" pages list the failures (deleting one also unlocks).
User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    actions = [*(auth_admin.UserAdmin.actions or []), "unlock_sign_in"]

    @admin.action(description="Unlock sign-in (forget failed attempts)")
    def unlock_sign_in(self, request, queryset):
        usernames = list(queryset.values_list("username", flat=True))
        signin_unlock(usernames=usernames)
        self.message_user(request, f"Sign-in unlocked for {len(usernames)} account(s).")
