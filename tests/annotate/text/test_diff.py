"""Tests for annotate.text.diff: sentence alignment of two versions and the diff rows."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.text import diff
from annotate.text.diff import Kind, align, document_diff, equal_pairs
from annotate.text.segment import segment
from tests.annotate.text.revisions import revisions

OLD = (
    "Alpha opens the story. Beta says 3 million people voted. Gamma will be cut.\n\n"
    "Delta moves to the end. Epsilon stays put."
)
NEW = (
    "Alpha opens the story. Beta says 3.1 million people voted. A new line arrives.\n\n"
    "Epsilon stays put. Delta moves to the end."
)


def aligned(old: str, new: str) -> diff.Alignment:
    return align(old, segment(old), new, segment(new))


def test_alignment_tells_kept_changed_deleted_inserted_and_moved():
    """Each old sentence is kept, changed in place, deleted or moved; each new one too."""
    al = aligned(OLD, NEW)
    assert al.old_kind == [Kind.EQUAL, Kind.CHANGED, Kind.DELETED, Kind.MOVED, Kind.EQUAL]
    assert al.old_new == [(0, 1), (1, 2), None, (4, 5), (3, 4)]
    assert al.new_kind == [Kind.EQUAL, Kind.CHANGED, Kind.INSERTED, Kind.EQUAL, Kind.MOVED]
    assert al.old_at == {3: NEW.index("Delta")}
    assert al.counts == {"equal": 2, "moved": 1, "changed": 1, "deleted": 1, "inserted": 1}


def test_document_diff_rows_carry_word_changes():
    """Rows follow the new version, removed sentences where they were; a changed row
    holds its word changes, a moved sentence shows at both places."""
    rows = document_diff(OLD, segment(OLD), NEW, segment(NEW)).rows
    assert [(r.kind.value, r.old, r.new, r.moved_away) for r in rows] == [
        ("equal", (0, 1), (0, 1), False),
        ("changed", (1, 2), (1, 2), False),
        ("deleted", (2, 3), None, False),
        ("moved", (3, 4), (4, 5), True),
        ("inserted", None, (2, 3), False),
        ("equal", (4, 5), (3, 4), False),
        ("moved", (3, 4), (4, 5), False),
    ]
    [change] = rows[1].changes
    assert (change.old_phrase, change.new_phrase, change.kinds) == (
        "3 million",
        "3.1 million",
        ("number",),
    )
    assert NEW[change.new_start : change.new_end] == "3.1"


def test_hunks_collapse_unchanged_sentences():
    """Unchanged rows beyond the context are counted, not shown."""
    old = " ".join(f"Sentence number {w} is here." for w in "abcdefghij")
    new = old.replace("number e is", "number E was")
    hunks = document_diff(old, segment(old), new, segment(new)).hunks(context=1)
    [hunk] = hunks
    assert hunk.skipped_before == 3
    assert [r.kind.value for r in hunk.rows] == ["equal", "changed", "equal"]
    assert document_diff(old, segment(old), old, segment(old)).hunks() == []


def test_word_diffs_stop_at_the_budget():
    """Past max_word_diffs, changed rows have changes=None (the view shows whole
    sentences), so a diff of a huge rewrite stays bounded."""
    old = " ".join(f"Line {w} says one thing." for w in "abcdef")
    new = old.replace("one thing", "another thing")
    rows = document_diff(old, segment(old), new, segment(new), max_word_diffs=2).rows
    changed = [r for r in rows if r.kind is Kind.CHANGED]
    assert len(changed) == 6
    assert [r.changes is None for r in changed] == [False, False, True, True, True, True]


def test_a_look_alike_elsewhere_is_not_paired_but_remembered():
    """A removed sentence that reappears elsewhere with one figure changed is deleted,
    with the look-alike kept as a hint."""
    old = "One opens. Exports fell 3 percent in 2018. Two follows. Three ends."
    new = "One opens. Two follows. Exports fell 4 percent in 2018. Three ends."
    al = aligned(old, new)
    assert al.old_kind[1] is Kind.DELETED
    assert al.new_kind[2] is Kind.INSERTED
    assert al.similar == {1: 2}


def test_a_moved_sentence_with_a_typo_fixed_is_a_move():
    old = "One opens. The goverment said yes. Two follows. Three ends."
    new = "One opens. Two follows. Three ends. The government said yes."
    al = aligned(old, new)
    assert al.old_kind[1] is Kind.MOVED and al.old_new[1] == (3, 4)
    assert 1 not in al.old_at  # not verbatim: claims there are re-read word by word


def test_a_sentence_split_in_two_is_one_change():
    """One sentence cut into two pairs with both (1:2); two joined pair with one."""
    old = "Start here. The council met on Tuesday and it approved the budget. End here."
    new = "Start here. The council met on Tuesday. It approved the budget. End here."
    al = aligned(old, new)
    assert al.old_kind[1] is Kind.CHANGED and al.old_new[1] == (1, 3)
    back = aligned(new, old)
    assert back.old_new[1] == back.old_new[2] == (1, 2)


def test_near_ties_leave_sentences_unpaired():
    """Two added sentences equally like a removed one: neither is paired."""
    old = "Start here. Exports fell sharply last year. End here."
    new = (
        "Start here. Exports fell sharply last spring. Exports fell sharply last summer. End here."
    )
    al = aligned(old, new)
    assert al.old_kind[1] is Kind.DELETED


def test_spans_that_do_not_fit_are_refused():
    with pytest.raises(ValueError) as error:
        align("short", [(0, 9)], "short", [(0, 5)])
    assert str(error.value) == (
        "Sentence 0 of the old version (0\u20139) is not a span of its text in order "
        "(text length 5)."
    )
    with pytest.raises(ValueError, match="Sentence 1 of the new version"):
        align("a b", [(0, 1)], "a b", [(2, 3), (0, 1)])


def test_empty_versions_align():
    al = align("", [], "New text.", [(0, 9)])
    assert al.old_kind == [] and al.new_kind == [Kind.INSERTED]
    assert [r.kind for r in document_diff("", [], "New text.", [(0, 9)]).rows] == [Kind.INSERTED]


def test_repetitive_gaps_take_the_greedy_walk(monkeypatch):
    """Without unique sentences a large gap is walked greedily: still in order, still
    equal, bounded by the resync window."""
    monkeypatch.setattr(diff, "DIFFLIB_CELLS", 10)
    a = ["x", "y", "z"] * 200
    b = list(a)
    del b[100]
    b.insert(300, "new")
    pairs = equal_pairs(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert pairs == sorted(pairs) and len({j for _i, j in pairs}) == len(pairs)
    assert len(pairs) >= len(a) - 3


def assert_accounted(result: diff.DocumentDiff) -> diff.Alignment:
    """Check that the rows show each old sentence once (kept, changed, deleted or moved
    away) and each new one once (kept, changed, inserted or moved), and that every word
    change points into both texts."""
    al = result.alignment
    old_seen: list[int] = []
    new_seen: list[int] = []
    for row in result.rows:
        if row.old and (row.kind is not Kind.MOVED or row.moved_away):
            old_seen.extend(range(*row.old))
        if row.new and not row.moved_away:
            new_seen.extend(range(*row.new))
        for change in row.changes or ():
            assert al.old_text[change.old_start : change.old_end] == change.old
            assert al.new_text[change.new_start : change.new_end] == change.new
    assert sorted(old_seen) == list(range(len(al.old_kind)))
    assert sorted(new_seen) == list(range(len(al.new_kind)))
    return al


sentence_texts = st.lists(st.sampled_from([f"Sentence {w} here." for w in "abcdefgh"]), max_size=14)


@settings(max_examples=60, deadline=None)
@given(sentence_texts, sentence_texts)
def test_every_sentence_is_accounted_for_once(old_sentences, new_sentences):
    """In any diff, each old sentence shows once as kept/changed/deleted/moved away and
    each new one once as kept/changed/inserted/moved; kept pairs have the same text and
    keep their order."""
    old, new = " ".join(old_sentences), " ".join(new_sentences)
    al = assert_accounted(document_diff(old, segment(old), new, segment(new)))
    equal = [(i, al.old_new[i][0]) for i, k in enumerate(al.old_kind) if k is Kind.EQUAL]
    assert all(al.old_sentence(i) == al.new_sentence(j) for i, j in equal)
    assert [j for _i, j in equal] == sorted(j for _i, j in equal)


@settings(max_examples=150, deadline=None)
@given(revisions())
def test_revisions_account_for_every_sentence_once(revision):
    """Whatever the edits, the rows show each sentence of each version exactly once and
    a changed row's word changes point into both texts."""
    old, new = revision
    al = assert_accounted(document_diff(old, segment(old), new, segment(new)))
    for i, kind in enumerate(al.old_kind):
        target = al.old_new[i]
        assert (target is None) == (kind is Kind.DELETED)
        if i in al.old_at:
            at = al.old_at[i]
            assert new[at : at + len(al.old_sentence(i))] == al.old_sentence(i)
