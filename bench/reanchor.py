"""Re-anchoring claims across article revisions: our matcher vs a Hypothesis-style one.

A revision corpus with known truth is built from real article text (the seed articles
and the news articles in bench/articles/): each case takes one article, marks a target
claim (a whole sentence or a run of words) plus five bystander claims elsewhere, applies
one edit, and records where the target claim should end up and with which outcome.

Edit types: a typo fixed inside the quote; a paragraph inserted before it; its paragraph
deleted; its sentence moved; 10-60% of the quote's words rewritten; a number in the quote
rewritten; "not" added to the quote; its sentence deleted; its sentence deleted and a
look-alike (one number or name changed) added 1, 3, 10 or more sentences away; and a
look-alike added while the sentence stays.

Two matchers run on the same claims:
- ours: ``annotate.text.anchor.reanchor_claims`` (both versions and their sentence spans);
- "hypothesis": OUR OWN re-implementation, in this file, of the Hypothesis client's
  anchoring (``anchor()`` in src/annotator/anchoring/html.ts: the position selector if
  the text there is the quote, else ``matchQuote`` from match-quote.ts over the
  approx-string-match library: exact occurrences if any, else the lowest-error
  approximate matches with maxErrors = min(256, len/2); each scored 50 x quote +
  20 x prefix + 20 x suffix + 2 x position similarity; the best one wins, whatever its
  score). It has no notion of "changed", so a match of hers is labelled kept if its text
  equals the old quote or differs only trivially (our classifier), else changed.

Scoring per claim: orphaned if the matcher attached nothing; "wrong place" if it attached
the claim where the truth has nothing (deleted) or to a span overlapping the truth by less
than half (intersection over union); otherwise kept/changed correctly, "flagged" (changed
where the truth is kept: harmless) or "silently kept" (kept where the truth is changed:
as bad as a wrong place for a fact-check).

Then the timing: 10,000 claims re-anchored on a 50,000-sentence document after a revision
that adds, changes, deletes and moves 1% of the sentences each.

Run: .venv/bin/python bench/reanchor.py [--cases N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from annotate.text.anchor import ClaimQuote, Reanchored, quote_selector, reanchor_claims
from annotate.text.diff import align
from annotate.text.normalize import normalize_text
from annotate.text.segment import segment
from annotate.text.words import word_changes

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_FILES = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
    (ROOT / "bench" / "articles").glob("*.txt")
)
BYSTANDERS = 5
LOOKALIKE_DISTANCES = (1, 3, 10, "far")
REWRITE_SHARES = (0.1, 0.25, 0.4, 0.6)
AUXILIARIES = re.compile(
    r"\b(is|was|are|were|will|would|has|have|had|can|could|did|does|should|may)\b"
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
WORD = re.compile(r"[^\W\d_]+")
NAMES = ["Moreno", "Castillo", "Nakamura", "Okafor", "Brennan", "Lindgren", "Petrov", "Adeyemi"]


# ---------------------------------------------------------------------------------------
# The revision corpus.


@dataclass
class Sent:
    sid: int
    text: str


Doc = list[list[Sent]]  # paragraphs of sentences


@dataclass(frozen=True)
class Span:
    """A claim inside one sentence: ``sentence.text[a:b]``."""

    sid: int
    a: int
    b: int


@dataclass
class Case:
    kind: str
    old: Doc
    new: Doc
    target: Span
    truth: str  # "kept" | "changed" | "orphaned"
    truth_span: Span | None
    bystanders: list[Span] = field(default_factory=list)


def load_articles() -> list[Doc]:
    docs = []
    next_id = 0
    for path in ARTICLE_FILES:
        text = normalize_text(path.read_text(encoding="utf-8"))
        paragraphs: dict[int, list[Sent]] = defaultdict(list)
        for span in segment(text):
            paragraphs[span.paragraph].append(Sent(next_id, text[span.start : span.end]))
            next_id += 1
        docs.append([paragraphs[k] for k in sorted(paragraphs)])
    return docs


def render(doc: Doc) -> tuple[str, dict[int, int]]:
    """Return the normalized text of a document and each sentence's start offset."""
    pieces, starts, offset = [], {}, 0
    for p, paragraph in enumerate(doc):
        if p:
            pieces.append("\n\n")
            offset += 2
        for k, sent in enumerate(paragraph):
            if k:
                pieces.append(" ")
                offset += 1
            starts[sent.sid] = offset
            pieces.append(sent.text)
            offset += len(sent.text)
    return "".join(pieces), starts


