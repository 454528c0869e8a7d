"""What a person typed into the search box, read the way web search engines read it.

- words are all required: ``moon landing``;
- ``"a quoted phrase"`` must appear as written (word order kept);
- ``OR`` (in capitals) between two parts accepts either;
- a leading ``-`` excludes a word or phrase: ``vaccine -covid``.

Anything else (unbalanced quotes, stray operators, punctuation, FTS5 or tsquery syntax) is
read as plain words, so no input can make an engine raise a syntax error. ``to_fts5`` renders
the parsed query for SQLite FTS5 with every word quoted; ``websearch_parts`` gives the pieces
PostgreSQL's ``websearch_to_tsquery`` turns into a tsquery one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A run of letters or digits in any script (what both engines' tokenizers call a word).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
MAX_TERMS = 32  # longer queries are cut: a search box is not a document comparison


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of several words in order, with the text it was read from."""

    words: tuple[str, ...]
    raw: str = ""

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class Clause:
    """Alternatives, one of which must match (or, when ``negated``, none of which may)."""

    terms: tuple[Term, ...]
    negated: bool = False


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...]

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if not clause.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if clause.negated)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: no words, or only exclusions (which would match everything)."""
        return not self.positive

    @property
    def words(self) -> tuple[str, ...]:
        """Every word looked for (not the excluded ones), in order, for highlighting."""
        return tuple(
            word for clause in self.positive for term in clause.terms for word in term.words
        )


def parse(text: str) -> Query:
    clauses: list[Clause] = []
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(text or ""):
        negated, phrase, bare = match.group(1) == "-", match.group(2), match.group(3)
        if bare == "OR":
            pending_or = bool(clauses) and not clauses[-1].negated
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = True, bare[1:]
        words = tuple(_WORD.findall(phrase if phrase is not None else bare))
        if not words:
            continue
        words = words[: MAX_TERMS - count]
        if not words:
            break
        count += len(words)
        # A bare "covid-19" or "3.4%" is one term too: its words next to each other.
        term = Term(words, (phrase if phrase is not None else bare).replace('"', ""))
        if pending_or and not negated:
            clauses[-1] = Clause((*clauses[-1].terms, term))
        else:
            clauses.append(Clause((term,), negated=negated))
        pending_or = False
    return Query(tuple(clauses))


def _fts5_term(term: Term) -> str:
    # A quoted FTS5 string is tokenized like the column: a phrase of its words in order.
    return '"' + " ".join(word.replace('"', '""') for word in term.words) + '"'


def _fts5_clause(clause: Clause) -> str:
    parts = [_fts5_term(term) for term in clause.terms]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def to_fts5(query: Query) -> str | None:
    """An FTS5 MATCH expression, or ``None`` when there is nothing to look for."""
    if query.is_empty:
        return None
    expression = " AND ".join(_fts5_clause(clause) for clause in query.positive)
    for clause in query.negative:
        expression = f"({expression}) NOT {_fts5_clause(clause)}"
    return expression


def websearch_text(term: Term) -> str:
    """One term in ``websearch_to_tsquery``'s own syntax: the text as typed, in quotes, so
    that PostgreSQL's parser reads "3.4" or "covid-19" as it read them in the documents."""
    return '"' + (term.raw or " ".join(term.words)) + '"'
