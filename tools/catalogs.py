"""The interface's message catalogs: extraction (Babel) and the English catalog's upkeep.

    python tools/catalogs.py extract     # writes build/espace_parents.pot from the code (pybabel extract)
    python tools/catalogs.py update      # merges it into locale/en/.../espace_parents.po (new msgids empty)

French is the source language: the msgids are the French texts of ``_()``, ``N_()`` and ``ngettext()``
calls (babel.cfg says where). The same command line, by hand: ``pybabel extract -F babel.cfg -k N_
--no-location --sort-output -o build/espace_parents.pot .`` then ``pybabel update -i
build/espace_parents.pot -d src/espace_parents_tui/locale -D espace_parents -l en --no-location``.
tests/test_catalogs.py runs the extraction and fails on any msgid missing, untranslated or fuzzy.
"""

from __future__ import annotations

import sys
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "espace_parents_tui"
LOCALE = PACKAGE / "locale"
DOMAIN = "espace_parents"
LANGUAGES = ("en",)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract():
    """The catalog of every interface string in the package, as ``pybabel extract`` makes it."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    method_map = [
        ("src/espace_parents_tui/demo/serving.py", "python"),  # the demo-server command's options
        ("src/espace_parents_tui/demo/**", "ignore"),
        ("src/espace_parents_tui/**.py", "python"),
    ]
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    catalog = Catalog(project="espace-parents", copyright_holder="espace-parents contributors")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def read(lang: str):
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as source:
        return read_po(source, locale=lang)


def write(catalog, path: Path) -> None:
    from datetime import datetime

    from babel.messages.pofile import write_po

    # A stable header: regenerating the file changes only the messages (no dates to merge by hand).
    catalog.fuzzy = False
    catalog.creation_date = catalog.revision_date = datetime(2026, 1, 1, tzinfo=UTC)
    catalog.last_translator = catalog.language_team = "espace-parents contributors"
    catalog.msgid_bugs_address = ""
    catalog.version = "1"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as target:
        write_po(target, catalog, no_location=True, sort_output=True, width=100, omit_header=False)


def update(lang: str) -> list[str]:
    """Merge the extracted strings into the language's .po; returns the msgids still untranslated."""
    template = extract()
    catalog = read(lang) if po_path(lang).exists() else None
    if catalog is None:
        from babel.messages.catalog import Catalog

        catalog = Catalog(locale=lang, project="espace-parents")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    write(catalog, po_path(lang))
    return [m.id for m in catalog if m.id and not m.string]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command == "extract":
        out = ROOT / "build" / f"{DOMAIN}.pot"
        write(extract(), out)
        print(out)
        return 0
    for lang in LANGUAGES:
        missing = update(lang)
        print(f"{po_path(lang).relative_to(ROOT)} : {len(missing)} message(s) à traduire")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