def copy(doc: Doc) -> Doc:
    return [[Sent(s.sid, s.text) for s in paragraph] for paragraph in doc]


def sentences(doc: Doc) -> list[Sent]:
    return [s for paragraph in doc for s in paragraph]


def find(doc: Doc, sid: int) -> tuple[int, int]:
    for p, paragraph in enumerate(doc):
        for k, sent in enumerate(paragraph):
            if sent.sid == sid:
                return p, k
    raise KeyError(sid)


def words_of(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", text)]


def pick_claim(rng: random.Random, sent: Sent, must_hold: tuple[int, int] | None = None) -> Span:
    """Return a whole-sentence claim or a run of 3-10 words, holding ``must_hold``."""
    spans = words_of(sent.text)
    if rng.random() < 0.4 or len(spans) < 5:
        return Span(sent.sid, 0, len(sent.text))
    size = rng.randint(3, min(10, len(spans)))
    if must_hold is None:
        first = rng.randint(0, len(spans) - size)
    else:
        holder = next(k for k, (s, e) in enumerate(spans) if s <= must_hold[0] < e)
        last_holder = next(k for k, (s, e) in enumerate(spans) if s < must_hold[1] <= e)
        size = max(size, last_holder - holder + 1)
        low, high = max(0, last_holder - size + 1), min(holder, len(spans) - size)
        first = rng.randint(low, max(low, high))
    last = min(len(spans) - 1, first + size - 1)
    return Span(sent.sid, spans[first][0], spans[last][1])


def typo(rng: random.Random, word: str) -> str:
    """Return ``word`` with one realistic typing slip (never the same word)."""
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(("drop", "double", "swap", "near"))
    if kind == "drop":
        out = word[:i] + word[i + 1 :]
    elif kind == "double":
        out = word[:i] + word[i] + word[i:]
    elif kind == "swap" and word[i] != word[i + 1]:
        out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    else:
        keys = "qwertyuiopasdfghjklzxcvbnm"
        k = keys.find(word[i].lower())
        near = keys[(k + 1) % len(keys)] if k >= 0 else "e"
        out = word[:i] + near + word[i + 1 :]
    return out if out != word else word[:i] + word[i + 1 :]


class Builder:
    """Makes cases of each edit type from the articles."""

    def __init__(self, rng: random.Random, docs: list[Doc]) -> None:
        self.rng = rng
        self.docs = docs
        self.vocabulary = sorted(
            {w.lower() for d in docs for s in sentences(d) for w in WORD.findall(s.text)}
            - {"not", "no", "never"}
        )
        self.next_sid = 10**6

    def new_sid(self) -> int:
        self.next_sid += 1
        return self.next_sid

    def case(self, kind: str) -> Case | None:
        self.source = self.rng.randrange(len(self.docs))
        doc = copy(self.docs[self.source])
        maker = getattr(self, "make_" + kind.split(" ")[0].replace("-", "_"))
        return maker(kind, doc)

    def target(self, doc: Doc, test=None) -> Sent | None:
        choices = [s for s in sentences(doc) if len(words_of(s.text)) >= 6]
        if test:
            choices = [s for s in choices if test(s)]
        return self.rng.choice(choices) if choices else None

    # Each maker returns a Case (old doc, new doc, target, truth).

    def make_typo(self, kind, doc):
        sent = self.target(doc, lambda s: any(len(w) >= 5 for w in WORD.findall(s.text)))
        if sent is None:
            return None
        candidates = [m for m in WORD.finditer(sent.text) if len(m.group()) >= 5]
        m = self.rng.choice(candidates)
        claim = pick_claim(self.rng, sent, m.span())
        slipped = typo(self.rng, m.group())
        old = copy(doc)
        p, k = find(old, sent.sid)
        old[p][k].text = sent.text[: m.start()] + slipped + sent.text[m.end() :]
        delta = len(slipped) - len(m.group())
        old_claim = Span(sent.sid, claim.a, claim.b + delta)
        return Case(kind, old, doc, old_claim, "kept", claim)

    def make_paragraph(self, kind, doc):
        sent = self.target(doc)
        claim = pick_claim(self.rng, sent)
        new = copy(doc)
        p, _ = find(new, sent.sid)
        if kind == "paragraph inserted":
            other = self.rng.choice([d for k, d in enumerate(self.docs) if k != self.source])
            paragraph = [Sent(self.new_sid(), s.text) for s in self.rng.choice(other)]
            new.insert(self.rng.randint(0, p), paragraph)
            return Case(kind, doc, new, claim, "kept", claim)
        del new[p]
        if not new:
            return None
        return Case(kind, doc, new, claim, "orphaned", None)

    def make_sentence(self, kind, doc):
        sent = self.target(doc)
        claim = pick_claim(self.rng, sent)
        new = copy(doc)
        p, k = find(new, sent.sid)
        moved = new[p].pop(k)
        if kind == "sentence deleted":
            new = [para for para in new if para]
            return Case(kind, doc, new, claim, "orphaned", None)
        flat = [(q, j) for q, para in enumerate(new) for j in range(len(para) + 1)]
        here = flat.index((p, k))
        others = [x for x in range(len(flat)) if x != here]
        q, j = flat[self.rng.choice(others)]
        new[q].insert(j, moved)
        new = [para for para in new if para]
        return Case(kind, doc, new, claim, "kept", claim)

    def make_rewritten(self, kind, doc):
        share = float(kind.split()[-1].rstrip("%")) / 100
        sent = self.target(doc, lambda s: len(WORD.findall(s.text)) >= 8)
        claim = pick_claim(self.rng, sent)
        inside = [m for m in WORD.finditer(sent.text, claim.a, claim.b)]
        if len(inside) < 4:
            claim = Span(sent.sid, 0, len(sent.text))
            inside = list(WORD.finditer(sent.text))
        count = max(1, round(share * len(inside)))
        chosen = sorted(self.rng.sample(inside, count), key=lambda m: m.start())
        text, delta = sent.text, 0
        for m in chosen:
            word = self.replacement(m.group())
            start, end = m.start() + delta, m.end() + delta
            text = text[:start] + word + text[end:]
            delta += len(word) - len(m.group())
        return self.edited(kind, doc, sent, claim, text, delta)

    def replacement(self, word: str) -> str:
        while True:
            other = self.rng.choice(self.vocabulary)
            if len(other) >= 3 and not one_edit_or_less(other, word.lower()):
                return other.capitalize() if word[:1].isupper() else other

    def make_number(self, kind, doc):
        sent = self.target(doc, lambda s: NUMBER.search(s.text))
        if sent is None:
            return None
        m = self.rng.choice(list(NUMBER.finditer(sent.text)))
        claim = pick_claim(self.rng, sent, m.span())
        figure = m.group()
        if "." in figure:
            new_figure = figure[:-1] + str((int(figure[-1]) + 1) % 10)
        elif self.rng.random() < 0.3:
            new_figure = figure + ".5"
        else:
            new_figure = figure[:-1] + str((int(figure[-1]) + self.rng.randint(1, 8)) % 10)
        text = sent.text[: m.start()] + new_figure + sent.text[m.end() :]
        return self.edited(kind, doc, sent, claim, text, len(new_figure) - len(figure))

    def make_negation(self, kind, doc):
        sent = self.target(doc, lambda s: AUXILIARIES.search(s.text))
        if sent is None:
            return None
        m = self.rng.choice(list(AUXILIARIES.finditer(sent.text)))
        claim = pick_claim(self.rng, sent, m.span())
        text = sent.text[: m.end()] + " not" + sent.text[m.end() :]
        return self.edited(kind, doc, sent, claim, text, 4)

    def edited(self, kind, doc, sent, claim, text, delta) -> Case:
        new = copy(doc)
        p, k = find(new, sent.sid)
        new[p][k].text = text
        return Case(kind, doc, new, claim, "changed", Span(sent.sid, claim.a, claim.b + delta))

    def make_look_alike(self, kind, doc):
        """Delete (or keep) the target sentence and add a look-alike with ``distance``
        other sentences between the target's place and the look-alike."""
        sent = self.target(doc, lambda s: NUMBER.search(s.text) or self.names_in(s))
        if sent is None:
            return None
        claim = pick_claim(self.rng, sent)
        lookalike = Sent(self.new_sid(), self.lookalike_text(sent))
        distance = kind.split("=")[1].split(",")[0].strip()
        keep = kind.endswith("kept")
        new = copy(doc)
        sequence = [s.sid for s in sentences(new)]
        here = sequence.index(sent.sid)
        if not keep:
            p, k = find(new, sent.sid)
            new[p].pop(k)
            sequence.pop(here)
        after = here + 1 if keep else here  # first sequence slot after the target
        if distance == "far":
            spots = [x for x in range(len(sequence) + 1) if min(abs(x - here), abs(x - after)) > 10]
        else:
            d = int(distance)
            spots = [x for x in (here - d, after + d) if 0 <= x <= len(sequence)]
        if not spots:
            return None
        self.insert_at(new, sequence, self.rng.choice(spots), lookalike)
        new = [para for para in new if para]
        if keep:
            return Case(kind, doc, new, claim, "kept", claim)
        return Case(kind, doc, new, claim, "orphaned", None)

    def insert_at(self, doc: Doc, sequence: list[int], slot: int, sent: Sent) -> None:
        """Insert ``sent`` before sentence number ``slot`` of the running sequence: at the
        end of the previous sentence's paragraph or at the start of the next one's."""
        if slot < len(sequence) and (slot == 0 or self.rng.random() < 0.5):
            p, k = find(doc, sequence[slot])
            doc[p].insert(k, sent)
        else:
            p, k = find(doc, sequence[slot - 1])
            doc[p].insert(k + 1, sent)

    def names_in(self, sent: Sent) -> list[re.Match]:
        found = list(re.finditer(r"(?<=\w )[A-Z][a-z]{2,}", sent.text))
        return [m for m in found if m.group().lower() not in {"the", "state", "city"}]

    def lookalike_text(self, sent: Sent) -> str:
        numbers, names = list(NUMBER.finditer(sent.text)), self.names_in(sent)
        if numbers and (not names or self.rng.random() < 0.6):
            m = self.rng.choice(numbers)
            figure = m.group()
            other = figure[:-1] + str((int(figure[-1]) + self.rng.randint(1, 8)) % 10)
            return sent.text[: m.start()] + other + sent.text[m.end() :]
        m = self.rng.choice(names)
        other = self.rng.choice([n for n in NAMES if n != m.group()])
        return sent.text[: m.start()] + other + sent.text[m.end() :]


def one_edit_or_less(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b)) <= 1


