"""Look-alikes: the facts that clash between two claims that read almost the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.matching.lookalike import Difference, differences, facts


def kinds(query: str, candidate: str, *languages: str) -> dict[str, Difference]:
    return {d.kind: d for d in differences(query, candidate, *languages)}


def test_the_issue_example_returns_the_differing_tokens():
    found = differences("unemployment fell to 3.4%", "unemployment fell to 4.3%")
    assert found == (Difference("percent", ("3.4%",), ("4.3%",)),)
    assert found[0].describe() == "percent: 3.4% here, 4.3% in the fact-check"


@pytest.mark.parametrize(
    ("query", "candidate", "kind", "here", "there"),
    [
        (
            "Nigeria spent $2.5 billion in 2019",
            "Nigeria spent $2.5 billion in 2018",
            "date",
            ("2019",),
            ("2018",),
        ),
        (
            "Crime rose on 3 March 2020",
            "Crime rose on 4 March 2020",
            "date",
            ("3 March 2020",),
            ("4 March 2020",),
        ),
        (
            "The vaccine does not cause infertility",
            "The vaccine causes infertility",
            "negation",
            ("not",),
            (),
        ),
        ("Vaccines don't cause autism", "Vaccines cause autism", "negation", ("n't",), ()),
        ("Biden said taxes went up", "Trump said taxes went up", "name", ("Biden",), ("Trump",)),
        (
            "Unemployment fell to 3.4%",
            "Unemployment rose to 3.4%",
            "direction",
            ("fell",),
            ("rose",),
        ),
        ("Three people died", "Five people died", "number", ("Three",), ("Five",)),
        (
            "Spent 2 million euros",
            "Spent 2 million dollars",
            "amount",
            ("2 million euros",),
            ("2 million dollars",),
        ),
        (
            "10,000 dead people voted",
            "40,000 dead people voted",
            "number",
            ("10,000",),
            ("40,000",),
        ),
        ("The G7 met in Paris", "The G20 met in Paris", "name", ("G7",), ("G20",)),
        (
            "Kenya owes KSh9.4 trillion",
            "Kenya owes 7.4 trillion shillings",
            "amount",
            ("KSh9.4 trillion",),
            ("7.4 trillion shillings",),
        ),
        (
            "The naira slid to N750/$1",
            "The naira slid to 460 to the dollar",
            "number",
            ("N750", "$1"),
            ("460",),
        ),
        ("Forty per cent pay tax", "28% pay tax", "percent", ("Forty per cent",), ("28%",)),
        (
            "The test is unable to find the virus",
            "The test can find the virus",
            "negation",
            ("unable",),
            (),
        ),
        (
            "17,000 beds have been lost",
            "17,000 beds have been added",
            "direction",
            ("lost",),
            ("added",),
        ),
        (
            "Vaccines cause infertility in men",
            "Vaccines cause infertility in women",
            "wording",
            ("men",),
            ("women",),
        ),
        (
            "Okafor voted for funding new schools",
            "Okafor voted against funding new schools",
            "wording",
            (),
            ("against",),
        ),
        (
            "Hot lemon water cures diabetes",
            "Hot lemon water cures cancer",
            "wording",
            ("diabetes",),
            ("cancer",),
        ),
    ],
)
def test_each_kind_of_clash(query, candidate, kind, here, there):
    found = kinds(query, candidate)
    assert kind in found, found
    assert (found[kind].query, found[kind].candidate) == (here, there)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        (
            "Unemployment fell to 3.4% in March 2023",
            "The jobless rate dropped to 3.4 percent last March",
        ),
        ("Nigeria spent $2.5 billion on roads", "Nigeria spent 2,500 million dollars on roads"),
        ("Crime rose 20 percent on 3 March 2020", "Crime rose 20% on March 3, 2020"),
        ("Joe Biden said taxes went up", "Biden said that taxes went up"),
        ("COVID-19 vaccines contain microchips", "Covid vaccines contain microchips"),
        ("Unemployment fell from 3.6% to 3.4%", "Unemployment fell to 3.4%"),  # one side says more
        ("Crime rose in March 2020", "Crime rose in 2020"),  # a month the other leaves out
        ("In May 2021 it may rain", "In May 2021 it may rain heavily"),
        ("Unemployment fell to 3.4% last year", "Unemployment dropped to 3.4% last year"),
        ("The UK pays the EU £350m a week", "The UK pays the EU 350 million pounds a week"),
    ],
)
def test_paraphrases_that_agree_have_no_difference(query, candidate):
    assert differences(query, candidate) == ()


def test_translations_agree_on_numbers_and_names_differ_only_uncertainly():
    assert (
        differences(
            "Unemployment in Germany fell to 3.4%",
            "Le chômage en Allemagne est tombé à 3,4 %",
            "en",
            "fr",
        )
        == ()
    )
    found = differences(
        "Dead people voted in Michigan", "Des morts ont voté en Géorgie", "en", "fr"
    )
    assert found == (Difference("name", ("Michigan",), ("Géorgie",), certain=False),)
    found = differences("Unemployment fell to 3.4%", "Le chômage est tombé à 4,3 %", "en", "fr")
    assert [(d.kind, d.certain) for d in found] == [("percent", True)]
    assert found[0].candidate == ("4,3 %",)
    # Names that open a sentence are not compared across languages.
    assert (
        differences(
            "Hot lemon water cures cancer", "Agua caliente con limón cura el cáncer", "en", "es"
        )
        == ()
    )


def test_french_negation_and_spanish_words():
    assert [
        d.kind for d in differences("Le vaccin ne rend pas stérile", "Le vaccin rend stérile", "fr")
    ] == ["negation"]
    assert kinds("La inflación subió", "La inflación bajó", "es")["direction"].query == ("subió",)


def test_a_wording_difference_is_told_only_when_no_fact_clashes_and_not_across_languages():
    assert [
        d.kind
        for d in differences("Arctic ice grew to 1979 levels", "Antarctic ice grew to 1979 levels")
    ] == ["name"]
    assert (
        differences(
            "Hot lemon water cures diabetes", "Agua caliente con limón cura el cáncer", "en", "es"
        )
        == ()
    )
    # Too few words in common to call it a near-duplicate.
    assert differences("lemons cure diabetes", "vaccines cause autism") == ()


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Labs in the US make weapons", "Labs in the United States make weapons"),
        ("The EU banned three pesticides", "The European Union banned three pesticides"),
        ("Nurses from Nigeria moved to Britain", "Nigerian nurses moved to the UK"),
        ("Using your phone gives you cancer", "Mobile phones give you cancer"),
    ],
)
def test_names_agree_by_alias_initials_and_stem_and_openers_are_uncertain(query, candidate):
    assert all(not d.certain for d in differences(query, candidate))


def test_numbers_in_words_and_loose_negations_are_uncertain():
    (found,) = differences("The worst drought in four decades", "The worst drought in 40 years")
    assert (found.kind, found.certain) == ("number", False)
    assert differences("Over eleven thousand people died", "More than 11,000 people died") == ()
    (found,) = differences(
        "There will be no early May bank holiday this year, a viral post says.",
        "The government has cancelled the May Day bank holiday.",
    )
    assert (found.kind, found.certain) == ("negation", False)
    (found,) = differences("Vaccines do not cause infertility", "Vaccines cause infertility")
    assert (found.kind, found.certain) == ("negation", True)


def test_title_case_text_names_nothing():
    assert [f for f in facts("Unemployment Fell To Record Low In Lagos") if f.kind == "name"] == []


def test_years_are_not_quantities_and_quantities_are_not_years():
    found = facts("Spending rose 2000% in 2019 to $1900 million")
    assert {(f.kind, f.text) for f in found if f.kind in {"date", "percent", "amount"}} == {
        ("percent", "2000%"),
        ("date", "2019"),
        ("amount", "$1900 million"),
    }


_PIECES = st.sampled_from(
    [
        "Unemployment",
        "fell",
        "rose",
        "to",
        "3.4%",
        "4,3 %",
        "in",
        "March",
        "2023",
        "not",
        "Biden",
        "said",
        "$2.5 billion",
        "12",
        "three",
        "women",
        "men",
        "the",
        "Lagos",
        "n't",
        "per cent",
        "KSh9",
        "5G",
        "COVID-19",
        "on 3 May 2020",
        ".",
        "et",
        "ne",
        "pas",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=12).map(" ".join)


@given(_TEXTS, st.sampled_from(["en", "fr"]))
def test_a_text_never_clashes_with_itself(text, language):
    assert differences(text, text, language) == ()


@given(_TEXTS, _TEXTS)
def test_a_clash_is_seen_from_both_sides(a, b):
    forward = {(d.kind, d.query, d.candidate) for d in differences(a, b)}
    backward = {(d.kind, d.candidate, d.query) for d in differences(b, a)}
    assert forward == backward
