"""Tests for annotate.text.anchor: UTF-16 offsets, quote checks, locating a quote, and
re-anchoring every claim of a version onto the next."""

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotate.text.anchor import (
    BY_MOVE,
    BY_POSITION,
    BY_SELECTOR,
    DELETED,
    EMPTY,
    IN_PLACE,
    NOT_FOUND,
    QUOTE_REMOVED,
    REWRITTEN,
    AnchorMismatch,
    ClaimQuote,
    Outcome,
    QuoteSelector,
    Reanchored,
    Utf16Index,
    check_quote,
    codepoint_to_utf16,
    quote_selector,
    reanchor,
    reanchor_claims,
    utf16_to_codepoint,
)
from annotate.text.diff import align
from annotate.text.segment import segment
from tests.annotate.text.revisions import revisions
from tests.annotate.text.strategies import texts

EMOJI_TEXT = "a😀b\U0001d400c"  # U+1F600 and U+1D400 take two UTF-16 units each


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_utf16_offsets_count_astral_characters_twice():
    """Each character outside the BMP is two UTF-16 units."""
    assert [codepoint_to_utf16(EMOJI_TEXT, i) for i in range(6)] == [0, 1, 3, 4, 6, 7]
    assert [utf16_to_codepoint(EMOJI_TEXT, u) for u in (0, 1, 3, 4, 6, 7)] == list(range(6))


def test_utf16_offset_inside_a_surrogate_pair_is_rejected():
    """An offset between the two halves of a surrogate pair names no character boundary."""
    with pytest.raises(ValueError) as error:
        utf16_to_codepoint(EMOJI_TEXT, 2)
    assert str(error.value) == (
        "UTF-16 offset 2 falls inside a surrogate pair (the character at code point 1)."
    )


def test_offsets_out_of_range_are_rejected():
    """Offsets below zero or past the end raise ValueError with the text's length."""
    with pytest.raises(ValueError) as error:
        utf16_to_codepoint(EMOJI_TEXT, 8)
    assert str(error.value) == "UTF-16 offset 8 is outside the text (UTF-16 length 7)."
    with pytest.raises(ValueError) as error:
        codepoint_to_utf16(EMOJI_TEXT, -1)
    assert str(error.value) == "Code point offset -1 is outside the text (length 5)."


@given(texts)
def test_utf16_index_round_trips_every_boundary(text):
    """Every code-point offset maps to the UTF-16 length of the prefix, and back."""
    index = Utf16Index(text)
    assert index.utf16_length == utf16_len(text)
    for i in range(len(text) + 1):
        assert index.to_utf16(i) == utf16_len(text[:i])
        assert index.to_codepoint(index.to_utf16(i)) == i
    boundaries = {utf16_len(text[:i]) for i in range(len(text) + 1)}
    for u in set(range(index.utf16_length + 1)) - boundaries:
        with pytest.raises(ValueError, match="inside a surrogate pair"):
            index.to_codepoint(u)


def test_check_quote_accepts_matching_text():
    """A quote equal to the text at its offsets passes silently."""
    check_quote("Hello world", 6, 11, "world")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (6, 11, "The quoted text does not match the document at 6\u201311."),
        (30, 40, "Offsets 30\u201340 are outside the document (length 11)."),
        (-1, 3, "Offsets -1\u20133 are outside the document (length 11)."),
        (5, 5, "Offsets 5\u20135 select nothing: the start must be before the end."),
        (8, 2, "Offsets 8\u20132 select nothing: the start must be before the end."),
        ("1", 2, "Offsets '1'\u20132 are not whole numbers."),
    ],
)
def test_check_quote_rejects_bad_offsets_and_quotes(start, end, message):
    """Bad offsets and a quote that differs from the text raise AnchorMismatch."""
    with pytest.raises(AnchorMismatch) as error:
        check_quote("Hello world", start, end, "earth")
    assert str(error.value) == message
    assert isinstance(error.value, ValueError)


def test_quote_selector_keeps_context_on_both_sides():
    """The selector holds the quote and up to `context` characters either side."""
    text = "The quick brown fox jumps"
    assert quote_selector(text, 10, 15, context=4) == QuoteSelector("brown", "ick ", " fox")
    assert quote_selector(text, 0, 3) == QuoteSelector("The", "", " quick brown fox jumps")