EDIT_TYPES = (
    ["typo fixed", "paragraph inserted", "paragraph deleted", "sentence moved"]
    + [f"rewritten {round(share * 100)}%" for share in REWRITE_SHARES]
    + ["number rewritten", "negation added", "sentence deleted"]
    + [f"look-alike d={d}, deleted" for d in LOOKALIKE_DISTANCES]
    + ["look-alike d=3, kept"]
)
MANY = {"typo fixed": 4, "sentence moved": 4}  # x cases: the >= 99% targets need resolution


def add_bystanders(rng: random.Random, case: Case) -> None:
    old_texts = {s.sid: s.text for s in sentences(case.old)}
    new_texts = {s.sid: s.text for s in sentences(case.new)}
    untouched = [
        sid
        for sid, text in old_texts.items()
        if sid != case.target.sid and new_texts.get(sid) == text
    ]
    for sid in rng.sample(untouched, min(BYSTANDERS, len(untouched))):
        case.bystanders.append(pick_claim(rng, Sent(sid, old_texts[sid])))


def build_cases(rng: random.Random, per_type: int) -> list[Case]:
    builder = Builder(rng, load_articles())
    cases = []
    for kind in EDIT_TYPES:
        made = 0
        tries = 0
        while made < per_type * MANY.get(kind, 1) and tries < per_type * 50:
            tries += 1
            case = builder.case(kind)
            if case is None:
                continue
            add_bystanders(rng, case)
            cases.append(case)
            made += 1
    return cases


