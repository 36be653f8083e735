"""``espace-parents novelties`` against the emulated server: what the school added between two syncs
is listed newest first from the cache, ``--mark-seen`` marks it seen, and then nothing is listed.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time

import pytest

from espace_parents_tui.cli import main as cli
from espace_parents_tui.demo.school import DiscussionMessage, Grade, demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread

TODAY = date(2026, 11, 24)


@pytest.fixture
def account(world, monkeypatch, capsys):
    """A configured "ask each time" account on a demo server; yields (server, run)."""
    server = DemoServer(demo_school(TODAY), ServerOptions(today=TODAY))
    thread = ServerThread(server)

    def run(*argv: str):
        monkeypatch.setattr("sys.stdin", io.StringIO("demo\n"))
        code = cli.main(["--today", TODAY.isoformat(), *argv])
        return code, capsys.readouterr()

    code, out = run("login", "--server", thread.page_url, "--username", "demo", "--password-stdin", "--ask")
    assert code == 0, out.err
    yield server, run
    thread.stop()


def test_novelties_json_lists_unseen_newest_first_and_mark_seen_clears_them(account):
    server, run = account
    assert run("sync", "--password-stdin")[0] == 0
    code, out = run("novelties", "--json")
    assert code == 0, out.err
    assert json.loads(out.out) == {"novelties": [], "marked_seen": 0}

    # A grade for Léa, a sync; then a teacher's message, another sync.
    school = server.school
    period = school.current_period(TODAY).name
    school.child("lea").grades.append(Grade("MATHÉMATIQUES", TODAY, period, out_of=20, value=16.5))
    assert run("sync", "--password-stdin")[0] == 0
    mailbox = server.state["messaging"]["demo"]
    discussion = next(d for d in mailbox if not d.closed and d.folder is None)
    teacher = next(p for p in discussion.participants if p != school.parents[0].name)
    discussion.messages.append(
        DiscussionMessage(teacher, datetime.combine(TODAY, time(7, 0)), "Merci.", read=False)
    )
    assert run("sync", "--password-stdin")[0] == 0

    code, out = run("novelties", "--json")
    assert code == 0, out.err
    listed = json.loads(out.out)
    assert [(n["section"], n["child"], n["kind"]) for n in listed["novelties"]] == [
        ("messages", None, "new"),
        ("grades", "MARTIN Léa", "new"),
    ]
    assert discussion.subject in listed["novelties"][0]["summary"]
    assert "MATHÉMATIQUES" in listed["novelties"][1]["summary"]
    assert listed["novelties"][1]["section_title"] == "Notes"
    assert listed["marked_seen"] == 0
    # Listing is not seeing: they are still there.
    assert len(json.loads(run("novelties", "--json")[1].out)["novelties"]) == 2

    code, out = run("novelties", "--mark-seen")
    assert code == 0, out.err
    assert "MATHÉMATIQUES" in out.out and "2 nouveautés marquées comme vues" in out.out
    assert json.loads(run("novelties", "--json")[1].out) == {"novelties": [], "marked_seen": 0}
    assert "Rien de nouveau" in run("novelties")[1].out
