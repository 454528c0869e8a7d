"""Offline validation against the official W3C Web Annotation test schemas in ../shared/w3c/.

There is no single "Annotation" schema: a document conforms when it is valid against every
assertion schema a manifest (`*.test`) lists. The schemas `$ref` the seven files of
`definitions/` by bare file name, so those are registered under their names and nothing is
fetched (see /work/shared/w3c/README.md).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

W3C = Path(__file__).resolve().parents[2] / "data" / "w3c"
ANNOTATION_MUSTS = "annotations/annotationMusts.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _validators(manifest: str) -> tuple[tuple[str, str, bool, Draft4Validator], ...]:
    """(schema path, error message, expected validity, validator) for each assertion."""
    if not W3C.is_dir():
        pytest.skip(f"the W3C schemas are not at {W3C}")
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(_load(path), default_specification=DRAFT4))
        for path in sorted((W3C / "definitions").glob("*.json"))
    )
    result = []
    for relative in _load(W3C / manifest)["assertions"]:
        schema = _load(W3C / relative)
        validator = Draft4Validator(
            schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
        )
        result.append(
            (relative, schema["errorMessage"], schema["expectedResult"] == "valid", validator)
        )
    return tuple(result)


def must_failures(document: Any, manifest: str = ANNOTATION_MUSTS) -> list[tuple[str, str]]:
    """[(assertion schema path, its error message)] for every MUST `document` breaks."""
    return [
        (relative, message)
        for relative, message, expected, validator in _validators(manifest)
        if validator.is_valid(document) != expected
    ]
