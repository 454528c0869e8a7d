"""The Celery app: configured from Django settings (CELERY_*), tasks found in installed apps."""

import os

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

# Redis URLs use our transport: kombu's, with the fix that keeps a worker alive when Redis
# restarts (see factcheck.redis_transport).
TRANSPORT_ALIASES["redis"] = "factcheck.redis_transport:Transport"

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
