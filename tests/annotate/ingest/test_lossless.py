"""Reading the lossless JSON format back: round trips and strict rejection of bad files."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from annotate.export import lossless as export
from annotate.ingest.errors import ImportRejected
from annotate.ingest.lossless import read
from tests.annotate.export.factories import OPTIONS, claim, document, seed_document, seed_names
from tests.annotate.export.strategies import documents

TEXT = "Taxes rose by 40%. Nobody noticed.\n\nThe mayor said so."


def payload() -> dict:
    """A valid file of a small document, as a dict to break."""
    doc = document(TEXT, (claim(TEXT, 0, 17, 1), claim(TEXT, 36, 54, 2, verdict=None)))
    return json.loads(export.render(doc, OPTIONS))


def rejected(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(ImportRejected) as caught:
        read(raw)
    return caught.value.message


@pytest.mark.parametrize("name", seed_names())
def test_seed_documents_round_trip(name):
    """A seed article with claims, exported and read back, is the same DocumentData."""
    doc = seed_document(name)
    assert read(export.render(doc, OPTIONS)) == doc


@settings(deadline=None)  # the machine is shared: no timing in tests
@given(documents())
def test_any_document_round_trips(doc):
    """Any consistent document (hostile text, any offsets, any time zone) round-trips."""
    assert read(export.render(doc, OPTIONS)) == doc


def test_byte_order_mark_is_accepted():
    """A UTF-8 byte-order mark (added by some editors) does not stop the import."""
    doc = document(TEXT)
    assert read(b"\xef\xbb\xbf" + export.render(doc, OPTIONS)) == doc


def test_missing_team_url_takes_its_default():
    """Fields that have a default (added after version 1) may be missing."""
    data = payload()
    del data["team"]["url"]
    assert read(json.dumps(data).encode()).team.url == ""


def test_not_json():
    """Malformed JSON names the parser's complaint and where it is."""
    assert rejected(b'{"format": "factcheck-document",\n "version": 1,}') == (
        "The JSON file is not valid JSON: Expecting property name enclosed in double quotes"
        " at line 2, column 15."
    )


def test_not_utf8():
    """Bytes that are not UTF-8 are named by value and position."""
    assert rejected(b'{"a": "\xff"}') == (
        "The JSON file is not UTF-8 text: byte 0xff at position 7 is not valid UTF-8."
    )


def test_duplicate_keys():
    """A key given twice in one object is refused rather than silently last-wins."""
    assert rejected(b'{"format": 1, "format": 2}') == (
        'The JSON file is not valid JSON: the key "format" appears twice in one object.'
    )


def test_nan():
    """NaN and Infinity are not JSON."""
    assert rejected(b'{"version": NaN}') == (
        "The JSON file is not valid JSON: NaN is not a JSON number."
    )


def test_deep_nesting():
    """Absurd nesting is refused with a message, not a crash."""
    assert rejected(b"[" * 100_000 + b"]" * 100_000) == (
        "The JSON file is not valid JSON: it is nested too deeply."
    )


def test_top_level_not_an_object():
    """A JSON list (or anything but an object) is not our export."""
    assert rejected([1, 2]) == (
        "The JSON file is not a factcheck document export: the top level is not an object."
    )


def test_wrong_format():
    """Another JSON format (say a W3C export) is named as not ours."""
    data = payload()
    data["format"] = "w3c"
    assert rejected(data) == (
        'The JSON file is not a factcheck document export: "format" is not "factcheck-document".'
    )


@pytest.mark.parametrize(("version", "shown"), [(2, "2"), (True, "true"), ("1", '"1"')])
def test_wrong_version(version, shown):
    """Only version 1 (the integer) is read."""
    data = payload()
    data["version"] = version
    assert rejected(data) == (
        f"The JSON file is version {shown} of the factcheck format; we read version 1."
    )


