"""Tests for annotate.text.words: tokens, word alignment, and how changes are classified."""

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.text import words
from annotate.text.words import WordDiff, inside_token, tokens, word_changes
from tests.annotate.text.strategies import texts


def changes(old: str, new: str, known=None) -> list[words.Change]:
    return word_changes(old, (0, len(old)), new, (0, len(new)), known)


def test_tokens_are_words_numbers_and_single_marks():
    """Numbers keep their inner separators; words their apostrophes and hyphens."""
    text = "Kim's aide said 3,000.5 don't; Jae-in (U.S.)"
    assert [text[s:e] for s, e in tokens(text)] == [
        "Kim's", "aide", "said", "3,000.5", "don't", ";", "Jae-in", "(", "U", ".", "S", ".", ")",
    ]  # fmt: skip


@given(texts)
def test_tokens_cover_every_non_space_character_once(text):
    """Tokens are in order, non-overlapping, hold no whitespace, and miss no other
    character."""
    spans = tokens(text)
    covered = "".join(text[s:e] for s, e in spans)
    assert covered == "".join(c for c in text if not c.isspace())
    assert all(a[1] <= b[0] for a, b in pairwise(spans))


@given(texts, st.data())
def test_inside_token_agrees_with_tokens(text, data):
    """An offset is inside a token exactly when some token starts before and ends after."""
    offset = data.draw(st.integers(0, len(text)))
    expected = any(s < offset < e for s, e in tokens(text))
    assert inside_token(text, offset) == expected


def test_a_changed_figure_reads_with_its_unit():
    """3 million -> 3.1 million: a number change, shown as the whole figure."""
    [change] = changes("fell by 3 million people", "fell by 3.1 million people")
    assert (change.old, change.new) == ("3", "3.1")
    assert (change.old_phrase, change.new_phrase) == ("3 million", "3.1 million")
    assert change.kinds == ("number",) and not change.trivial
    assert (change.old_start, change.old_end, change.new_start, change.new_end) == (8, 9, 8, 11)


@pytest.mark.parametrize(
    ("old", "new", "kinds"),
    [
        ("rose 4 percent", "rose 5 percent", ("number",)),
        ("a million voters", "a billion voters", ("number",)),
        ("rose 4 percent", "rose about 4 percent", ("number",)),  # a qualifier beside a figure
        ("signed in March", "signed in April", ("date",)),
        ("signed in 2019", "signed in 2020", ("number", "date")),
        ("said Kim Jong Un", "said Moon Jae-in", ("name",)),
        ("the talks have failed", "the talks have not failed", ("negation",)),
        ("they did agree", "they didn't agree", ("negation",)),
        ("the talks were long", "the talks were short", ()),
    ],
)
def test_changes_are_classified_by_what_they_touch(old, new, kinds):
    """Numbers, dates, names and negations are told apart; other rewording has no kind."""
    found = changes(old, new)
    assert found, "a change is found"
    assert tuple(k for k in words.KINDS if any(k in c.kinds for c in found)) == kinds
    assert not any(c.trivial for c in found)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("the goverment said", "the government said"),
        ("the governmnet said", "the government said"),  # two letters swapped
        ("in Pyongyng today", "in Pyongyang today"),  # a name's typo
        ("41 perrcent of voters", "41 percent of voters"),  # a unit word's typo
        ("The Talks", "the talks"),
        ("he said, then", "he said then"),
        ("\u201cyes\u201d", '"yes"'),
    ],
)
def test_case_punctuation_and_one_letter_typos_are_trivial(old, new):
    """A typo fix, a case change or a punctuation change is trivial and has no kind."""
    found = changes(old, new)
    assert found and all(c.trivial and not c.kinds for c in found)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("3 million", "8 million"),  # one character, but a figure
        ("a million", "a billion"),  # one letter, but both are number words
        ("neither nor", "neither not"),  # a negation word
        ("it is ever", "it is never"),
        ("in 3 years", "in 3. years"),  # punctuation beside a figure
    ],
)
def test_small_edits_to_figures_and_negations_are_never_trivial(old, new):
    """One character can change a figure or a negation: never trivial."""
    found = changes(old, new)
    assert found and not any(c.trivial for c in found)


def test_a_word_used_elsewhere_is_not_a_typo():
    """hired -> fired is one letter: a typo fix unless "hired" is a word the texts use
    elsewhere (without a dictionary, that is the limit of what can be told)."""
    assert changes("they hired staff", "they fired staff")[0].trivial
    known = {"hired"}.__contains__
    assert not changes("they hired staff", "they fired staff", known)[0].trivial


def one_edit_brute(a: str, b: str) -> bool:
    """Optimal string alignment distance == 1, by dynamic programming."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        for j in range(len(b) + 1):
            if not i or not j:
                d[i][j] = i + j
                continue
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)] == 1


@given(st.text("abc", max_size=6), st.text("abc", max_size=6))
def test_one_edit_matches_the_edit_distance(a, b):
    """_one_edit is exactly 'optimal string alignment distance 1'."""
    assert words._one_edit(a, b) == one_edit_brute(a, b)


@given(texts)
def test_identical_stretches_have_no_change_and_map_to_themselves(text):
    """Aligning a text with itself changes nothing and maps every offset to itself."""
    diff = WordDiff(text, (0, len(text)), text, (0, len(text)))
    assert diff.changes() == []
    for s, e in tokens(text):
        assert diff.map_start(s) == s and diff.map_end(e) == e


@given(st.lists(st.sampled_from(["alpha", "beta", "3", ",", "Kim"]), max_size=12), st.data())
def test_offsets_map_through_an_insertion(old_words, data):
    """Words inserted at the start shift every mapped offset by exactly their length."""
    old = " ".join(old_words)
    inserted = data.draw(st.sampled_from(["new words ", "x ", ""]))
    new = inserted + old
    diff = WordDiff(old, (0, len(old)), new, (0, len(new)))
    for s, e in tokens(old):
        assert diff.map_start(s) == s + len(inserted)
        assert diff.map_end(e) == e + len(inserted)


def test_long_differing_middles_are_one_replaced_run(monkeypatch):
    """Past MAX_TOKENS the middle is not aligned word by word (bounded cost)."""
    monkeypatch.setattr(words, "MAX_TOKENS", 5)
    old_middle = "alpha shared beta shared gamma shared delta"
    new_middle = "omega shared sigma shared kappa shared zeta"
    old, new = f"same start {old_middle} same end", f"same start {new_middle} same end"
    assert len(changes(old, new)) == 1
    [change] = changes(old, new)
    assert (change.old, change.new) == (old_middle, new_middle)
    monkeypatch.setattr(words, "MAX_TOKENS", 600)
    assert len(changes(old, new)) == 4  # within the bound, word by word