def test_reanchor_keeps_the_old_position_when_the_quote_is_still_there():
    """If the text at the old position is the quote, it stays."""
    text = "fox and fox and fox"
    assert reanchor(text, QuoteSelector("fox", "and ", ""), 16) == (16, 19)


def test_reanchor_follows_a_quote_moved_by_an_edit_before_it():
    """Text inserted before the quote shifts it; exact search finds it again."""
    old = "Kim met Trump. The summit failed."
    selector = quote_selector(old, 15, 33)
    new = "In Hanoi, " + old
    assert reanchor(new, selector, 15) == (25, 43)


def test_reanchor_uses_context_to_pick_among_repeats():
    """Of several exact occurrences, the one whose prefix and suffix match wins."""
    old = "peace now. war later. peace talks."
    selector = quote_selector(old, 22, 27, context=6)  # the second "peace"
    new = "peace talks. war later. peace now. peace talks."
    assert reanchor(new, selector, 3) == (35, 40)


def test_reanchor_prefers_the_occurrence_nearest_the_old_position():
    """With no context to tell them apart, the nearest occurrence wins."""
    selector = QuoteSelector("x", "", "")
    assert reanchor("x-x-x-x", selector, 5) == (4, 5)


def test_reanchor_finds_a_slightly_edited_quote_nearby():
    """A quote with a small edit is found by the fuzzy pass near its old place."""
    old = "Intro text. Pyongyang has withered the talks since March. Outro."
    selector = quote_selector(old, 12, 57)
    new = "Intro text, longer. Pyongyang had withered the talks since March. Outro."
    start, end = reanchor(new, selector, 12)
    assert new[start:end] == "Pyongyang had withered the talks since March."


def test_reanchor_gives_up_on_a_lost_quote():
    """A quote that is gone, or changed too much, or empty, is not anchored."""
    text = "Completely different words here."
    assert reanchor(text, QuoteSelector("Pyongyang withered", "", ""), 3) is None
    assert reanchor(text, QuoteSelector("", "", ""), 0) is None


@given(texts, st.data())
def test_reanchor_finds_an_unchanged_quote(text, data):
    """In unchanged text a selector always anchors back to its own offsets."""
    assume(len(text) >= 1)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert reanchor(text, quote_selector(text, start, end), start) == (start, end)


@given(texts, texts, st.data())
def test_reanchor_after_insertion_returns_the_quote(text, inserted, data):
    """After text is inserted before it, the re-anchored span holds the exact quote."""
    assume(len(text) >= 1)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    selector = quote_selector(text, start, end)
    found = reanchor(inserted + text, selector, start)
    assert found is not None
    assert (inserted + text)[found[0] : found[1]] == selector.exact


# ---------------------------------------------------------------------------------------
# Re-anchoring the claims of one version onto the next.

OLD_ARTICLE = (
    "The council met on Tuesday. It approved a budget of 3 million dollars for roads. "
    "Mayor Ortiz said the vote was close.\n\n"
    "Exports fell 4 percent in 2019, the ministry said. Imports rose slightly. "
    "The port will reopen in March."
)


