"""Compare sentence splitters on the seed articles: speed and hand-checked boundaries.

Run: /tmp/probe/bin/python bench/segmenters.py [repeats]

Each splitter gets one paragraph at a time (as annotate.text.segment does) and must
return code-point spans into it; whitespace around a span is trimmed. Times are the
best of N runs over a whole article. The correctness table uses passages quoted from
the seeds, with the expected sentence boundaries written by hand (" | " marks them).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pysbd
import sentencex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.text.normalize import normalize_paragraphs  # noqa: E402
from annotate.text.segment import segment  # noqa: E402

SEEDS = {
    "depetris": ROOT / "seeds/depetris-coexist-peacefully-with-north-korea.txt",
    "mott": ROOT / "seeds/mott-normalize-relations-with-north-korea.txt",
}

# (seed, passage with " | " at each expected sentence boundary)
PASSAGES = [
    (
        "depetris",
        "Over the last quarter century, U.S. policy towards North Korea has evolved into "
        "demanding Pyongyang’s complete, verifiable, and irreversible denuclearization. | "
        "Under this approach, as long as the Kim regime is unwilling to part ways with its "
        "nuclear deterrent, a normal relationship between Washington and Pyongyang will have "
        "to wait.",
    ),
    (
        "depetris",
        "Steven Biegun, the Trump administration’s envoy to North Korea, expanded on this new "
        "approach in a speech last month at Stanford University. | “What we’re talking about is "
        "simultaneously looking at ways to improve [U.S.-North Korean] relations [and] looking "
        "at ways to advance a more stable and peaceful and ultimately a more legal peace regime "
        "on the Korean Peninsula,” Biegun said.",
    ),
    (
        "depetris",
        "Yet with an American president more than happy to color outside the lines imposed by "
        "the Washington establishment, the old paradigm may finally be breaking down. | Peace "
        "and reconciliation on the Korean Peninsula, including support for a more normal "
        "U.S.-North Korean bilateral relationship, has at long last become a goal pursued "
        "alongside—or even ahead of—ridding North Korea of its nuclear warheads, plutonium "
        "facilities, and missile production plants.",
    ),
    (
        "depetris",
        "Senior administration officials, from Secretary of State Mike Pompeo to President "
        "Trump himself, are talking more frequently about the importance of transforming the "
        "Korean Peninsula into a zone of opportunity. | U.S. and North Korean officials are in "
        "preliminary discussions about opening up liaison offices in one another’s capitals, as "
        "CNN reported this week. | If that happens, it will be a significant step towards a more "
        "congenial bilateral relationship, one that would have been unthinkable even a year ago.",
    ),
    (
        "depetris",
        "With President Trump and North Korean leader Kim Jong-un two weeks away from their "
        "second summit in eight months, many journalists and experts have focused on the "
        "question of what nuclear concessions the U.S. will secure. | But there is a bigger "
        "story for those willing to see it: after nearly seven decades of mutual distrust, the "
        "U.S. and North Korea may find a way to coexist peacefully. | This is the standard that "
        "will determine whether the current diplomacy can be labeled a success.",
    ),
    (
        "depetris",
        "Tranquility in the U.S.-North Korean relationship is not a point of leverage to be "
        "brandished in pursuit of Pyongyang’s denuclearization, which decades of stalemate have "
        "shown is unrealistic. | On the contrary, peace on the Korean Peninsula should be the "
        "ultimate American foreign policy objective in northeast Asia.",
    ),
    (
        "mott",
        "To have more connections inside the regime would have surely been a net positive "
        "during this recent kerfuffle. | U.S. policymakers would have had more reliable sources "
        "as to what was going on in Pyongyang and would have been better prepared for any "
        "upsets within the structure of the government, which might have changed its approach "
        "toward future diplomacy.",
    ),
    (
        "mott",
        "There are long-term benefits to continue expanding relations with North Korea. | Should "
        "U.S. relations with China continue deteriorating, it becomes more important to defuse "
        "tensions on the Korean peninsula. | Due to geographic proximity, the Chinese would "
        "today hold a strong advantage in any crisis involving the North.",
    ),
    (
        "mott",
        "U.S. diplomacy to Pyongyang is not just about sparing that region from another "
        "destructive land conflict — though that would obviously be the most important benefit "
        "in a worst-case scenario — but would also be a milestone in recognizing how much "
        "geopolitics has changed since the (original) Cold War. | North Korea should not be "
        "viewed as a vassal of Beijing and any willingness it has to negotiate with the United "
        "States should not be ignored.",
    ),
    (
        "mott",
        "Remember: Pyongyang’s paranoia is not just targeted toward the United States. | North "
        "Korea’s leaders must — on some level — view their reliance on China as a threat to "
        "their sovereignty and autonomy of action.",
    ),
    (
        "mott",
        "A global pandemic and ever-more difficult relations between Washington and Beijing "
        "should not distract from continuing and — if possible — expanding upon these ties. | "
        "Indeed, it seems like since the COVID-19 crisis went truly global that talks between "
        "Pyongyang and Washington have withered.",
    ),
    (
        "mott",
        "Regardless of what long-term policy Washington takes vis-à-vis China, however, one "
        "thing that should not change in U.S. foreign policy is the push to normalize relations "
        "with North Korea.",
    ),
]

# Constructed in the seeds' style: harder cases, some that no splitter here gets right.
EXTRA = [
    "The talks stalled in the U.S. | Pyongyang waited.",
    "“Is it over?” he asked. | Nobody answered.",
    "Pompeo said: “Talks resume in Feb. 2019.” | Kim agreed.",
    "It cost $2.5 bn. in aid, i.e. a lot. | Then came Sen. Gardner.",
    "The envoy (Mr. Biegun) spoke at 3 p.m. on Jan. 31. | He was frank.",
    "Was it a success? | Yes — mostly! | The summit ended.",
    "He cited No. 4 of the U.N. resolution. | Critics objected.",
    "“We want peace.” | “We want it now.” | The crowd cheered.",
]

Splitter = Callable[[str], list[tuple[int, int]]]


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return the span without surrounding whitespace, or None if empty."""
    piece = text[start:end]
    if not piece.strip():
        return None
    start += len(piece) - len(piece.lstrip())
    return start, start + len(piece.strip())


