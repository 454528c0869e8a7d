from django.apps import AppConfig


class AnnotateConfig(AppConfig):
    name = "annotate"
    verbose_name = "Fact-check desk"
    default_auto_field = "django.db.models.BigAutoField"