def claim_on(text: str, quote: str, key: object = 0, occurrence: int = 0) -> ClaimQuote:
    """A claim on the ``occurrence``-th ``quote`` in ``text``, as the desk stores it."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    selector = quote_selector(text, start, start + len(quote))
    return ClaimQuote(key, start, start + len(quote), quote, selector.prefix, selector.suffix)


def one(old: str, new: str, quote: str, occurrence: int = 0) -> Reanchored:
    [result] = reanchor_claims(old, new, [claim_on(old, quote, occurrence=occurrence)])
    return result


def test_an_unchanged_version_keeps_every_claim_where_it_was():
    claims = [claim_on(OLD_ARTICLE, q, key=q) for q in ("The council met", "3 million", "March")]
    results = reanchor_claims(OLD_ARTICLE, OLD_ARTICLE, claims)
    assert [r.key for r in results] == ["The council met", "3 million", "March"]
    for claim, result in zip(claims, results, strict=True):
        assert (result.outcome, result.method) == (Outcome.KEPT, BY_POSITION)
        assert (result.start, result.end, result.quote) == (claim.start, claim.end, claim.quote)
        assert result.message == "Kept: the quoted text is unchanged."


def test_a_paragraph_inserted_before_shifts_the_claims():
    new = "A new first paragraph. It is long.\n\n" + OLD_ARTICLE
    result = one(OLD_ARTICLE, new, "Imports rose slightly.")
    assert result.outcome is Outcome.KEPT and result.method == BY_POSITION
    assert new[result.start : result.end] == "Imports rose slightly."
    assert result.start == OLD_ARTICLE.index("Imports") + len(
        "A new first paragraph. It is long.\n\n"
    )
    assert result.prefix == new[result.start - 32 : result.start]


def test_a_moved_sentence_takes_its_claims_along():
    moved = "Mayor Ortiz said the vote was close."
    new = OLD_ARTICLE.replace(" " + moved, "") + " " + moved
    result = one(OLD_ARTICLE, new, "the vote was close")
    assert (result.outcome, result.method) == (Outcome.KEPT, BY_MOVE)
    assert new[result.start : result.end] == "the vote was close"
    assert result.start > new.index("March")
    assert result.message == "Kept: the sentence moved; the quoted text is unchanged."


def test_a_typo_fixed_inside_the_quote_is_kept_with_the_correction():
    old = OLD_ARTICLE.replace("approved a budget", "aproved a budget")
    result = one(old, OLD_ARTICLE, "It aproved a budget")
    assert (result.outcome, result.method) == (Outcome.KEPT, IN_PLACE)
    assert result.quote == "It approved a budget"
    [fix] = result.changes
    assert (fix.old, fix.new, fix.trivial) == ("aproved", "approved", True)
    assert result.message == (
        "Kept, with corrections in the new version: "
        "\u201caproved\u201d \u2192 \u201capproved\u201d."
    )


def test_a_corrected_number_is_changed_with_the_old_and_new_words():
    """The issue's example: the article now says 3.1 million."""
    new = OLD_ARTICLE.replace("3 million", "3.1 million")
    result = one(OLD_ARTICLE, new, "a budget of 3 million dollars")
    assert (result.outcome, result.method) == (Outcome.CHANGED, IN_PLACE)
    assert result.quote == "a budget of 3.1 million dollars"
    assert result.kinds == ("number",)
    [change] = result.changes
    assert (change.old_phrase, change.new_phrase) == ("3 million", "3.1 million")
    assert result.message == (
        "The article now says \u201ca budget of 3.1 million dollars\u201d; the claim was checked "
        "against \u201ca budget of 3 million dollars\u201d."
    )
    whole = one(OLD_ARTICLE, new, "It approved a budget of 3 million dollars for roads.")
    assert whole.outcome is Outcome.CHANGED
    assert whole.quote == "It approved a budget of 3.1 million dollars for roads."


@pytest.mark.parametrize(
    ("edit", "quote", "kinds"),
    [
        (("Mayor Ortiz", "Mayor Pike"), "Mayor Ortiz said the vote was close.", ("name",)),
        (("in March", "in April"), "The port will reopen in March.", ("date",)),
        (("vote was close", "vote was not close"), "the vote was close", ("negation",)),
        (("in 2019", "in 2019.5"), "percent in 2019", ("number", "date")),
    ],
)
def test_names_dates_negations_and_figures_are_flagged(edit, quote, kinds):
    result = one(OLD_ARTICLE, OLD_ARTICLE.replace(*edit), quote)
    assert result.outcome is Outcome.CHANGED
    assert result.kinds == kinds


def test_a_figure_changed_beside_an_unchanged_quote_flags_the_claim():
    """The quote is the same words, but the sentence now says something else about it."""
    new = OLD_ARTICLE.replace("fell 4 percent", "fell 6 percent")
    result = one(OLD_ARTICLE, new, "the ministry said")
    assert result.outcome is Outcome.CHANGED
    assert result.quote == "the ministry said" and not result.changes
    [context] = result.context_changes
    assert (context.old, context.new) == ("4", "6")
    assert result.message == (
        "The sentence around the quote now says \u201c6 percent\u201d "
        "where it said \u201c4 percent\u201d."
    )
    reworded = one(OLD_ARTICLE, OLD_ARTICLE.replace("Exports fell", "Exports dropped"), "4 percent")
    assert reworded.outcome is Outcome.CHANGED  # beside the figure: a qualifier may have changed
    far = one(
        OLD_ARTICLE, OLD_ARTICLE.replace("the ministry said", "the ministry added"), "Exports"
    )
    assert far.outcome is Outcome.KEPT  # plain rewording away from figures keeps the claim


