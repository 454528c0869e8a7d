"""Terms for matching: numbers by value, stems across inflections and accents, negations kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.matching.tokens import fold, index_terms, language_code, number_value, terms


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("3.4", "3.4"),
        ("3,4", "3.4"),
        ("3,400", "3400"),
        ("3 400", "3400"),
        ("3\u202f400", "3400"),
        ("1.234.567", "1234567"),
        ("1,234.5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("007", "7"),
        ("12.50", "12.5"),
        ("0.0", "0"),
    ],
)
def test_numbers_are_compared_by_value_whatever_the_locale_writes(raw, value):
    assert number_value(raw) == value


def test_english_terms_stem_and_drop_stop_words_but_keep_negations():
    assert terms("Unemployment did not fall to 3.4% in March 2023, says Biden's office.") == [
        "unemploy",
        "not",
        "fall",
        "3.4",
        "march",
        "2023",
        "biden",
        "offic",
    ]


def test_french_terms_stem_before_accents_are_folded_and_elisions_go():
    assert terms("Le chômage n'a pas baissé à 3,4 % l'an dernier", "fr-FR") == [
        "chomag",
        "pas",
        "baiss",
        "3.4",
        "an",
        "derni",
    ]


def test_inflections_and_case_meet():
    assert terms("Elections") == terms("election") == terms("ELECTIONS")
    assert terms("élections", "fr") == ["elect"]


def test_unspaced_scripts_become_character_pairs():
    assert terms("失业率下降到3.4%", "zh") == ["失业", "业率", "率下", "下降", "降到", "3.4"]
    assert terms("率", "zh") == ["率"]


def test_unknown_languages_are_not_stemmed_but_still_folded():
    assert terms("Ìgbìmọ̀ ìjọba", "yo") == ["igbimo", "ijoba"]


def test_index_terms_is_the_space_joined_form():
    assert index_terms("Vaccines cause autism") == "vaccin caus autism"


def test_language_code_and_fold():
    assert language_code("pt-BR") == "pt"
    assert language_code("") == "en"
    assert language_code(None) == "en"
    assert fold("Ｃａｆé") == "cafe"


@given(st.text(max_size=200), st.sampled_from(["en", "fr", "es", "de", "zh", "xx", ""]))
def test_terms_never_fail_and_have_no_spaces(text, language):
    for term in terms(text, language):
        assert term and " " not in term
