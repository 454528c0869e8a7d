"""The two full-text engines behind ``annotate.selectors.search``: the SQL each one needs to
match, rank and mark snippets, over the ``annotate_search`` index its migration built.

``match`` gives a SELECT of the team's matching index rows (``id, kind, object_id,
document_id, claim_id, rank``, a higher rank being better) for the selector to filter, join and
page the same way on both; ``snippets`` marks the matched words of just the rows of one page.

The SQL is assembled from fixed pieces only (hence the S608 waivers): every value, the
user's query included, travels as a placeholder.
"""

from __future__ import annotations

from django.db import connection

from annotate.search.query import Query, to_fts5, websearch_text
from annotate.search.snippet import START, STOP

SNIPPET_WORDS = 24
_COLUMNS = "s.kind, s.object_id, s.document_id, s.claim_id"


class Sqlite:
    """SQLite FTS5: BM25 with the title weighing ten times the body; FTS5's snippets."""

    name = "sqlite-fts5"
    position_function = "instr"

    def match(self, query: Query, team_id: int) -> tuple[str, list]:
        return (
            f"SELECT s.rowid AS id, {_COLUMNS}, "  # noqa: S608
            "-bm25(annotate_search, 0, 0, 0, 0, 0, 10.0, 1.0) AS rank "
            "FROM annotate_search s WHERE annotate_search MATCH %s AND s.team_id = %s",
            [to_fts5(query), team_id],
        )

    def snippets(self, query: Query, team_id: int, ids: list[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        marks = f"'{START}', '{STOP}', '…', {SNIPPET_WORDS}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet(annotate_search, 5, {marks}), "  # noqa: S608
                f"snippet(annotate_search, 6, {marks}) FROM annotate_search "
                f"WHERE annotate_search MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})",
                [to_fts5(query), *ids],
            )
            return {row[0]: (row[1] or "", row[2] or "") for row in cursor.fetchall()}


class Postgres:
    """PostgreSQL: ``websearch_to_tsquery`` in each language configuration the team's
    documents use (a row matches in its own language), ``ts_rank_cd`` over the weighted
    vector, ``ts_headline`` for snippets; the GIN index on ``tsv`` answers the match."""

    name = "postgresql-fts"
    position_function = "strpos"

    @staticmethod
    def websearch(query: Query) -> str:
        """The parsed query again in websearch syntax, each term quoted as typed."""
        parts = []
        for clause in query.clauses:
            text = " or ".join(websearch_text(term) for term in clause.terms)
            parts.append(f"-{text}" if clause.negated else text)
        return " ".join(parts)

    def _tsquery(self, query: Query, team_id: int) -> tuple[str, list]:
        """A FROM item ``q`` with one tsquery: the query read in every language configuration
        the team's documents use, OR-ed (a configuration that keeps no word adds nothing)."""
        return (
            "(SELECT coalesce(string_agg('(' || part::text || ')', ' | ')::tsquery, "
            "''::tsquery) AS query FROM (SELECT websearch_to_tsquery(config, %s) AS part "
            "FROM (SELECT DISTINCT annotate_search_config(language) AS config "
            "FROM annotate_document WHERE team_id = %s) configs) parts "
            "WHERE numnode(part) > 0) q",
            [self.websearch(query), team_id],
        )

    def match(self, query: Query, team_id: int) -> tuple[str, list]:
        tsquery, params = self._tsquery(query, team_id)
        return (
            f"SELECT s.id, {_COLUMNS}, ts_rank_cd(s.tsv, q.query) AS rank "  # noqa: S608
            f"FROM annotate_search s, {tsquery} WHERE s.tsv @@ q.query AND s.team_id = %s",
            [*params, team_id],
        )

    def snippets(self, query: Query, team_id: int, ids: list[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        tsquery, params = self._tsquery(query, team_id)
        options = (
            f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8, "
            'ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "'
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.id, "  # noqa: S608
                "ts_headline(s.config, s.title, q.query, %s), "
                "ts_headline(s.config, left(s.body, 500000), q.query, %s) "
                f"FROM annotate_search s, {tsquery} "
                f"WHERE s.id IN ({', '.join(['%s'] * len(ids))})",
                [options, options, *params, *ids],
            )
            return {row[0]: (row[1] or "", row[2] or "") for row in cursor.fetchall()}


def engine() -> Sqlite | Postgres:
    return Postgres() if connection.vendor == "postgresql" else Sqlite()