def test_a_quote_is_not_found_inside_a_longer_figure():
    """ "in 2019." is a substring of "in 2019.5." but not the same words."""
    old = "The plan began in 2019. It ended."
    result = one(old, old.replace("2019.", "2019.5."), "began in 2019.")
    assert result.outcome is Outcome.CHANGED


def test_a_deleted_sentence_orphans_its_claims():
    new = OLD_ARTICLE.replace(" Imports rose slightly.", "")
    result = one(OLD_ARTICLE, new, "Imports rose")
    assert (result.outcome, result.method) == (Outcome.ORPHANED, DELETED)
    assert (result.start, result.end, result.quote) == (None, None, "")
    assert result.message == "The sentence was removed in the new version."


@pytest.mark.parametrize("where", ["next sentence", "other paragraph", "start"])
@pytest.mark.parametrize(
    "quote", ["Exports fell 4 percent in 2019, the ministry said.", "the ministry said"]
)
def test_a_look_alike_elsewhere_never_takes_the_claim(where, quote):
    """The sentence was deleted and one like it, with one figure changed, was added
    elsewhere: even a quote that is word for word in the look-alike is orphaned."""
    sentence = "Exports fell 4 percent in 2019, the ministry said."
    lookalike = sentence.replace("4 percent", "5 percent")
    new = OLD_ARTICLE.replace(sentence + " ", "")
    if where == "next sentence":
        new = new.replace("Imports rose slightly.", "Imports rose slightly. " + lookalike)
    elif where == "other paragraph":
        new = new.replace("for roads.", "for roads. " + lookalike)
    else:
        new = lookalike + " " + new
    result = one(OLD_ARTICLE, new, quote)
    assert (result.outcome, result.method) == (Outcome.ORPHANED, DELETED)
    assert new[result.similar[0] : result.similar[1]] == lookalike
    assert result.message == (
        "The sentence was removed in the new version. A similar sentence was added "
        "elsewhere (it differs in a number); it was not attached."
    )


def test_a_look_alike_added_while_the_sentence_stays_changes_nothing():
    sentence = "Exports fell 4 percent in 2019, the ministry said."
    new = OLD_ARTICLE.replace("for roads.", "for roads. " + sentence.replace("4", "5"))
    result = one(OLD_ARTICLE, new, sentence)
    assert result.outcome is Outcome.KEPT
    assert result.start == new.index(sentence)


def test_quoted_words_removed_or_rewritten_orphan_the_claim():
    removed = one(OLD_ARTICLE, OLD_ARTICLE.replace(" for roads", ""), "for roads")
    assert (removed.outcome, removed.method) == (Outcome.ORPHANED, QUOTE_REMOVED)
    old = "Start. The committee met in the town hall on Monday and approved the new road plan."
    new = "Start. The committee met in the town hall on Monday and rejected every single proposal."
    rewritten = one(old, new, "approved the new road plan")
    assert (rewritten.outcome, rewritten.method) == (Outcome.ORPHANED, REWRITTEN)


def test_a_claim_whose_quote_does_not_fit_the_old_text_needs_its_whole_context():
    """A stored quote that is not at its offsets is placed only by quote plus context,
    found once; otherwise it is orphaned."""
    good = claim_on(OLD_ARTICLE, "Imports rose slightly.")
    stale = ClaimQuote("stale", 0, 5, good.quote, good.prefix, good.suffix)
    [placed] = reanchor_claims(OLD_ARTICLE, OLD_ARTICLE, [stale])
    assert (placed.outcome, placed.method, placed.start) == (Outcome.KEPT, BY_SELECTOR, good.start)
    other_context = ClaimQuote("stale", 0, 5, good.quote, "something else ", "")
    [lost] = reanchor_claims(OLD_ARTICLE, OLD_ARTICLE, [other_context])
    assert (lost.outcome, lost.method) == (Outcome.ORPHANED, NOT_FOUND)
    [forged] = reanchor_claims(OLD_ARTICLE, OLD_ARTICLE, [ClaimQuote(1, "0", True, "The", "", "")])
    assert forged.outcome is Outcome.ORPHANED  # no position to trust, "The" is not unique
    [empty] = reanchor_claims(OLD_ARTICLE, OLD_ARTICLE, [ClaimQuote(2, 0, 3, "", "", "")])
    assert (empty.outcome, empty.method) == (Outcome.ORPHANED, EMPTY)


