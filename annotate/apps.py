from django.apps import AppConfig


class AnnotateConfig(AppConfig):
    name = "annotate"
    verbose_name = "Fact-check desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from annotate.sqlite_functions import register
        from annotate.views.invitations import tell_about_invitations

        user_logged_in.connect(tell_about_invitations, dispatch_uid="annotate-invitations")
        # The search index's triggers call fc_plain on every write of notes and comments.
        connection_created.connect(register, dispatch_uid="annotate-sqlite-functions")
