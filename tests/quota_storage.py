"""MEDIA_ROOT with a disk quota, for the "disk full" tests (issue 19).

Files really go to disk under MEDIA_ROOT; once every file there adds up to more than `quota`
bytes, a write fails with ENOSPC the way the kernel's does: the bytes that fitted stay written
and the file is left behind, which is what the app must clean up.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from django.core.files.storage import FileSystemStorage


class QuotaStorage(FileSystemStorage):
    def __init__(self, quota: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.quota = quota

    def used(self) -> int:
        root = Path(self.location)
        return sum(path.stat().st_size for path in root.rglob("*") if path.is_file())

    def _save(self, name: str, content) -> str:
        full_path = Path(self.path(name))
        full_path.parent.mkdir(parents=True, exist_ok=True)
        used = self.used()
        with open(full_path, "xb") as out:
            for chunk in content.chunks():
                data = chunk.encode() if isinstance(chunk, str) else chunk
                room = max(self.quota - used, 0)
                out.write(data[:room])
                used += len(data)
                if used > self.quota:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(full_path))
        return name