def test_offsets_are_code_points():
    """An astral character counts once, as everywhere in the project."""
    old = "Intro \U0001f600 here. The claim is this one."
    new = "\U0001f600\U0001f600 New start. " + old
    result = one(old, new, "this one")
    assert result.start == old.index("this one") + len("\U0001f600\U0001f600 New start. ")
    assert new[result.start : result.end] == "this one"


def test_an_alignment_for_other_texts_is_refused():
    alignment = align("One. Two.", [(0, 4), (5, 9)], "One.", [(0, 4)])
    with pytest.raises(ValueError, match="other texts"):
        reanchor_claims("One. Three.", "One.", [], alignment=alignment)


def test_results_are_plain_data_for_the_history():
    new = OLD_ARTICLE.replace("3 million", "3.1 million")
    data = one(OLD_ARTICLE, new, "3 million dollars").as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["outcome"] == "changed" and data["kinds"] == ["number"]
    assert data["changes"][0]["old_phrase"] == "3 million"
    assert data["old_quote"] == "3 million dollars" and data["quote"] == "3.1 million dollars"


# Properties: plain sentences of words and figures, so the splitter's cuts are known.
WORDS = ["alpha", "beta", "gamma", "delta", "omega", "talks", "budget", "report", "river"]
sentence = st.builds(
    lambda ws, n: " ".join([ws[0].capitalize(), *ws[1:], str(n)]) + ".",
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=8),
    st.integers(0, 999),
)
article = st.lists(sentence, min_size=3, max_size=12, unique=True)


def join(sentences: list[str]) -> str:
    return " ".join(sentences)


def spans_of(sentences: list[str]) -> list[tuple[int, int]]:
    spans, at = [], 0
    for s in sentences:
        spans.append((at, at + len(s)))
        at += len(s) + 1
    return spans


def claims_in_each(text: str, spans, data) -> list[ClaimQuote]:
    """Draw one claim inside each sentence span, keyed by the sentence's number."""
    claims = []
    for key, (s, e) in enumerate(spans):
        a = data.draw(st.integers(s, e - 1))
        b = data.draw(st.integers(a + 1, e))
        selector = quote_selector(text, a, b)
        claims.append(ClaimQuote(key, a, b, selector.exact, selector.prefix, selector.suffix))
    return claims


@given(texts, st.data())
def test_claims_on_unchanged_text_stay_put(text, data):
    """Any claim that holds part of a sentence is kept at its offsets if nothing changed."""
    spans = segment(text)
    assume(spans)
    span = data.draw(st.sampled_from(spans))
    start = data.draw(st.integers(span.start, span.end - 1))
    end = data.draw(st.integers(start + 1, span.end))
    selector = quote_selector(text, start, end)
    claim = ClaimQuote(0, start, end, selector.exact, selector.prefix, selector.suffix)
    [result] = reanchor_claims(text, text, [claim], old_spans=spans, new_spans=spans)
    assert (result.outcome, result.start, result.end) == (Outcome.KEPT, start, end)


