"""Export renderers: one pure module per format, each `render(DocumentData, ExportOptions) -> bytes`
with `MEDIA_TYPE` and `EXTENSION` (csv and claimreview also have `render_many`).

The data they take is in `annotate.document_data`; no module here imports Django.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

# Format name (as in the API and `export_document --format`) -> renderer module.
FORMATS = {
    "html": "annotate.export.html",
    "md": "annotate.export.markdown",
    "json": "annotate.export.lossless",
    "w3c": "annotate.export.w3c",
    "claimreview": "annotate.export.claimreview",
    "csv": "annotate.export.csv",
}


def renderer(name: str) -> ModuleType:
    """The renderer module of format `name` (KeyError for an unknown format)."""
    return import_module(FORMATS[name])