# ---------------------------------------------------------------------------------------
# "hypothesis": our own re-implementation of the Hypothesis client's quote matcher
# (match-quote.ts with approx-string-match), for comparison only.


def _hyp_match_ends(text: str, pattern: str, max_errors: float) -> list[tuple[int, int]]:
    """approx-string-match findMatchEnds: the ends (exclusive) and error count of the
    lowest-error matches of ``pattern`` in ``text`` with at most ``max_errors`` errors
    (Myers' bit-parallel algorithm; JS blocks of 32 bits become one Python integer)."""
    m = len(pattern)
    if m == 0:
        return []
    max_errors = min(max_errors, m)
    mask, high = (1 << m) - 1, 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    best: list[tuple[int, int]] = []
    for j, char in enumerate(text):
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        if score <= max_errors:
            if score < max_errors:
                best = []
            best.append((j + 1, score))
            max_errors = score  # the library ratchets the threshold down
    return best


def _hyp_approx_search(text: str, pattern: str, max_errors: float) -> list[tuple[int, int, int]]:
    """approx-string-match search(): (start, end, errors) of the lowest-error matches."""
    matches = []
    reversed_pattern = pattern[::-1]
    for end, errors in _hyp_match_ends(text, pattern, max_errors):
        min_start = max(0, end - len(pattern) - errors)
        reversed_text = text[min_start:end][::-1]
        start = end
        for rev_end, _e in _hyp_match_ends(reversed_text, reversed_pattern, errors):
            start = min(start, end - rev_end)
        matches.append((start, end, errors))
    return matches