def sentencex_spans(text: str) -> list[tuple[int, int]]:
    """Split with sentencex: start_index/end_index are code points (checked below)."""
    found = sentencex.get_sentence_boundaries("en", text)
    return [s for b in found if (s := trimmed(text, b["start_index"], b["end_index"]))]


PYSBD = pysbd.Segmenter(language="en", clean=False, char_span=True)
PYSBD_OFFSET_ERRORS = 0


def pysbd_spans(text: str) -> list[tuple[int, int]]:
    """Split with pysbd; its char spans are re-found in the text when they do not match."""
    global PYSBD_OFFSET_ERRORS
    spans, position = [], 0
    for piece in PYSBD.segment(text):
        start, end = piece.start, piece.end
        if text[start:end] != piece.sent:
            PYSBD_OFFSET_ERRORS += 1
            start = text.find(piece.sent.strip(), position)
            end = start + len(piece.sent.strip())
        position = end
        if span := trimmed(text, start, end):
            spans.append(span)
    return spans


def segment_spans(text: str) -> list[tuple[int, int]]:
    """Split with annotate.text.segment (sentencex plus its offset checks)."""
    return [(s.start, s.end) for s in segment(text)]


SPLITTERS: dict[str, Splitter] = {
    "sentencex": sentencex_spans,
    "pysbd": pysbd_spans,
    "segment()": segment_spans,
}


def article_paragraphs(path: Path) -> list[str]:
    """Return the normalized paragraphs of a seed; each non-blank line is a paragraph."""
    return normalize_paragraphs(path.read_text().splitlines()).split("\n\n")


def best_ms(split: Splitter, paragraphs: list[str], repeats: int) -> tuple[float, int]:
    """Return the best time in ms over ``repeats`` runs, and the sentence count."""
    best, count = float("inf"), 0
    for _ in range(repeats):
        began = time.perf_counter()
        count = sum(len(split(p)) for p in paragraphs)
        best = min(best, time.perf_counter() - began)
    return best * 1000, count


def passage_right(split: Splitter, passage: str) -> bool:
    """Tell whether the splitter finds exactly the hand-marked sentences of a passage."""
    expected = passage.split(" | ")
    text = " ".join(expected)
    return [text[s:e] for s, e in split(text)] == expected


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    articles = {name: article_paragraphs(path) for name, path in SEEDS.items()}
    for name, passage in PASSAGES:
        text = passage.replace(" | ", " ")
        assert any(text in p for p in articles[name]), f"passage not in {name}: {text[:40]}"

    print(f"{'splitter':<10} {'article':<9} {'best ms':>8} {'sentences':>9}")
    mean_ms: dict[str, float] = {}
    for splitter, split in SPLITTERS.items():
        times = []
        for name, paragraphs in articles.items():
            ms, count = best_ms(split, paragraphs, repeats)
            times.append(ms)
            print(f"{splitter:<10} {name:<9} {ms:>8.3f} {count:>9}")
        mean_ms[splitter] = sum(times) / len(times)

    total = len(PASSAGES)
    boundaries = sum(p.count(" | ") for _, p in PASSAGES)
    print(f"\ncorrectness: {total} passages from the seeds, {boundaries} hand-marked boundaries")
    right = {s: [passage_right(f, p) for _, p in PASSAGES] for s, f in SPLITTERS.items()}
    for index, (name, passage) in enumerate(PASSAGES):
        marks = "  ".join("ok " if right[s][index] else "BAD" for s in SPLITTERS)
        print(f"  {index + 1:>2} {name:<9} {marks}  {passage[:48]}...")
    print(f"     {'':<9} " + "  ".join(s[:3] for s in SPLITTERS))
    extra = {s: [passage_right(f, p) for p in EXTRA] for s, f in SPLITTERS.items()}
    print(f"\nconstructed cases ({len(EXTRA)}):")
    for index, passage in enumerate(EXTRA):
        marks = "  ".join("ok " if extra[s][index] else "BAD" for s in SPLITTERS)
        print(f"  {index + 1:>2} {'':<9} {marks}  {passage[:48]}")
    print(f"pysbd char_span offsets that did not match the text: {PYSBD_OFFSET_ERRORS}\n")

    print(f"bench: segment_sentencex_ms {mean_ms['sentencex']:.3f} ms")
    print(f"bench: segment_pysbd_ms {mean_ms['pysbd']:.3f} ms")
    print(f"bench: segment_wrapper_ms {mean_ms['segment()']:.3f} ms")
    print(f"bench: segment_speed_ratio {mean_ms['pysbd'] / mean_ms['sentencex']:.1f} x")
    print(f"bench: segment_sentencex_correct {sum(right['sentencex'])} passages")
    print(f"bench: segment_pysbd_correct {sum(right['pysbd'])} passages")
    print(f"bench: segment_wrapper_correct {sum(right['segment()'])} passages")
    print(f"bench: segment_correct_total {total} passages")
    print(f"bench: segment_sentencex_extra_correct {sum(extra['sentencex'])} cases")
    print(f"bench: segment_pysbd_extra_correct {sum(extra['pysbd'])} cases")
    print(f"bench: segment_extra_total {len(EXTRA)} cases")


if __name__ == "__main__":
    main()