BREAKAGES = [
    (
        lambda data: data.pop("claims"),
        'The factcheck document is invalid: the file is missing the field "claims".',
    ),
    (
        lambda data: data.update(extra=1),
        'The factcheck document is invalid: the file has an unknown field "extra".',
    ),
    (
        lambda data: data["document"].pop("text"),
        'The factcheck document is invalid: document is missing the field "text".',
    ),
    (
        lambda data: data["document"].update(claims=[]),
        'The factcheck document is invalid: document has an unknown field "claims".',
    ),
    (
        lambda data: data.update(document=[]),
        "The factcheck document is invalid: document must be an object.",
    ),
    (
        lambda data: data["document"].update(id="7"),
        "The factcheck document is invalid: document.id must be an integer.",
    ),
    (
        lambda data: data["document"].update(title=None),
        "The factcheck document is invalid: document.title must be a string.",
    ),
    (
        lambda data: data["document"].update(published_on="1 May 2024"),
        "The factcheck document is invalid: document.published_on must be a date written"
        " YYYY-MM-DD.",
    ),
    (
        lambda data: data["document"].update(published_on="2024-02-30"),
        "The factcheck document is invalid: document.published_on must be a date written"
        " YYYY-MM-DD.",
    ),
    (
        lambda data: data["document"].update(created_at="2024-05-06T07:08:09"),
        "The factcheck document is invalid: document.created_at must be an ISO 8601 date-time"
        " with a UTC offset.",
    ),
    (
        lambda data: data.update(generated_at="yesterday"),
        "The factcheck document is invalid: generated_at must be an ISO 8601 date-time"
        " with a UTC offset.",
    ),
    (
        lambda data: data.update(team="Daily"),
        "The factcheck document is invalid: team must be an object.",
    ),
    (
        lambda data: data.update(sentences={}),
        "The factcheck document is invalid: sentences must be a list.",
    ),
    (
        lambda data: data["claims"][1].update(start=True),
        "The factcheck document is invalid: claims[1].start must be an integer.",
    ),
    (
        lambda data: data["claims"][0]["sources"][0].update(url=5),
        "The factcheck document is invalid: claims[0].sources[0].url must be a string.",
    ),
    (
        lambda data: data["claims"][0]["reviews"][0].pop("comment"),
        'The factcheck document is invalid: claims[0].reviews[0] is missing the field "comment".',
    ),
    (
        lambda data: data["claims"][0].update(end=1000),
        "The factcheck document is invalid: claims[0] must lie in the text:"
        " 0 <= start < end <= 54.",
    ),
    (
        lambda data: data["claims"][0].update(end=0),
        "The factcheck document is invalid: claims[0] must lie in the text:"
        " 0 <= start < end <= 54.",
    ),
    (
        lambda data: data["claims"][0].update(quote="Taxes fell by 40%"),
        "The factcheck document is invalid: claims[0].quote does not match the text at 0-17.",
    ),
    (
        lambda data: data["claims"][0].update(verdict="pants-on-fire"),
        'The factcheck document is invalid: claims[0].verdict "pants-on-fire" is not in the scale.',
    ),
    (
        lambda data: data["claims"][0].update(status="published"),
        "The factcheck document is invalid: claims[0].status must be one of draft, in_review,"
        " changes_requested, approved.",
    ),
    (
        lambda data: data["claims"][0].update(sentence_index=9),
        "The factcheck document is invalid: claims[0].sentence_index is not the index of a"
        " sentence.",
    ),
    (
        lambda data: data["claims"][0]["sources"][0].update(stance="agrees"),
        "The factcheck document is invalid: claims[0].sources[0].stance must be one of"
        " supports, refutes, context.",
    ),
    (
        lambda data: data["claims"][0]["reviews"][0].update(decision="maybe"),
        "The factcheck document is invalid: claims[0].reviews[0].decision must be one of"
        " approved, changes_requested.",
    ),
    (
        lambda data: data["scale"][1].update(key="true"),
        'The factcheck document is invalid: scale[1].key repeats the verdict "true".',
    ),
    (
        lambda data: data["scale"][0].update(colour="red;background:url(x)"),
        "The factcheck document is invalid: scale[0].colour must be a colour written #rrggbb.",
    ),
    (
        lambda data: data["sentences"][1].update(start=2),
        "The factcheck document is invalid: sentences[1] starts before the previous sentence ends.",
    ),
    (
        lambda data: data["sentences"][1].update(end=99),
        "The factcheck document is invalid: sentences[1] must lie in the text:"
        " 0 <= start < end <= 54.",
    ),
    (
        lambda data: data["sentences"][1].update(index=0),
        "The factcheck document is invalid: sentences[1].index must be greater than the"
        " previous sentence's.",
    ),
    (
        lambda data: data["sentences"][2].update(paragraph=-1),
        "The factcheck document is invalid: sentences[2].paragraph must not be less than the"
        " previous sentence's.",
    ),
]


@pytest.mark.parametrize(("breakage", "message"), BREAKAGES)
def test_bad_fields_are_named(breakage, message):
    """Each broken field is refused with a message naming it and what it must be."""
    data = payload()
    breakage(data)
    assert rejected(data) == message


def test_ids_are_carried_as_data():
    """Ids come back as they were in the file (storing them is the importer's business)."""
    data = payload()
    data["document"]["id"] = 123456
    data["claims"][0]["id"] = 99
    doc = read(json.dumps(data).encode())
    assert (doc.id, doc.claims[0].id) == (123456, 99)
