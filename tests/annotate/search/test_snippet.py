from annotate.search.snippet import START, STOP, Part, locator, parts


def test_marked_words_become_hit_parts_and_markup_stays_text():
    marked = f"…the <b>{START}moon{STOP} landing"
    assert parts(marked) == [Part("…the <b>"), Part("moon", True), Part(" landing")]


def test_unbalanced_markers_are_dropped():
    assert parts(f"a{STOP}b{START}c") == [Part("ab"), Part("c", True)]
    assert parts("") == []


def test_locator_ends_with_the_first_match_and_drops_the_ellipsis():
    marked = f"…spent {START}five{STOP} billion on {START}roads{STOP}"
    assert locator(marked) == "spent five"
    assert locator("no match here") == ""
    assert locator(f"{'x' * 100}{START}word{STOP}", width=10) == "xxxxxxword"
