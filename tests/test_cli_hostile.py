"""The command line on the hostile school: tables show server text as text, JSON keeps it as data.

``show`` and ``sync`` run in-process on ``--demo --school FILE`` (the hostile school, through the
school-file format). Printed tables must hold no escape sequence, control or bidi character at all
(the output is not a terminal, so Rich adds none of its own) and show "[bold]Gras[/]" as written;
``--json`` must decode to exactly what the server sent, with every control character escaped.
"""

from __future__ import annotations

import json

import pytest

from espace_parents_tui.cli import main as cli
from espace_parents_tui.cli.commands import SHOW_SECTIONS
from hostile_school import ANSI, HOMEWORK_HTML, MARKUP, OSC8, OSC52, RTL, TODAY, write_hostile_school

UNSAFE = [chr(c) for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0))] + ["\u202e"]


@pytest.fixture
def school_file(tmp_path, monkeypatch):
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("COLUMNS", "100")
    return str(write_hostile_school(tmp_path))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--today", TODAY.isoformat(), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_clean(output: str) -> None:
    found = sorted({repr(c) for c in output if c in UNSAFE})
    assert not found, f"raw characters in the output: {found}"


@pytest.mark.parametrize("section", SHOW_SECTIONS)
def test_show_tables_print_text_and_nothing_a_terminal_acts_on(school_file, capsys, section):
    code, out, err = run(capsys, "show", section, "--demo", "--school", school_file)
    assert code == 0, err
    assert_clean(out + err)
    if section in ("children", "homework", "grades", "messages", "news", "menus", "calendar", "orientation", "internships", "textbooks"):
        assert "[bold]Gras[/]" in out


def test_sync_output_is_clean(school_file, capsys):
    code, out, err = run(capsys, "sync", "--demo", "--school", school_file)
    assert code == 0, err
    assert_clean(out + err)  # (a first sync has nothing new to name: no summary quotes the school)


def test_json_is_faithful_and_escapes_every_control(school_file, capsys):
    code, out, err = run(capsys, "show", "homework", "--demo", "--school", school_file, "--json")
    assert code == 0, err
    assert_clean(out.replace("\n", ""))
    assert "\\u001b" in out and "\\u202e" in out and "\\u009b" in out
    data = json.loads(out)["data"]
    maths = next(h for h in data if h["description_html"] == HOMEWORK_HTML)  # exactly as sent
    for part in (ANSI, OSC8, OSC52, RTL):
        assert part in maths["description"]  # the plain text keeps the data
    assert "description_markdown" not in maths
    french = next(h for h in data if h is not maths)
    assert french["subject"]["name"].startswith("FRANÇAIS " + ANSI)


def test_json_gives_the_markdown_when_asked(school_file, capsys):
    code, out, err = run(
        capsys, "show", "homework", "--demo", "--school", school_file, "--json", "--markdown"
    )
    assert code == 0, err
    data = json.loads(out)["data"]
    maths = next(h for h in data if h["description_html"] == HOMEWORK_HTML)
    markdown = maths["description_markdown"]
    assert "| **Exercice** | **Barème** |" in markdown and "  * sans calculatrice" in markdown
    assert "[le corrigé](https://college.example/corrige.pdf)" in markdown
    assert "javascript" not in markdown and "\x1b" not in markdown and "ROUGE" in markdown
    code, out, err = run(capsys, "show", "news", "--demo", "--school", school_file, "--json", "--markdown")
    question = json.loads(out)["data"]["items"][0]["questions"][0]
    assert question["markdown"].startswith("### \\[bold\\]Gras\\[/\\]") and MARKUP in question["text"]
