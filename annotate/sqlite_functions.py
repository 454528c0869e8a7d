"""SQL functions every SQLite connection registers, for the triggers that keep the search index.

``fc_plain(html)``: rich text (claim notes, comments) as the words a person reads, through the
one sanitizer's ``plain_text``, so the FTS5 index holds no tag names and snippets no markup.
"""

from __future__ import annotations

import re

from annotate.sanitize import plain_text

# A tag ends a word: "<p>a</p><p>b</p>" reads "a b", not "ab".
_TAG_START = re.compile("<")


def _plain(html):
    return plain_text(_TAG_START.sub(" <", html or ""))


def register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("fc_plain", 1, _plain, deterministic=True)
