from django.apps import AppConfig


class AnnotateConfig(AppConfig):
    name = "annotate"
    verbose_name = "Fact-check desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from annotate.views.invitations import tell_about_invitations

        user_logged_in.connect(tell_about_invitations, dispatch_uid="annotate-invitations")
