"""``account`` and ``meetings`` against the emulated server: reads, writes and refusals, JSON, exit
codes, passwords read from standard input (never an argument), drafts kept when a write fails."""

from __future__ import annotations

import copy
import io
import json
from datetime import date

import pytest

from espace_parents_tui.cli import main as cli
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread

TODAY = date(2026, 11, 24)
BASE = demo_school(TODAY)


@pytest.fixture
def school():
    return copy.deepcopy(BASE)


@pytest.fixture
def account(world, school, monkeypatch, capsys):
    """A configured "ask each time" account on a running demo server; yields (server, run)."""
    app = DemoServer(school, ServerOptions(today=TODAY))
    thread = ServerThread(app)

    def run(*argv: str, stdin: str = "demo\n"):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli.main(["--today", TODAY.isoformat(), *argv])
        return code, capsys.readouterr()

    code, out = run("login", "--server", thread.page_url, "--username", "demo", "--password-stdin", "--ask")
    assert code == 0, out.err
    yield app, run
    thread.stop()


def test_account_show_says_what_may_be_changed(account, school):
    _app, run = account
    code, out = run("account", "show", "--json")
    assert code == 0, out.err
    shown = json.loads(out.out)
    assert shown["account"]["email"] == school.parents[0].email
    assert shown["editable"] == {
        "contact": True,
        "preferences": True,
        "password": True,
        "child_password": True,
    }
    assert shown["password_rules"] == {"min_length": 8, "max_length": 32, "rules": [0, 1, 4]}
    code, out = run("account", "show")
    text = " ".join(out.out.split())
    assert "Adresse : 8 allée des Marronniers" in text and "(non modifiable en ligne)" in text


def test_account_set_contact_and_preferences_then_a_refused_phone_keeps_a_draft(account, school):
    _app, run = account
    code, out = run("account", "set", "--mobile", "07 00 00 00 01", "--allow-sms", "non", "--json")
    assert code == 0, out.err
    assert json.loads(out.out)["account"]["mobile_phone"] == "0700000001"
    assert school.parents[0].phone == "0700000001" and school.parents[0].account.preferences.sms is False
    code, out = run("account", "set", "--mobile", "07 00")
    assert code == 1
    assert "portable n'est pas valide" in out.err and "brouillon est conservé" in out.err
    assert school.parents[0].phone == "0700000001"
    code, out = run("drafts", "--json")
    drafts = json.loads(out.out)["drafts"]
    assert [(d["kind"], d["fields"]["mobile"]) for d in drafts] == [("contact", "07 00")]
    code, out = run("drafts")  # the list a parent reads: in words, not the store's kinds
    shown = " ".join(out.out.split())
    assert "Brouillon : vos coordonnées et préférences de contact" in shown and "contact compte" not in shown
    code, out = run("account", "set", "--allow-sms", "peut-être")
    assert code == 2 and "oui ou non" in out.err


def test_child_data_show_set_and_refusal(account, school):
    _app, run = account
    code, out = run("account", "show", "--child", "Léa", "--json")
    data = json.loads(out.out)["account"]
    assert data["login"] == "lea.martin" and [a["name"] for a in data["allergies"]] == ["Arachide"]
    code, out = run(
        "account", "set", "--child", "Léa", "--allergies", "Arachide, Kiwi", "--image-right", "non"
    )
    assert code == 0, out.err
    assert school.child("lea").account.allergies == ["Arachide", "Kiwi"]
    assert school.child("lea").account.image_right is False
    code, out = run("account", "set", "--child", "Hugo", "--medical-comment", "Lunettes")
    assert code == 1 and "informations médicales" in out.err
    assert "Lunettes" not in out.err  # health data is never quoted in an error
    assert school.child("hugo").account.medical_comment == ""
    code, out = run("account", "set", "--child", "Léa", "--email", "x@example.org")
    assert code == 2


def test_password_change_reads_stdin_and_follows_the_rules(account, school):
    _app, run = account
    code, out = run("account", "password", "--password-stdin", stdin="demo\ncourt\ndemo\n")
    assert code == 2 and "au moins 8 caractères" in out.err and "court" not in out.err
    code, out = run("account", "password", "--password-stdin", stdin="faux\nNouveau-2026x\ndemo\n")
    assert code == 1 and "actuel est incorrect" in out.err
    assert school.parents[0].password == "demo"
    code, out = run("account", "password", "--password-stdin", stdin="demo\nNouveau-2026x\ndemo\n")
    assert code == 0, out.err
    assert school.parents[0].password == "Nouveau-2026x"
    assert "Nouveau-2026x" not in out.out + out.err
    code, out = run("sync", stdin="Nouveau-2026x\n")
    assert code == 0, out.err


def test_password_is_never_an_argument(account):
    _app, run = account
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["account", "password", "--new", "x"])
    code, out = run("account", "password", "--password-stdin", stdin="")
    assert code == 2 and "manquant" in out.err


def test_child_password(account, school):
    _app, run = account
    code, out = run("account", "password", "--child", "Hugo", "--password-stdin", stdin="hugo\ndemo\n")
    assert code == 2
    code, out = run("account", "password", "--child", "Hugo", "--password-stdin", stdin="Velo-2026\ndemo\n")
    assert code == 0, out.err
    assert school.child("hugo").account.password == "Velo-2026"


def test_meetings_list_wish_and_refusals(account, school):
    _app, run = account
    code, out = run("meetings", "list", "--child", "Léa", "--json")
    assert code == 0, out.err
    listed = json.loads(out.out)
    assert [s["session"]["name"] for s in listed["sessions"]] == [s.name for s in school.meeting_sessions]
    assert [(p["child"], p["conflict"]) for p in listed["planning"]] == [
        ("MARTIN Léa", True),
        ("MARTIN Léa", True),
        ("MARTIN Hugo", False),
    ]
    code, out = run("meetings", "list", "--child", "Léa")
    text = " ".join(out.out.split())
    assert "CHEVAUCHEMENT" in text and "demandé par le professeur" in text
    code, out = run("meetings", "wish", "--child", "Léa", "trimestre", "GARNIER", "indispensable")
    assert code == 0, out.err
    assert school.meeting_sessions[0].offers[1].wish == 2
    code, out = run("meetings", "wish", "--child", "Léa", "trimestre", "LEROY", "aucun")
    assert code == 0 and school.meeting_sessions[0].offers[0].wish is None
    code, out = run("meetings", "wish", "--child", "Léa", "rentrée", "LEROY", "souhaite")
    assert code == 1 and "terminée depuis le 19/11/2026" in out.err
    code, out = run("meetings", "wish", "--child", "Léa", "trimestre", "LEROY", "peut-être")
    assert code == 2
    code, out = run("meetings", "wish", "--child", "Léa", "fin d'année", "LEROY", "souhaite")
    assert code == 1 and "session de rencontres est close" in out.err
    code, out = run("drafts")
    shown = " ".join(out.out.split())
    assert (
        "Brouillon : le souhait de rencontre avec" in shown and "LEROY" in shown and "(MARTIN Léa)" in shown
    )
    code, out = run("meetings", "wish", "--child", "Léa", "trimestre", "INCONNU", "souhaite")
    assert code == 2 and "Professeur inconnu" in out.err