def _hyp_search(text: str, pattern: str, max_errors: float) -> list[tuple[int, int, int]]:
    """match-quote.ts search(): every exact occurrence, else the approximate matches."""
    exact, at = [], text.find(pattern)
    while at != -1:
        exact.append((at, at + len(pattern), 0))
        at = text.find(pattern, at + 1)
    return exact or _hyp_approx_search(text, pattern, max_errors)


def _hyp_text_score(text: str, pattern: str) -> float:
    if not pattern or not text:
        return 0.0
    return 1 - _hyp_search(text, pattern, len(pattern))[0][2] / len(pattern)


def hypothesis_match(text: str, quote: str, prefix: str, suffix: str, hint: int | None):
    """match-quote.ts matchQuote(): the best-scoring match of ``quote``, or None."""
    if not quote:
        return None
    matches = _hyp_search(text, quote, min(256, len(quote) / 2))
    if not matches:
        return None

    def score(match: tuple[int, int, int]) -> float:
        start, end, errors = match
        quote_score = 1 - errors / len(quote)
        prefix_score = (
            _hyp_text_score(text[max(0, start - len(prefix)) : start], prefix) if prefix else 1.0
        )
        suffix_score = _hyp_text_score(text[end : end + len(suffix)], suffix) if suffix else 1.0
        position_score = 1.0 - abs(start - hint) / len(text) if hint is not None else 1.0
        raw = 50 * quote_score + 20 * prefix_score + 20 * suffix_score + 2 * position_score
        return raw / (50 + 20 + 20 + 2)

    best = max(matches, key=score)  # max keeps the first of equal scores, as the JS sort
    return best[0], best[1]


