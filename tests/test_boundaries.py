"""The house's boundaries, checked: one home per concern stays one home (issue 11).

- The pure packages (text/, ingest/, export/, the shared document data, the format registry, the
  sanitizer) import nothing of Django, DRF or Celery, and nothing of the app above them.
- No service imports a task: services hand jobs to Celery by task name.
- annotate/'s import graph has no cycle (function-level imports count too).
- The format registry is what the pages, the API and the command offer.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "annotate"
PURE = ("annotate.text", "annotate.ingest", "annotate.export")
PURE_MODULES = (
    "annotate.document_data",
    "annotate.formats",
    "annotate.sanitize",
    "annotate.palette",
)
FRAMEWORKS = ("django", "rest_framework", "celery", "simple_history", "drf_spectacular")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in APP.rglob("*.py")
        if "migrations" not in path.relative_to(APP).parts
    }


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """Every module `name` imports, at any level of its code (absolute names)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from annotate.ingest import docx` imports the module annotate.ingest.docx.
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES)
    return found


def _is_pure(name: str) -> bool:
    return name.startswith(tuple(f"{p}." for p in PURE)) or name in (*PURE, *PURE_MODULES)


PURE_NAMES = sorted(name for name in MODULES if _is_pure(name))


@pytest.mark.parametrize("name", PURE_NAMES)
def test_pure_modules_import_no_framework_and_nothing_above_them(name):
    for imported in _imports(name):
        assert not imported.startswith(FRAMEWORKS), f"{name} imports {imported}"
        if imported.startswith("annotate."):
            assert _is_pure(imported), f"{name} imports {imported}, which is not pure"


def test_the_pure_modules_load_without_django():
    """Also what they import in turn (bleach, trafilatura, ...) brings no framework in."""
    code = (
        "import importlib, sys\n"
        f"for name in {PURE_NAMES!r}: importlib.import_module(name)\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {FRAMEWORKS!r})\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_ingest_readers_do_not_import_the_exports():
    """The lossless reader and the renderers share annotate.document_data instead."""
    for name in MODULES:
        if name.startswith("annotate.ingest"):
            assert not any(i.startswith("annotate.export") for i in _imports(name)), name


def test_no_service_imports_a_task():
    for name in MODULES:
        if name.startswith("annotate.services"):
            tasks = [i for i in _imports(name) if i.startswith("annotate.tasks")]
            assert not tasks, f"{name} imports {tasks}: enqueue by task name instead"


def test_no_selector_imports_a_service():
    for name in MODULES:
        if name.startswith("annotate.selectors"):
            services = [
                i
                for i in _imports(name)
                if i.startswith("annotate.services") and i != "annotate.services.errors"
            ]
            assert not services, f"{name} imports {services}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), or self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_of_annotate_has_no_cycle():
    graph = {name: {i for i in _imports(name) if i in MODULES} for name in MODULES}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# --- The format registry is what every face offers --------------------------------------------


@pytest.mark.django_db
def test_the_export_menus_offer_the_registry(client_for, checker, document):
    from annotate.formats import EXPORTS

    def offered(page: str) -> list[tuple[str, str]]:
        # The options of the format menus only (the desk has other menus, its claim filters).
        menus = re.findall(r'<select name="format".*?</select>', page, re.DOTALL)
        return [o for menu in menus for o in re.findall(r'<option value="(\w+)">([^<]+)<', menu)]

    body = client_for(checker).get(f"/documents/{document.pk}/").content.decode()
    expected = [(fmt.key, fmt.label) for fmt in EXPORTS]
    assert offered(body) == expected
    listing = client_for(checker).get("/").content.decode()
    assert offered(listing) == expected


@pytest.mark.django_db
def test_the_upload_page_accepts_what_the_registry_reads(client_for, checker):
    from annotate.formats import import_accept, import_hint

    body = client_for(checker).get("/imports/new/").content.decode()
    assert f'accept="{import_accept()}"' in body
    assert import_hint() in body.replace("&#x27;", "'")


@pytest.mark.django_db
def test_the_api_offers_the_registry(client_for, checker):
    from annotate.formats import EXPORT_KEYS, IMPORTS

    schema = client_for(checker).get("/api/schema/?format=json").json()["components"]["schemas"]
    enum = next(
        schema[name]["enum"]
        for name in schema
        if set(schema[name].get("enum") or ()) & {"claimreview"}
    )
    assert enum == list(EXPORT_KEYS)
    files_help = next(
        schema[name]["properties"]["files"]["description"]
        for name in schema
        if "files" in schema[name].get("properties", {})
    )
    for fmt in IMPORTS:
        for extension in fmt.extensions:
            assert extension in files_help


def test_the_export_command_offers_the_registry():
    from annotate.formats import EXPORT_KEYS
    from annotate.management.commands.export_document import Command

    parser = Command().create_parser("manage.py", "export_document")
    [action] = [a for a in parser._actions if a.dest == "fmt"]
    assert tuple(action.choices) == EXPORT_KEYS


def test_the_stored_source_formats_are_the_registrys_imports():
    """Every import that makes a document; ClaimReview makes reference fact-checks instead."""
    from annotate.formats import IMPORTS
    from annotate.models import SourceFormat

    documents = [(fmt.key, fmt.label) for fmt in IMPORTS if not fmt.references]
    assert SourceFormat.choices == documents
    assert [fmt.key for fmt in IMPORTS if fmt.references] == ["claimreview"]
