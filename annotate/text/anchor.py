"""Anchor quotes to document text: offset conversion, quote selectors, re-anchoring.

Offsets in the project are code points into the stored text. Browsers (JavaScript
strings) and the W3C Web Annotation ``TextPositionSelector`` as most clients produce it
count UTF-16 code units instead; ``Utf16Index`` converts between the two in
O(log n) per offset after one O(n) scan.

A claim keeps a ``QuoteSelector`` (the quoted text with up to 32 characters of context
on each side, as the W3C ``TextQuoteSelector`` and Hypothesis do) beside its offsets.
``check_quote`` rejects offsets whose text is not the quote; ``reanchor`` finds a quote
again after the text changed: first at its old position, then by exact search
(disambiguated by the context and the old position), then by a bounded fuzzy search
(edit distance, Myers' bit-parallel algorithm) near the old position.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

# Characters outside the Basic Multilingual Plane take two UTF-16 code units.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

DEFAULT_CONTEXT = 32
# Ranges in messages are written with an EN DASH ("10\u201325"), as in typeset text.
DASH = "\u2013"
# The fuzzy pass looks this many code points either side of the old position.
FUZZY_RADIUS = 2000


class AnchorMismatch(ValueError):
    """Offsets that do not fit the document, or text there that is not the quote."""


class Utf16Index:
    """Convert offsets in one text between code points and UTF-16 code units."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code-point positions of astral characters, and their UTF-16 positions.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_utf16 = [cp + k for k, cp in enumerate(self._astral)]
        self.utf16_length = self.length + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """Return the UTF-16 offset of code-point offset ``offset`` (0..len(text))."""
        if not 0 <= offset <= self.length:
            raise ValueError(
                f"Code point offset {offset} is outside the text (length {self.length})."
            )
        return offset + bisect_left(self._astral, offset)

    def to_codepoint(self, offset: int) -> int:
        """Return the code-point offset of UTF-16 offset ``offset`` (0..UTF-16 length)."""
        if not 0 <= offset <= self.utf16_length:
            raise ValueError(
                f"UTF-16 offset {offset} is outside the text (UTF-16 length {self.utf16_length})."
            )
        before = bisect_left(self._astral_utf16, offset)  # astral chars starting before
        if before and self._astral_utf16[before - 1] == offset - 1:
            raise ValueError(
                f"UTF-16 offset {offset} falls inside a surrogate pair "
                f"(the character at code point {self._astral[before - 1]})."
            )
        return offset - before


@lru_cache(maxsize=4)
def _index(text: str) -> Utf16Index:
    return Utf16Index(text)


def utf16_to_codepoint(text: str, utf16_offset: int) -> int:
    """Return the code-point offset in ``text`` of a UTF-16 offset (see Utf16Index)."""
    return _index(text).to_codepoint(utf16_offset)


def codepoint_to_utf16(text: str, cp_offset: int) -> int:
    """Return the UTF-16 offset in ``text`` of a code-point offset (see Utf16Index)."""
    return _index(text).to_utf16(cp_offset)


@dataclass(frozen=True)
class QuoteSelector:
    """A quote with the text right before and after it (W3C TextQuoteSelector)."""

    exact: str
    prefix: str
    suffix: str


def check_range(text: str, start: int, end: int) -> None:
    """Raise AnchorMismatch unless ``0 <= start < end <= len(text)``."""
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        raise AnchorMismatch(f"Offsets {start!r}{DASH}{end!r} are not whole numbers.")
    if start < 0 or end > len(text):
        raise AnchorMismatch(
            f"Offsets {start}{DASH}{end} are outside the document (length {len(text)})."
        )
    if start >= end:
        raise AnchorMismatch(
            f"Offsets {start}{DASH}{end} select nothing: the start must be before the end."
        )


def check_quote(text: str, start: int, end: int, exact: str) -> None:
    """Raise AnchorMismatch unless the offsets are valid and ``text[start:end] == exact``."""
    check_range(text, start, end)
    if text[start:end] != exact:
        raise AnchorMismatch(f"The quoted text does not match the document at {start}{DASH}{end}.")