def hypothesis_anchor(text: str, claim: ClaimQuote) -> tuple[int, int] | None:
    """html.ts anchor(): the position selector if the quote is there, else matchQuote."""
    if text[claim.start : claim.end] == claim.quote:
        return claim.start, claim.end
    return hypothesis_match(text, claim.quote, claim.prefix, claim.suffix, claim.start)


# ---------------------------------------------------------------------------------------
# Scoring.

COLUMNS = ("kept", "changed", "orphaned", "flagged", "silently kept", "wrong place")


def label_found(old_quote: str, new_text: str, span: tuple[int, int]) -> str:
    """Label a plain match: kept if its text is the quote or differs only trivially."""
    found = new_text[span[0] : span[1]]
    if found == old_quote:
        return "kept"
    changes = word_changes(old_quote, (0, len(old_quote)), found, (0, len(found)))
    return "kept" if all(c.trivial for c in changes) else "changed"


def verdict(truth: str, truth_span, label: str | None, span) -> str:
    if label is None or label == "orphaned":
        return "orphaned"
    if truth_span is None or iou(span, truth_span) < 0.5:
        return "wrong place"
    if label == truth:
        return label
    return "flagged" if label == "changed" else "silently kept"


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def run_case(case: Case) -> list[tuple[str, str, str, str]]:
    """Return (group, matcher, truth, verdict) for the target and each bystander."""
    old_text, old_starts = render(case.old)
    new_text, new_starts = render(case.new)
    claims, truths = [], []
    for index, span in enumerate([case.target, *case.bystanders]):
        start = old_starts[span.sid] + span.a
        end = old_starts[span.sid] + span.b
        selector = quote_selector(old_text, start, end)
        claims.append(
            ClaimQuote(index, start, end, selector.exact, selector.prefix, selector.suffix)
        )
        if index == 0:
            truth_span = case.truth_span
            truth = case.truth
        else:
            truth_span, truth = span, "kept"
        absolute = None
        if truth_span is not None:
            base = new_starts[truth_span.sid]
            absolute = (base + truth_span.a, base + truth_span.b)
        truths.append((truth, absolute))
    ours = reanchor_claims(
        old_text, new_text, claims, old_spans=segment(old_text), new_spans=segment(new_text)
    )
    rows = []
    for index, (claim, result) in enumerate(zip(claims, ours, strict=True)):
        group = case.kind if index == 0 else "bystanders (all cases)"
        truth, truth_span = truths[index]
        span = (result.start, result.end)
        rows.append((group, "ours", truth, verdict(truth, truth_span, result.outcome.value, span)))
        found = hypothesis_anchor(new_text, claim)
        label = label_found(claim.quote, new_text, found) if found else None
        rows.append((group, "hypothesis", truth, verdict(truth, truth_span, label, found)))
    return rows


def table(rows, groups: list[str]) -> dict[tuple[str, str], Counter]:
    tally: dict[tuple[str, str], Counter] = defaultdict(Counter)
    truths: dict[str, str] = {}
    for group, matcher, truth, result in rows:
        tally[(group, matcher)][result] += 1
        truths[group] = truth if group.startswith(("byst",)) is False else "kept"
    header = f"{'edit type':<26} {'truth':<9} {'matcher':<11} {'n':>4} " + " ".join(
        f"{c:>13}" for c in COLUMNS
    )
    print(header)
    print("-" * len(header))
    for group in groups:
        for matcher in ("ours", "hypothesis"):
            counts = tally[(group, matcher)]
            n = sum(counts.values())
            cells = " ".join(f"{counts[c]:>13}" for c in COLUMNS)
            print(f"{group:<26} {truths.get(group, ''):<9} {matcher:<11} {n:>4} {cells}")
    return tally


