"""Every command of the command line, its help, its output and its errors, in English and in French.

Each command runs in this process (``cli.main``) against the demo school on loopback, once with
``--lang en`` and once with ``--lang fr``; what it printed (stdout and stderr) must hold no interface
word nor catalog text of the other language (tests/language_checks.py), the demo school's own texts
left out. The errors are real ones: a section that does not exist, an unknown account, no account
at all, a login to a closed loopback port, a file that does not exist.
"""

from __future__ import annotations

import io
import re

import pytest

from espace_parents_tui.cli import main as cli
from espace_parents_tui.cli.commands import SHOW_SECTIONS
from espace_parents_tui.demo.school import demo_school
from language_checks import ENGLISH_WORDS, FRENCH_WORDS, catalog_hits, server_texts, word_hits
from tui_helpers import TODAY


def _command_paths() -> list[list[str]]:
    """Every command and sub-command of the parser (a new command is covered without a line here)."""
    import argparse

    from espace_parents_tui.cli import argparse_words

    argparse_words.install()
    found: list[list[str]] = [[]]

    def visit(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append([*path, name])
                    visit(sub, [*path, name])

    visit(cli.build_parser(), [])
    return found


HELPS = _command_paths()

RUNS = [
    ["accounts"],
    ["locate"],
    ["show", "grades"],  # no account yet
    ["sync", "--demo"],
    *[["show", section, "--demo"] for section in SHOW_SECTIONS],
    ["show", "timetable", "--demo", "--child", "Hugo"],
    ["show", "nowhere", "--demo"],
    ["show", "grades", "--demo", "--child", "Personne"],
    ["novelties", "--demo"],
    ["export", "ical", "--demo", "--output", "-"],
    ["justify", "--demo"],
    ["declare-absence", "--demo"],
    ["documents", "list", "--demo"],
    ["documents", "download", "--demo", "Zzz"],
    ["drafts"],
    ["logout", "--account", "nobody"],
    ["login", "--server", "http://127.0.0.1:9/pronote/parent.html", "--username", "x", "--password-stdin"],
    ["debug", "parse", "/nonexistent/answer.json"],
    ["show"],
    ["show", "grades", "--demo", "--no-such-option"],
    ["show", "grades", "--replay", "/nonexistent/bundle.zip"],
    ["support", "bundle", "--account", "nobody"],
    ["account", "show", "--demo"],
    ["account", "show", "--demo", "--child", "Léa"],
    ["account", "set", "--demo"],
    ["meetings", "list", "--demo"],
    ["write", "--demo", "--to", "Personne", "--subject", "Objet", "--text", "Texte"],
]


def _run(argv: list[str], capsys, monkeypatch) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO("secret\n"))
    try:
        code = cli.main(["--today", TODAY.isoformat(), *argv])
    except SystemExit as exc:  # --help and argparse's errors
        code = exc.code
    captured = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, captured.err[-2000:])
    # Option names (--today, --output…) are the same in both languages: left out of the check.
    return re.sub(r"--[\w-]+", " ", f"{captured.out}\n{captured.err}")


@pytest.fixture(scope="module")
def server():
    return server_texts(demo_school(TODAY))


@pytest.fixture
def outputs(world, capsys, monkeypatch):
    def run_all(lang: str) -> dict[str, str]:
        found = {}
        for argv in HELPS:
            found["help " + " ".join(argv)] = _run(["--lang", lang, *argv, "--help"], capsys, monkeypatch)
        for argv in RUNS:
            found[" ".join(argv)] = _run(["--lang", lang, *argv], capsys, monkeypatch)
        return found

    return run_all


def test_every_command_speaks_english_with_lang_en(outputs, server):
    found = outputs("en")
    assert "Overall average" in found["show averages --demo"]
    assert "usage: espace-parents show" in found["help show"]
    assert len(HELPS) > 25 and {"write", "serve", "account"} <= {p[0] for p in HELPS if p}
    assert "Unknown section" in found["show nowhere --demo"]
    hits, checked = word_hits(FRENCH_WORDS, found, server)
    assert checked >= len(FRENCH_WORDS) * 0.6
    assert not hits, sorted(set(hits))[:60]
    untranslated = catalog_hits("en", found, server)
    assert not untranslated, untranslated[:40]


def test_every_command_speaks_french_with_lang_fr(outputs, server):
    found = outputs("fr")
    assert "Moyenne générale" in found["show averages --demo"]
    assert "utilisation : espace-parents show" in found["help show"]
    assert "Rubrique inconnue" in found["show nowhere --demo"]
    hits, checked = word_hits(ENGLISH_WORDS, found, server)
    assert checked >= len(ENGLISH_WORDS) * 0.6
    assert not hits, sorted(set(hits))[:60]
    english = catalog_hits("fr", found, server)
    assert not english, english[:40]


def test_an_english_locale_gives_english_without_lang(world, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    out = _run(["show", "nowhere", "--demo"], capsys, monkeypatch)
    assert "Unknown section" in out
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")  # LC_ALL wins over LANG
    out = _run(["show", "nowhere", "--demo"], capsys, monkeypatch)
    assert "Rubrique inconnue" in out