def quote_selector(
    text: str, start: int, end: int, context: int = DEFAULT_CONTEXT
) -> QuoteSelector:
    """Return the quote ``text[start:end]`` with ``context`` characters either side."""
    check_range(text, start, end)
    return QuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def reanchor(text: str, selector: QuoteSelector, hint_start: int | None) -> tuple[int, int] | None:
    """Return ``(start, end)`` of the selector's quote in ``text``, or None if lost.

    Tries, in order: the quote at ``hint_start``; exact occurrences of the quote, best
    context match first, then nearest to the hint; the closest fuzzy match (at most a
    quarter of the quote's characters edited) within FUZZY_RADIUS of the hint, or in
    the whole text if it is shorter than twice that and there is no hint.
    """
    exact = selector.exact
    if not exact:
        return None
    if hint_start is not None and hint_start >= 0 and text.startswith(exact, hint_start):
        return hint_start, hint_start + len(exact)
    found = _exact_match(text, selector, hint_start)
    if found is not None:
        return found, found + len(exact)
    return _fuzzy_match(text, exact, hint_start)


def _exact_match(text: str, selector: QuoteSelector, hint: int | None) -> int | None:
    """Return the start of the best exact occurrence of the quote, or None."""
    best: tuple[int, int] | None = None
    best_start = None
    start = text.find(selector.exact)
    while start != -1:
        end = start + len(selector.exact)
        context = _common_suffix(
            selector.prefix, text[max(0, start - len(selector.prefix)) : start]
        )
        context += _common_prefix(selector.suffix, text[end : end + len(selector.suffix)])
        distance = abs(start - hint) if hint is not None else 0
        key = (-context, distance)
        if best is None or key < best:
            best, best_start = key, start
        start = text.find(selector.exact, start + 1)
    return best_start


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _fuzzy_match(text: str, exact: str, hint: int | None) -> tuple[int, int] | None:
    """Return the nearest closest approximate occurrence of ``exact``, or None."""
    if hint is None:
        if len(text) > 2 * FUZZY_RADIUS:
            return None
        window_start, window_end, hint = 0, len(text), 0
    else:
        window_start = max(0, hint - FUZZY_RADIUS)
        window_end = min(len(text), hint + len(exact) + FUZZY_RADIUS)
    window = text[window_start:window_end]
    max_errors = len(exact) // 4
    ends = _best_ends(window, exact, max_errors)
    if not ends:
        return None
    errors, candidates = ends
    end = min(candidates, key=lambda e: abs(window_start + e - len(exact) - hint))
    start = _best_start(window, exact, end, errors)
    return window_start + start, window_start + end


def _best_ends(text: str, pattern: str, max_errors: int) -> tuple[int, list[int]] | None:
    """Return the least edit distance <= max_errors of ``pattern`` to a substring of
    ``text``, and every end offset (exclusive) reaching it; None if none does.

    Myers (1999) bit-parallel approximate search; Python ints hold any pattern length.
    """
    scores = _end_scores(text, pattern)
    least = min(scores, default=max_errors + 1)
    if least > max_errors:
        return None
    return least, [j + 1 for j, score in enumerate(scores) if score == least]


def _end_scores(text: str, pattern: str, anchored: bool = False) -> list[int]:
    """Return, for each position j, the edit distance of ``pattern`` to the best
    substring of ``text`` ending at j (inclusive); with ``anchored``, to ``text[: j + 1]``.
    """
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    scores = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        # Shifting in 0 makes every text position a free start (search); shifting in 1
        # charges for skipped text, so matches must start at text[0] (anchored).
        ph = ((ph << 1) | anchored) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def _best_start(text: str, pattern: str, end: int, errors: int) -> int:
    """Return the start of a substring ending at ``end`` within ``errors`` edits of
    ``pattern``, choosing the one whose length is closest to the pattern's."""
    begin = max(0, end - len(pattern) - errors)
    reversed_scores = _end_scores(text[begin:end][::-1], pattern[::-1], anchored=True)
    starts = [end - (j + 1) for j, score in enumerate(reversed_scores) if score <= errors]
    return min(starts, key=lambda s: abs((end - s) - len(pattern)))
