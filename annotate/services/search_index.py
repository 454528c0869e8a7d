"""Rebuilding the search index (``manage.py search_reindex``).

The index follows every write by itself (the triggers of migration 0009_lead16_search); this
rebuilds it whole from the tables, in one transaction, for a restored or damaged database.
"""

from __future__ import annotations

from django.db import connection, transaction

_TOUCH = (
    ("annotate_document", "title"),
    ("annotate_claim", "quote"),
    ("annotate_source", "title"),
    ("annotate_comment", "body"),
)


def search_reindex() -> dict[str, int]:
    """Empty the index and write every row's entries again; the entries per kind."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM annotate_search")
        else:
            cursor.execute("TRUNCATE annotate_search")
        for table, column in _TOUCH:
            # An update of an indexed column makes its trigger write the row's entries.
            cursor.execute(f"UPDATE {table} SET {column} = {column}")  # noqa: S608
        cursor.execute("SELECT kind, COUNT(*) FROM annotate_search GROUP BY kind")
        found = dict(cursor.fetchall())
    return {kind: found.get(kind, 0) for kind in ("document", "claim", "note", "source", "comment")}
