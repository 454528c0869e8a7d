"""ClaimReview import: one test per shape publishers use, and each kind of bad input."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from annotate.ingest import claimreview
from annotate.ingest.claimreview import (
    Appearance,
    Rating,
    ReferenceCheck,
    read,
    read_html,
    read_json,
)
from annotate.ingest.errors import ImportRejected

DATA = Path(__file__).resolve().parents[2] / "data" / "claimreview"


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


def only(name: str) -> ReferenceCheck:
    result = read(fixture(name), name)
    assert len(result.checks) == 1, result
    return result.checks[0]


def review(**overrides) -> dict:
    """A minimal valid ClaimReview, for the bad-input cases."""
    base = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/1",
        "author": {"@type": "Organization", "name": "Checks"},
        "claimReviewed": "The claim.",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def as_bytes(document) -> bytes:
    return json.dumps(document).encode("utf-8")


# ----------------------------------------------------------------------------- shapes
def test_single_object_with_numbers_person_claimant_and_one_appearance():
    check = only("politifact_single.json")
    assert check == ReferenceCheck(
        claim_reviewed="Says unemployment fell to 4.3% in March 2023.",
        rating=Rating("False", value=1.0, best=6.0, worst=0.0),
        url=(
            "https://www.politifact.example/factchecks/2023/apr/10/maria-okafor/"
            "no-unemployment-did-not-fall-43-march/"
        ),
        outlet="PolitiFact",
        outlet_url="https://www.politifact.example/",
        date=datetime.date(2023, 4, 10),
        claimant="Maria Okafor",
        claimant_type="Person",
        claim_date=datetime.date(2023, 4, 5),
        appearances=(
            Appearance(
                "https://video.example.com/watch?v=okafor-speech",
                headline="Okafor campaign rally, April 5",
            ),
        ),
        language="en",
        headline="No, unemployment did not fall to 4.3% in March",
    )


def test_top_level_array_label_only_ratings_organization_claimant_appearance_array():
    result = read(fixture("fullfact_array.json"), "fullfact_array.json")
    first, second = result.checks
    assert first.rating == Rating(
        "This is roughly right for experienced teachers, but starting salaries have fallen by less."
    )
    assert (first.claimant, first.claimant_type) == ("National Education Union", "Organization")
    assert [a.url for a in first.appearances] == [
        "https://social.example/neu/status/1630",
        "https://www.neu.example/press/pay",
    ]  # firstAppearance repeats the first appearance: kept once
    assert first.date == datetime.date(2023, 3, 2)  # a datetime with an offset
    assert second.claim_reviewed == "Teachers’ starting salaries are the lowest in Europe."
    assert (second.claimant, second.claimant_type) == ("Tom Reyes", "Person")
    assert result.skipped == ()


def test_graph_in_french_with_string_numbers_and_unsafe_appearance_urls_dropped():
    check = only("afp_graph.json")
    assert check.language == "fr"
    assert check.outlet == "AFP Factuel"
    assert check.rating == Rating("Faux", value=1.0, best=5.0, worst=1.0)
    assert check.claim_reviewed.startswith("Les vaccins contre la Covid-19")
    assert [a.url for a in check.appearances] == [
        "https://www.facebook.example/posts/123",
        "http://archive.example/web/2021/https://blog.example/infertilite",
    ]
    assert check.claimant_type == "Organization"


def test_type_as_array_http_context_lists_for_values_and_a_string_claimant():
    check = only("type_array_http_context.json")
    assert check.claim_reviewed == "5G mobile networks spread the coronavirus."
    assert check.rating.label == "Pants on Fire"  # a rating with a name and no alternateName
    assert check.url == "http://checkers.example/2020/5g-coronavirus"
    assert check.outlet == "Checkers Weekly"
    assert (check.claimant, check.claimant_type) == ("Viral Facebook post", "")


def test_data_feed_items_with_an_item_list_and_a_single_item():
    result = read(fixture("datafeed.json"), "feed.json")
    assert [c.outlet for c in result.checks] == ["Africa Check", "Africa Check"]
    zambia, murders = result.checks
    assert zambia.rating == Rating("Correct", value=5.0, best=5.0, worst=1.0)
    assert (zambia.claimant, zambia.claimant_type) == ("Ministry of Health, Zambia", "Organization")
    assert murders.claimant == "Bheki Cele"
    assert murders.rating.value is None


def test_older_creativework_item_vocab_context_prefixed_type_and_value_object():
    check = only("old_creativework.json")
    assert check.claim_reviewed == "Plastic rice made in China is being sold in African markets."
    assert check.language == "en"
    assert check.appearances == (
        Appearance(
            "https://news.example/2017/06/plastic-rice-warning", date=datetime.date(2017, 6, 18)
        ),
    )
    assert check.claimant == "Daily Gazette"


def test_spanish_with_language_object_and_decimal_comma_rating():
    check = only("chequeado_spanish.json")
    assert check.language == "es"
    assert check.rating == Rating("Verdadero", value=4.5, best=5.0)
    assert (
        check.claim_reviewed
        == "“La inflación en la Argentina llegó al 160,9% en noviembre de 2023”"
    )


def test_arabic_review_in_an_array():
    check = only("arabic_misbar.json")
    assert check.language == "ar"
    assert check.outlet == "مسبار"
    assert check.rating.label == "مضلل"


def test_html_page_several_blocks_one_malformed_cdata_wrapped_and_canonical_fallback():
    result = read(fixture("africacheck_page.html"), "page.html")
    assert [c.claim_reviewed for c in result.checks] == [
        "South Africa had more than 200 days of load shedding in 2022.",
        "Eskom lost 1.5 billion rand a day to load shedding.",
    ]
    first, second = result.checks
    # Neither review has a url: the page's canonical URL, then one fragment per review.
    assert first.url == "https://africacheck.example/fact-checks/reports/load-shedding-days-2022"
    assert second.url == first.url + "#claimreview-2"
    assert first.language == "en"  # from <html lang="en-ZA">
    assert first.claimant == "John Steenhuisen"
    assert len(result.skipped) == 1
    assert result.skipped[0].startswith("JSON-LD block 3 of 4 skipped: The file is not valid JSON")


def test_read_detects_html_without_a_file_name():
    result = read(fixture("africacheck_page.html"))
    assert len(result.checks) == 2


def test_html_in_another_encoding_declared_by_meta():
    page = (
        '<html lang="fr"><head><meta charset="windows-1252"><script type="application/ld+json">'
        + json.dumps(review(claimReviewed="Le chômage a baissé.", url="https://a.example/1"))
        + "</script></head></html>"
    )
    check = read_html(page.encode("cp1252")).checks[0]
    assert check.claim_reviewed == "Le chômage a baissé."
    assert check.language == "fr"


def test_json_with_byte_order_mark_and_nested_in_a_webpage():
    document = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "mainEntity": {"@type": "ClaimReview", **review(**{"@context": None})},
    }
    data = b"\xef\xbb\xbf" + as_bytes(document)
    assert read_json(data).checks[0].claim_reviewed == "The claim."


def test_a_numbers_only_rating_keeps_its_value_as_label():
    data = as_bytes(review(reviewRating={"@type": "Rating", "ratingValue": 2, "bestRating": 5}))
    assert read_json(data).checks[0].rating == Rating("2", value=2.0, best=5.0)


def test_claim_text_is_plain_text():
    data = as_bytes(review(claimReviewed="<p>Vaccines &amp; <b>autism</b></p>\n  linked"))
    assert read_json(data).checks[0].claim_reviewed == "Vaccines & autism linked"


def test_publisher_stands_in_for_a_missing_author_then_the_host():
    data = as_bytes(review(author=None, publisher={"@type": "Organization", "name": "Pub"}))
    assert read_json(data).checks[0].outlet == "Pub"
    data = as_bytes(review(author=None))
    assert read_json(data).checks[0].outlet == "checks.example"


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", claimreview.EMPTY),
        (b"   \n", claimreview.EMPTY),
        (b'{"@type": "ClaimReview",', "The file is not valid JSON: Expecting property name"),
        (b'"just a string"', claimreview.NOT_JSON_OBJECT),
        (b'{"@context": "https://schema.org", "@type": "NewsArticle"}', claimreview.NO_CLAIMREVIEW),
        (b"[]", claimreview.NO_CLAIMREVIEW),
    ],
)
def test_unusable_json_is_rejected_with_a_message(data, message):
    with pytest.raises(ImportRejected) as caught:
        read_json(data)
    assert caught.value.message.startswith(message)


def test_invalid_json_message_says_where():
    with pytest.raises(ImportRejected) as caught:
        read_json(b'{\n "a": 1,\n "b": }')
    assert caught.value.message == (
        "The file is not valid JSON: Expecting value (line 3, column 7)."
    )


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"claimReviewed": None}, "it has no claimReviewed text"),
        ({"claimReviewed": "   "}, "it has no claimReviewed text"),
        ({"url": None}, "it has no http(s) URL (claim: The claim.)"),
        ({"url": "javascript:alert(1)"}, "it has no http(s) URL (claim: The claim.)"),
        ({"url": "ftp://checks.example/1"}, "it has no http(s) URL (claim: The claim.)"),
        ({"url": "/relative/path"}, "it has no http(s) URL (claim: The claim.)"),
        ({"reviewRating": None}, "it has no reviewRating with a label (claim: The claim.)"),
        ({"reviewRating": {"@type": "Rating"}}, "it has no reviewRating with a label"),
        ({"@context": "https://example.org/vocab"}, claimreview.FOREIGN_CONTEXT),
    ],
)
def test_a_review_that_cannot_be_used_is_skipped_and_alone_rejects_the_file(overrides, reason):
    bad = review(**overrides)
    with pytest.raises(ImportRejected) as caught:
        read_json(as_bytes(bad))
    assert caught.value.message.startswith(
        "No ClaimReview could be imported. ClaimReview 1 skipped: "
    )
    assert reason in caught.value.message
    # Beside a good review, the bad one is skipped and the good one kept.
    good = review(url="https://checks.example/2")
    result = read_json(as_bytes([bad, good]))
    assert [c.url for c in result.checks] == ["https://checks.example/2"]
    assert len(result.skipped) == 1 and reason in result.skipped[0]


def test_a_repeated_url_is_skipped():
    result = read_json(as_bytes([review(), review(claimReviewed="Another wording.")]))
    assert [c.claim_reviewed for c in result.checks] == ["The claim."]
    assert result.skipped == (
        "ClaimReview 2 skipped: it repeats the URL https://checks.example/1.",
    )


def test_deep_nesting_is_refused():
    document: dict = review()
    for _ in range(claimreview.MAX_DEPTH + 5):
        document = {"@type": "Thing", "about": document}
    with pytest.raises(ImportRejected) as caught:
        read_json(as_bytes(document))
    assert caught.value.message == claimreview.TOO_DEEP


def test_pathologically_deep_json_is_refused_not_crashing():
    with pytest.raises(ImportRejected) as caught:
        read_json(b"[" * 100_000 + b"]" * 100_000)
    assert caught.value.message == claimreview.TOO_DEEP


def test_too_big_and_too_many(monkeypatch):
    monkeypatch.setattr(claimreview, "MAX_BYTES", 100)
    with pytest.raises(ImportRejected) as caught:
        read_json(b" " * 101)
    assert caught.value.message == claimreview.TOO_BIG
    monkeypatch.setattr(claimreview, "MAX_BYTES", 10**9)
    monkeypatch.setattr(claimreview, "MAX_REVIEWS", 2)
    reviews = [review(url=f"https://checks.example/{i}") for i in range(3)]
    with pytest.raises(ImportRejected) as caught:
        read_json(as_bytes(reviews))
    assert caught.value.message == claimreview.TOO_MANY


def test_html_without_json_ld_or_without_claimreview_or_all_malformed():
    with pytest.raises(ImportRejected) as caught:
        read_html(b"<html><body><p>No scripts here.</p></body></html>")
    assert caught.value.message == claimreview.HTML_NO_JSONLD
    page = b'<html><script type="application/ld+json">{"@type": "NewsArticle"}</script></html>'
    with pytest.raises(ImportRejected) as caught:
        read_html(page)
    assert caught.value.message == claimreview.HTML_NO_CLAIMREVIEW
    page = (
        b'<html><script type="application/ld+json">{oops</script>'
        b'<script type="application/ld+json">[1,</script></html>'
    )
    with pytest.raises(ImportRejected) as caught:
        read_html(page)
    assert caught.value.message.startswith(
        "No ClaimReview could be imported. JSON-LD block 1 of 2 skipped: The file is not valid JSON"
    )
    assert "JSON-LD block 2 of 2 skipped" in caught.value.message


def test_empty_page_is_rejected():
    with pytest.raises(ImportRejected) as caught:
        read_html(b"  ")
    assert caught.value.message == claimreview.EMPTY


def test_binary_input_is_rejected_by_the_shared_decoder():
    with pytest.raises(ImportRejected) as caught:
        read_json(bytes(range(256)) * 4)
    assert caught.value.message
