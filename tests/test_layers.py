"""The house rules (docs/design.md): the layers, no import circles, the protocol client standing alone.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``); this runs ``lint-imports`` so a
broken contract fails the suite, and checks with grimp what the contracts cannot say: no circle at
all between modules, a package's ``__init__`` included.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "espace_parents_tui"
SOURCES = (PACKAGE, ROOT / "tests", ROOT / "benchmarks")
MAX_LINES = 500
# A module may be longer when one of its first lines says why, starting with this.
LONG_MODULE_MARK = "# Over 500 lines:"


def _lint_imports() -> str:
    beside = Path(sys.executable).with_name("lint-imports")
    found = str(beside) if beside.exists() else shutil.which("lint-imports")
    if found is None:
        pytest.fail("lint-imports is missing: pip install -e '.[dev]' installs import-linter")
    return found


def test_import_contracts_hold():
    result = subprocess.run(
        [_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circle_between_modules():
    """Every import counts: at module level, inside functions, under TYPE_CHECKING."""
    graph = grimp.build_graph("espace_parents_tui", cache_dir=None)
    circles = _circles(graph)
    assert circles == [], "\n".join(" <-> ".join(circle) for circle in circles)


def test_the_circle_finder_finds_circles():
    graph = grimp.ImportGraph()
    for module in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p")
    graph.add_import(importer="p", imported="p.a")
    graph.add_import(importer="p.a", imported="p.c")
    assert _circles(graph) == [["p", "p.a", "p.b"]]


@pytest.mark.parametrize(
    ("module", "never"),
    [
        ("espace_parents_tui.pronote.client", ("textual",)),
        ("espace_parents_tui.store", ("textual", "rich")),
        ("espace_parents_tui.models", ("textual", "rich")),
        ("espace_parents_tui.service.portal", ("textual",)),
        # The command line's start: Textual, Rich and httpx load only when they are needed.
        ("espace_parents_tui.cli.main", ("textual", "rich", "httpx")),
        # The app's start (home screen from the cache): no protocol stack, no HTML parser; they load
        # when the app goes online or first turns school text into Markdown (benchmarks/startup.py).
        ("espace_parents_tui.tui.app", ("httpx", "bs4", "uvicorn", "keyring", "cryptography")),
        ("espace_parents_tui.cli.launch", ("httpx", "bs4", "uvicorn", "keyring", "cryptography")),
        # What the home page draws with (its meetings, grades, day names): no cryptography (file
        # uploads load it when a file is read), no Babel locale data (util/i18n.py, fr and en).
        ("espace_parents_tui.tui.screens.home", ("httpx", "cryptography", "babel")),
        ("espace_parents_tui.service.actions.meetings", ("httpx", "cryptography", "babel")),
    ],
)
def test_import_hygiene(module, never):
    code = f"import sys, {module}; print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(never)!r}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", f"{module} imports {result.stdout.strip()}"


def test_the_command_line_parser_loads_no_html_parser_nor_icalendar():
    """Every command builds the full parser; ``debug parse`` loads the client's parsers (and
    BeautifulSoup) only when it runs, ``export ical`` icalendar only when it runs, ``demo-server``
    uvicorn only when it serves, so ``show --offline`` does not pay for them."""
    code = (
        "import sys; from espace_parents_tui.cli.main import build_parser; build_parser(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'bs4', 'soupsieve', 'icalendar', 'uvicorn', 'starlette'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_modules_stay_small():
    """No module is over 500 lines unless a line at its top gives the reason."""
    long = []
    for path in sorted(p for folder in SOURCES for p in folder.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES and not any(line.startswith(LONG_MODULE_MARK) for line in lines[:15]):
            long.append(f"{path.relative_to(ROOT)}: {len(lines)} lines")
    assert long == [], "\n".join(long)
