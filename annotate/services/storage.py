"""Files written under MEDIA_ROOT (uploads, originals, export results): a full disk or quota is
a clear message and leaves no half-written file.

Django's FileSystemStorage leaves the part it wrote when a write fails; `file_store` removes it
and raises StorageFull (a ServiceError, 507), which every caller already turns into a message: the
upload form and the API answer it, an import or export job fails with it.
"""

from __future__ import annotations

import errno
import logging

from django.core.files import File
from django.db.models.fields.files import FieldFile

from annotate.services.errors import ServiceError

log = logging.getLogger(__name__)

# No room (disk full, quota exceeded) or a file bigger than the system allows.
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
STORAGE_FULL = (
    "The server has no room left to store files, so nothing was stored. "
    "Try again later, or tell an administrator."
)


class StorageFull(ServiceError):
    status_code = 507  # Insufficient Storage


def file_store(field_file: FieldFile, name: str, content: File) -> None:
    """`field_file.save(name, content, save=False)`; on a full disk StorageFull, nothing kept."""
    field = field_file.field
    storage = field_file.storage
    # Where the storage will write: the name it picks is the first free one, so a file found
    # there after a failed write is our partial one.
    target = storage.get_available_name(
        field.generate_filename(field_file.instance, name), max_length=field.max_length
    )
    try:
        field_file.save(name, content, save=False)
    except OSError as error:
        if error.errno not in NO_ROOM:
            raise
        log.error("No room in MEDIA_ROOT for %s: %s", target, error)
        _remove(storage, target)
        raise StorageFull(STORAGE_FULL) from error


def storage_save(field, name: str, content: File) -> str:
    """`field.storage.save` of a new file for a FileField `field` (the Document writer's
    original, saved before its row is final); the stored name, or StorageFull, nothing kept."""
    storage = field.storage
    target = storage.get_available_name(name, max_length=field.max_length)
    try:
        return storage.save(target, content, max_length=field.max_length)
    except OSError as error:
        if error.errno not in NO_ROOM:
            raise
        log.error("No room in MEDIA_ROOT for %s: %s", target, error)
        _remove(storage, target)
        raise StorageFull(STORAGE_FULL) from error


def file_discard(field_file: FieldFile) -> None:
    """Delete a stored file (a rolled-back write's), keeping quiet if it is already gone."""
    if field_file:
        _remove(field_file.storage, field_file.name)
        field_file.name = ""


def _remove(storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:  # the disk may refuse even this; the sweep of orphans is the admin's
        log.warning("Could not remove %s", name, exc_info=True)