# ---------------------------------------------------------------------------------------
# Timing on a long document.


def long_document(rng: random.Random, docs: list[Doc], count: int, unique: bool) -> str:
    pool = [s.text for d in docs for s in sentences(d)]
    paragraphs, made = [], 0
    while made < count:
        size = min(rng.randint(2, 6), count - made)
        paragraph = []
        for _ in range(size):
            text = rng.choice(pool)
            if unique:  # long reports rarely repeat a sentence word for word
                text = f"{text.rstrip('.')} (section {made})."
            paragraph.append(text)
            made += 1
        paragraphs.append(" ".join(paragraph))
    return "\n\n".join(paragraphs)


def revise(rng: random.Random, text: str, spans, share: float = 0.01) -> str:
    """Add, change, delete and move ``share`` of the sentences each; with share 1, edit
    every sentence that has a "the" (a house-style change across the whole text)."""
    if share >= 1:
        return text.replace(" the ", " THE ")
    sents = [text[s.start : s.end] for s in spans]
    n = len(sents)
    ops = rng.sample(range(n), 4 * int(n * share))
    k = len(ops) // 4
    deleted, changed, moved, added = (set(ops[i * k : (i + 1) * k]) for i in range(4))
    out = []
    moved_texts = [sents[i] for i in sorted(moved)]
    for i, sent in enumerate(sents):
        if i in deleted or i in moved:
            continue
        if i in changed:
            sent = (
                NUMBER.sub(lambda m: m.group() + "1", sent, count=1)
                if NUMBER.search(sent)
                else sent.replace(" the ", " a ", 1)
            )
        out.append(sent)
        if i in added:
            out.append(f"An added sentence number {i} says something new.")
        if moved_texts and rng.random() < 0.02:
            out.append(moved_texts.pop())
    out.extend(moved_texts)
    paragraphs = [" ".join(out[i : i + 4]) for i in range(0, len(out), 4)]
    return "\n\n".join(paragraphs)


