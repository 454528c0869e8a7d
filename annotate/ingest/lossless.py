"""Read our lossless JSON format (written by annotate.export.lossless) back into a DocumentData.

Validation is strict, and every problem is an ImportRejected with a message naming the place
(`claims[2].start`): the bytes must be UTF-8 JSON without duplicate keys or NaN; `format` and
`version` must be ours; every object must have exactly its data class's fields (fields that have a
default may be missing) with the right types; the scale keys are unique and colours `#rrggbb`;
sentences lie in the text, in order, without overlap; links lie in the text with a known origin
(their URLs are checked by whoever stores them); every claim has `0 <= start < end <=
len(text)`, its quote equal to `text[start:end]`, a verdict from the scale (or null), a known
status and a known sentence index.

Ids in the file are kept as data only; whoever stores the document assigns its own.
"""

from __future__ import annotations

import json
import re
import types
from dataclasses import MISSING, fields, is_dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from annotate.document_data import (
    DECISIONS,
    LINK_ORIGINS,
    LOSSLESS_FORMAT,
    LOSSLESS_PARTS,
    LOSSLESS_VERSION,
    STANCES,
    STATUSES,
    ClaimData,
    DocumentData,
)
from annotate.ingest.errors import ImportRejected

NOT_JSON = "The JSON file is not valid JSON: {detail}."
NOT_UTF8 = "The JSON file is not UTF-8 text: {detail}."
NOT_OURS = "The JSON file is not a factcheck document export: {detail}."
WRONG_VERSION = "The JSON file is version {version} of the factcheck format; we read version 1."
INVALID = "The factcheck document is invalid: {detail}."

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_TOP_KEYS = {"format", "version", "generated_at", "document", *LOSSLESS_PARTS}


def read(data: bytes) -> DocumentData:
    """The document in `data`, or ImportRejected saying what is wrong."""
    top = _load(data)
    if not isinstance(top, dict):
        raise ImportRejected(NOT_OURS.format(detail="the top level is not an object"))
    if top.get("format") != LOSSLESS_FORMAT:
        raise ImportRejected(NOT_OURS.format(detail=f'"format" is not "{LOSSLESS_FORMAT}"'))
    version = top.get("version")
    if version != LOSSLESS_VERSION or isinstance(version, bool):
        raise ImportRejected(WRONG_VERSION.format(version=json.dumps(version)))
    _check_keys(top, _TOP_KEYS, set(_TOP_KEYS) - {"generated_at"}, "the file")
    if "generated_at" in top:
        _datetime(top["generated_at"], "generated_at")
    document = top["document"]
    if not isinstance(document, dict):
        raise ImportRejected(INVALID.format(detail="document must be an object"))
    clash = sorted(set(document) & set(LOSSLESS_PARTS))
    if clash:
        raise ImportRejected(INVALID.format(detail=f'document has an unknown field "{clash[0]}"'))
    merged = {**document, **{name: top[name] for name in LOSSLESS_PARTS}}
    doc = _parse(merged, DocumentData, "document")
    _check_document(doc)
    return doc


