"""Build step of the package (the rest of the configuration is in pyproject.toml).

The interface's translations are compiled here, at build time: every ``locale/<lang>/LC_MESSAGES/*.po``
of the package becomes its ``.mo``. ``build_py`` runs for a wheel (``pip install .``, ``pipx``, ``uv``:
the ``.mo`` goes into the built package) and for an editable install (``pip install -e .``: into
``src/``, where the package is imported from); the ``.mo`` files are not kept in git (``.gitignore``). The app never
compiles anything at run time. tests/test_catalogs.py checks that the installed ``.mo`` matches its
``.po`` (after editing a ``.po``, re-run ``pip install -e .``).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path(__file__).resolve().parent / "src" / "espace_parents_tui" / "locale"


def compile_catalogs(locale_dir: Path = LOCALE, target_dir: Path | None = None) -> list[Path]:
    """Each ``.po`` under ``locale_dir`` compiled to its ``.mo``, beside it or under ``target_dir``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        mo = (target_dir / po.relative_to(locale_dir) if target_dir else po).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        partial = mo.with_suffix(".mo.part")
        with partial.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        partial.replace(mo)
        written.append(mo)
    return written


class BuildPyWithCatalogs(build_py):
    """``build_py`` that also compiles the translations: into the built package for a wheel, into the
    source package for an editable install (which imports from ``src/``)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            compile_catalogs()
        else:
            compile_catalogs(target_dir=Path(self.build_lib) / "espace_parents_tui" / "locale")


setup(cmdclass={"build_py": BuildPyWithCatalogs})