def timing(
    rng: random.Random, sentence_count: int, claim_count: int, unique: bool, share: float = 0.01
) -> dict:
    docs = load_articles()
    old_text = long_document(rng, docs, sentence_count, unique)
    started = time.perf_counter()
    old_spans = segment(old_text)
    segment_s = time.perf_counter() - started
    new_text = revise(rng, old_text, old_spans, share)
    new_spans = segment(new_text)
    claims = []
    for index in range(claim_count):
        span = old_spans[rng.randrange(len(old_spans))]
        words = words_of(old_text[span.start : span.end])
        if rng.random() < 0.5 or len(words) < 4:
            start, end = span.start, span.end
        else:
            first = rng.randrange(len(words) - 2)
            start, end = span.start + words[first][0], span.start + words[first + 2][1]
        selector = quote_selector(old_text, start, end)
        claims.append(
            ClaimQuote(index, start, end, selector.exact, selector.prefix, selector.suffix)
        )
    best_align = best_total = best_cpu = float("inf")
    results: list[Reanchored] = []
    for _ in range(3 if share < 1 else 1):
        started, cpu = time.perf_counter(), time.process_time()
        alignment = align(old_text, old_spans, new_text, new_spans)
        aligned = time.perf_counter()
        results = reanchor_claims(old_text, new_text, claims, alignment=alignment)
        done = time.perf_counter()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_align = min(best_align, aligned - started)
        best_total = min(best_total, done - started)
    return {
        "sentences": len(old_spans),
        "new_sentences": len(new_spans),
        "chars": len(old_text),
        "align_s": best_align,
        "total_s": best_total,
        "cpu_s": best_cpu,
        "segment_s": segment_s,
        "outcomes": Counter(r.outcome.value for r in results),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100, help="cases per edit type")
    parser.add_argument("--sentences", type=int, default=50_000)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    cases = build_cases(rng, args.cases)
    rows = [row for case in cases for row in run_case(case)]
    elapsed = time.perf_counter() - started
    print(
        f"Revision corpus: {len(cases)} cases from {len(ARTICLE_FILES)} articles, "
        f"{len(rows) // 2} claims, both matchers in {elapsed:.1f} s\n"
    )
    groups = [*EDIT_TYPES, "bystanders (all cases)"]
    tally = table(rows, groups)
    print(
        "\nflagged = changed where the truth is kept (harmless); silently kept = kept where"
        " the truth is changed; wrong place = attached where the truth has nothing, or to"
        " a span overlapping the truth by less than half."
    )
    for matcher in ("ours", "hypothesis"):
        summary(matcher, tally, groups)
    print()
    for unique in (True, False):
        figures = timing(random.Random(150), args.sentences, args.claims, unique)
        name = "unique" if unique else "repetitive"
        print(
            f"Timing ({name} sentences): {args.claims:,} claims on {figures['sentences']:,}"
            f" sentences ({figures['chars'] / 1e6:.1f} M characters; new version"
            f" {figures['new_sentences']:,} sentences): align {figures['align_s']:.2f} s,"
            f" align + re-anchor {figures['total_s']:.2f} s ({figures['cpu_s']:.2f} s CPU;"
            f" best of 3; segmenting one version took {figures['segment_s']:.2f} s more);"
            f" outcomes {dict(figures['outcomes'])}"
        )
        print(f"bench: reanchor_{args.claims}_claims_{name} {figures['total_s']:.2f} s")
        print(f"bench: reanchor_{args.claims}_claims_{name}_cpu {figures['cpu_s']:.2f} s")
    worst = timing(random.Random(150), args.sentences // 5, args.claims // 5, True, share=1)
    print(
        f"Worst case (every sentence with a 'the' edited): {args.claims // 5:,} claims on"
        f" {worst['sentences']:,} sentences: align {worst['align_s']:.2f} s, align + re-anchor"
        f" {worst['total_s']:.2f} s ({worst['cpu_s']:.2f} s CPU); outcomes"
        f" {dict(worst['outcomes'])}"
    )
    print(f"bench: reanchor_all_edited_{worst['sentences']}_sentences {worst['total_s']:.2f} s")
    return 0


def summary(matcher: str, tally, groups: list[str]) -> None:
    def total(names, column):
        return sum(tally[(g, matcher)][column] for g in names)

    def cases(names):
        return sum(sum(tally[(g, matcher)].values()) for g in names)

    wrong = total(groups, "wrong place")
    silent = total(groups, "silently kept")
    pure = ["sentence moved", "typo fixed"]
    kept_share = 100 * total(pure, "kept") / max(1, cases(pure))
    numbers = ["number rewritten"]
    flagged = 100 * total(numbers, "changed") / max(1, cases(numbers))
    lookalikes = [g for g in groups if g.startswith("look-alike")]
    print(
        f"\n{matcher}: wrong place {wrong} (look-alikes {total(lookalikes, 'wrong place')}),"
        f" silently kept {silent}; moves and typo fixes kept {kept_share:.1f}%;"
        f" rewritten numbers flagged changed {flagged:.1f}%"
    )
    print(f"bench: reanchor_wrong_place_{matcher} {wrong} claims")
    print(f"bench: reanchor_silently_kept_{matcher} {silent} claims")
    print(f"bench: reanchor_moves_typos_kept_{matcher} {kept_share:.1f} %")
    print(f"bench: reanchor_numbers_flagged_{matcher} {flagged:.1f} %")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
