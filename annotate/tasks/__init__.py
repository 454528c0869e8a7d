"""Celery tasks: thin wrappers that take ids and call one service. One module per workflow."""

from annotate.tasks.exports import *  # noqa: F403
from annotate.tasks.imports import *  # noqa: F403
from annotate.tasks.maintenance import *  # noqa: F403
from annotate.tasks.notifications import *  # noqa: F403