@settings(deadline=None)
@given(article, article, st.data())
def test_results_are_always_consistent(old_sentences, new_sentences, data):
    """Whatever the two versions, every result is well formed: a placed claim's quote is
    the new text at its offsets with its context, a kept one without corrections is word
    for word the old quote, a changed one says what changed, an orphan has no place."""
    mixed = data.draw(st.permutations(old_sentences[: len(old_sentences) // 2] + new_sentences))
    old, new = join(old_sentences), join(mixed)
    claims = claims_in_each(old, spans_of(old_sentences), data)
    results = reanchor_claims(old, new, claims)
    assert [r.key for r in results] == [c.key for c in claims]
    for claim, r in zip(claims, results, strict=True):
        assert r.message
        json.dumps(r.as_dict())
        if r.outcome is Outcome.ORPHANED:
            assert r.start is None and r.quote == ""
            continue
        assert 0 <= r.start < r.end <= len(new)
        assert quote_selector(new, r.start, r.end) == QuoteSelector(r.quote, r.prefix, r.suffix)
        if r.outcome is Outcome.KEPT and not r.changes:
            assert r.quote == claim.quote
        if r.outcome is Outcome.CHANGED:
            assert any(not c.trivial for c in r.changes) or r.context_changes


@settings(deadline=None)
@given(article, st.data())
def test_a_look_alike_at_any_distance_never_takes_the_claim(sentences, data):
    """Delete a sentence and add it back elsewhere (one or more sentences away) with its
    figure changed: its claims are orphaned, whatever part of it they quote."""
    k = data.draw(st.integers(0, len(sentences) - 1))
    target = sentences[k]
    figure = target.rsplit(" ", 1)[1].rstrip(".")
    lookalike = target[: -len(figure) - 1] + str(int(figure) + 1) + "."
    assume(lookalike not in sentences)
    rest = sentences[:k] + sentences[k + 1 :]
    slots = [x for x in range(len(rest) + 1) if x != k]  # k: the same place
    slot = data.draw(st.sampled_from(slots))
    new_sentences = [*rest[:slot], lookalike, *rest[slot:]]
    old, new = join(sentences), join(new_sentences)
    s, e = spans_of(sentences)[k]
    a = data.draw(st.integers(s, e - 1))
    b = data.draw(st.integers(a + 1, e))
    selector = quote_selector(old, a, b)
    claim = ClaimQuote(0, a, b, selector.exact, selector.prefix, selector.suffix)
    [result] = reanchor_claims(
        old, new, [claim], old_spans=spans_of(sentences), new_spans=spans_of(new_sentences)
    )
    assert result.outcome is Outcome.ORPHANED


@settings(deadline=None)
@given(article, st.data())
def test_moves_and_insertions_keep_every_claim_word_for_word(sentences, data):
    """Sentences moved around and new ones added: every claim is kept on the same words."""
    order = data.draw(st.permutations(range(len(sentences))))
    added = data.draw(st.lists(sentence, max_size=3))
    assume(not set(added) & set(sentences))
    new_sentences = [sentences[i] for i in order] + added
    new_sentences = data.draw(st.permutations(new_sentences))
    old, new = join(sentences), join(new_sentences)
    claims = claims_in_each(old, spans_of(sentences), data)
    results = reanchor_claims(
        old, new, claims, old_spans=spans_of(sentences), new_spans=spans_of(new_sentences)
    )
    for claim, r in zip(claims, results, strict=True):
        assert r.outcome is Outcome.KEPT
        sentence_index = next(
            i for i, (s, e) in enumerate(spans_of(sentences)) if s <= claim.start < e
        )
        new_start = spans_of(new_sentences)[new_sentences.index(sentences[sentence_index])][0]
        assert r.start == new_start + claim.start - spans_of(sentences)[sentence_index][0]
        assert r.quote == claim.quote


@settings(max_examples=150, deadline=None)
@given(revisions(), st.data())
def test_a_sentence_still_there_word_for_word_keeps_its_claims(revision, data):
    """After any mix of edits, a claim whose sentence (unique in the old version) is in
    the new version once, word for word, is kept on the same words there; every other
    result is well formed."""
    old, new = revision
    spans = segment(old)
    span = data.draw(st.sampled_from(spans))
    start = data.draw(st.integers(span.start, span.end - 1))
    end = data.draw(st.integers(start + 1, span.end))
    selector = quote_selector(old, start, end)
    claim = ClaimQuote(0, start, end, selector.exact, selector.prefix, selector.suffix)
    [result] = reanchor_claims(old, new, [claim], old_spans=spans, new_spans=segment(new))
    sentence = old[span.start : span.end]
    if old.count(sentence) == 1 and new.count(sentence) == 1:
        at = new.index(sentence)
        assert result.outcome is Outcome.KEPT
        assert result.start == at + start - span.start and result.quote == claim.quote
    if result.outcome is not Outcome.ORPHANED:
        assert new[result.start : result.end] == result.quote


def test_a_claim_over_two_sentences_follows_both():
    """Shifted together: kept. One of them edited: changed. One of them gone: changed,
    with the removed words shown."""
    quote = "Imports rose slightly. The port will reopen in March."
    shifted = one(OLD_ARTICLE, "New opening line.\n\n" + OLD_ARTICLE, quote)
    assert (shifted.outcome, shifted.quote) == (Outcome.KEPT, quote)
    edited = one(OLD_ARTICLE, OLD_ARTICLE.replace("in March", "in May"), quote)
    assert edited.outcome is Outcome.CHANGED and edited.kinds == ("date",)
    assert edited.quote == "Imports rose slightly. The port will reopen in May."
    cut = one(OLD_ARTICLE, OLD_ARTICLE.replace(" Imports rose slightly.", ""), quote)
    assert cut.outcome is Outcome.CHANGED
    assert cut.quote == "The port will reopen in March."
    assert [(c.old, c.new) for c in cut.changes] == [("Imports rose slightly.", "")]