def _load(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        detail = f"byte 0x{data[error.start]:02x} at position {error.start} is not valid UTF-8"
        raise ImportRejected(NOT_UTF8.format(detail=detail)) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        detail = f"{error.msg} at line {error.lineno}, column {error.colno}"
        raise ImportRejected(NOT_JSON.format(detail=detail)) from None
    except _Duplicate as error:
        detail = f'the key "{error.args[0]}" appears twice in one object'
        raise ImportRejected(NOT_JSON.format(detail=detail)) from None
    except _Constant as error:
        detail = f"{error.args[0]} is not a JSON number"
        raise ImportRejected(NOT_JSON.format(detail=detail)) from None
    except RecursionError:
        raise ImportRejected(NOT_JSON.format(detail="it is nested too deeply")) from None


class _Duplicate(ValueError):
    pass


class _Constant(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return result


def _no_constant(name: str) -> None:
    raise _Constant(name)


# Structure: each value parsed by the type hint of its data class field.


@cache
def _hints(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """(name, type, required) of each field of data class `cls`."""
    hints = get_type_hints(cls)
    return tuple(
        (
            field.name,
            hints[field.name],
            field.default is MISSING and field.default_factory is MISSING,
        )
        for field in fields(cls)
    )


def _parse(value: Any, kind: Any, path: str) -> Any:
    if is_dataclass(kind):
        return _parse_object(value, kind, path)
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [option for option in get_args(kind) if option is not type(None)]
        if value is None:
            return None
        if len(options) == 1:
            return _parse(value, options[0], path)
    if origin is tuple:
        if not isinstance(value, list):
            raise _invalid(path, "must be a list")
        item = get_args(kind)[0]
        return tuple(_parse(entry, item, f"{path}[{index}]") for index, entry in enumerate(value))
    return _scalar(value, kind, path)


def _scalar(value: Any, kind: Any, path: str) -> Any:
    if kind is str:
        if not isinstance(value, str):
            raise _invalid(path, "must be a string")
        return value
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _invalid(path, "must be an integer")
        return value
    if kind is datetime:
        return _datetime(value, path)
    if kind is date:
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise _invalid(path, "must be a date written YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _invalid(path, "must be a date written YYYY-MM-DD") from None
    raise TypeError(f"no reader for {kind!r} at {path}")  # a data class field type we missed


def _datetime(value: Any, path: str) -> datetime:
    message = "must be an ISO 8601 date-time with a UTC offset"
    if not isinstance(value, str) or "T" not in value:
        raise _invalid(path, message)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _invalid(path, message) from None
    if moment.tzinfo is None:
        raise _invalid(path, message)
    return moment


def _parse_object(value: Any, cls: type, path: str) -> Any:
    if not isinstance(value, dict):
        raise _invalid(path, "must be an object")
    hints = _hints(cls)
    names = {name for name, _, _ in hints}
    _check_keys(value, names, {name for name, _, required in hints if required}, path)
    return cls(
        **{
            name: _parse(value[name], kind, _field_path(path, name))
            for name, kind, _ in hints
            if name in value
        }
    )


def _field_path(path: str, name: str) -> str:
    # The document's lists sit at the top level of the file, so they are named from there.
    return name if path == "document" and name in LOSSLESS_PARTS else f"{path}.{name}"


def _check_keys(value: dict, allowed: set[str], required: set[str], path: str) -> None:
    missing = sorted(required - value.keys())
    if missing:
        raise ImportRejected(INVALID.format(detail=f'{path} is missing the field "{missing[0]}"'))
    unknown = sorted(value.keys() - allowed)
    if unknown:
        raise ImportRejected(INVALID.format(detail=f'{path} has an unknown field "{unknown[0]}"'))


def _invalid(path: str, problem: str) -> ImportRejected:
    return ImportRejected(INVALID.format(detail=f"{path} {problem}"))


# Meaning: what the types alone cannot say.


def _check_document(doc: DocumentData) -> None:
    keys: set[str] = set()
    for index, verdict in enumerate(doc.scale):
        if verdict.key in keys:
            raise _invalid(f"scale[{index}].key", f'repeats the verdict "{verdict.key}"')
        keys.add(verdict.key)
        if not _COLOUR.fullmatch(verdict.colour):
            raise _invalid(f"scale[{index}].colour", "must be a colour written #rrggbb")
    _check_sentences(doc)
    _check_links(doc)
    sentence_indexes = {sentence.index for sentence in doc.sentences}
    for index, claim in enumerate(doc.claims):
        _check_claim(doc.text, claim, f"claims[{index}]", keys, sentence_indexes)


def _check_sentences(doc: DocumentData) -> None:
    previous_end, previous_index, previous_paragraph = 0, -1, 0
    for position, sentence in enumerate(doc.sentences):
        path = f"sentences[{position}]"
        if not 0 <= sentence.start < sentence.end <= len(doc.text):
            raise _invalid(path, f"must lie in the text: 0 <= start < end <= {len(doc.text)}")
        if sentence.start < previous_end:
            raise _invalid(path, "starts before the previous sentence ends")
        if sentence.index <= previous_index:
            raise _invalid(f"{path}.index", "must be greater than the previous sentence's")
        if sentence.paragraph < previous_paragraph:
            raise _invalid(f"{path}.paragraph", "must not be less than the previous sentence's")
        previous_end, previous_index = sentence.end, sentence.index
        previous_paragraph = sentence.paragraph


def _check_links(doc: DocumentData) -> None:
    for index, link in enumerate(doc.links):
        path = f"document.links[{index}]"
        if not 0 <= link.start < link.end <= len(doc.text):
            raise _invalid(path, f"must lie in the text: 0 <= start < end <= {len(doc.text)}")
        if link.origin not in LINK_ORIGINS:
            raise _invalid(f"{path}.origin", f"must be one of {', '.join(LINK_ORIGINS)}")


def _check_claim(
    text: str, claim: ClaimData, path: str, verdicts: set[str], sentences: set[int]
) -> None:
    if not 0 <= claim.start < claim.end <= len(text):
        raise _invalid(path, f"must lie in the text: 0 <= start < end <= {len(text)}")
    if text[claim.start : claim.end] != claim.quote:
        raise _invalid(f"{path}.quote", f"does not match the text at {claim.start}-{claim.end}")
    if claim.verdict is not None and claim.verdict not in verdicts:
        raise _invalid(f"{path}.verdict", f'"{claim.verdict}" is not in the scale')
    if claim.status not in STATUSES:
        raise _invalid(f"{path}.status", f"must be one of {', '.join(STATUSES)}")
    if claim.sentence_index not in sentences:
        raise _invalid(f"{path}.sentence_index", "is not the index of a sentence")
    for index, source in enumerate(claim.sources):
        if source.stance not in STANCES:
            stances = ", ".join(STANCES)
            raise _invalid(f"{path}.sources[{index}].stance", f"must be one of {stances}")
    for index, review in enumerate(claim.reviews):
        if review.decision not in DECISIONS:
            decisions = ", ".join(DECISIONS)
            raise _invalid(f"{path}.reviews[{index}].decision", f"must be one of {decisions}")
