"""Tests for annotate.ingest.language, and each reader's language wired to the splitter."""

from __future__ import annotations

import pytest

from annotate.ingest import html, language, markdown, txt
from annotate.text.segment import segment

ARABIC = (
    "أعلنت بلدية المدينة يوم الثلاثاء عن خطة جديدة لإصلاح شبكة المياه. وقال رئيس البلدية إن "
    "الأعمال ستبدأ في الربيع المقبل؟ لم يحدد موعدا نهائيا. "
    "وتقول الأسر إن الانقطاعات تتكرر كل أسبوع."
)
FRENCH = (
    "Le conseil municipal a adopté mardi le budget de la ville. Le maire a défendu, p. ex. "
    "au chap. 3 du rapport, la hausse des tarifs de la cantine. Les parents d'élèves ont "
    "annoncé une réunion publique pour le 4 mars."
)
CHINESE = (
    "三月七日上午八时，滨江市地铁三号线正式开通运营。据市地铁公司统计，开通首日全线客流达到十万三千人次。"
    "部分乘客反映，早高峰时段换乘站人流拥挤！地铁公司称将调整发车间隔。"
)
GERMAN = (
    "Der Stadtrat hat am 3. Mai den Haushalt beschlossen. Der Oberbürgermeister verteidigte "
    "die höheren Kita-Gebühren, z. B. nach Abs. 3 der Satzung. Die Opposition kritisierte "
    "die Verschiebung der Sanierung des Hallenbads."
)
ARTICLES = {"ar": ARABIC, "fr": FRENCH, "zh": CHINESE, "de": GERMAN}


@pytest.mark.parametrize(("code", "text"), ARTICLES.items())
def test_the_text_tells_its_language(code: str, text: str) -> None:
    assert language.choose(None, [text]) == code
    assert txt.parse(text).language == code
    assert markdown.parse(text).language == code


@pytest.mark.parametrize(("code", "text"), ARTICLES.items())
def test_a_page_without_declared_language_is_detected(code: str, text: str) -> None:
    page = f"<html><body><article><h1>Titel</h1><p>{text}</p><p>{text}</p></article></body></html>"
    assert html.parse(page).language == code


def test_metadata_comes_first_even_when_a_close_language_is_guessed() -> None:
    """A page that says Dutch stays Dutch, whatever the detector thinks of a short text."""
    assert language.choose("nl-BE", [GERMAN]) == "nl"
    assert language.choose("de_AT", [GERMAN]) == "de"


def test_metadata_in_the_wrong_script_gives_way_to_the_text() -> None:
    """A template's lang="en" on a page written in Arabic script is plainly wrong."""
    assert language.choose("en", [ARABIC]) == "ar"
    assert language.choose("en", [CHINESE]) == "zh"


def test_too_little_text_keeps_the_default() -> None:
    assert language.choose(None, ["12 345"]) == "en"
    assert language.choose(None, []) == "en"
    assert language.choose("", ["Hi"]) == "en"


def test_each_language_is_split_with_its_own_rules() -> None:
    """The detected code goes to the splitter: its abbreviations and sentence marks."""

    def count(code: str, rules: str) -> int:
        return len(segment(ARTICLES[code], rules))

    detected = {code: language.choose(None, [text]) for code, text in ARTICLES.items()}
    assert {code: count(code, detected[code]) for code in ARTICLES} == {
        "ar": 4,  # "؟" ends a sentence as "." does.
        "fr": 3,  # "p. ex." and "chap." do not.
        "zh": 4,  # "。" and "！" end sentences without a space.
        "de": 3,  # Nor do "3. Mai", "z. B." and "Abs.".
    }
    assert count("fr", "en") > 3 and count("de", "en") > 3  # English rules would split them.
