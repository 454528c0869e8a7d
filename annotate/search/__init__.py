"""Full-text search, the parts that need no database: reading what a person typed into the
search box (``query``) and cutting an engine's marked snippet into plain parts (``snippet``).

The engines themselves (SQLite FTS5 on the embedded default, PostgreSQL full-text search) sit
behind one selector, ``annotate.selectors.search``.
"""
