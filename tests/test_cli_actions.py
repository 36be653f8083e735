"""The command line's actions against the emulated server: justify, declare-absence, documents
(list, upload, download), drafts; JSON, exit codes, no question asked (scripts).

A configured account ("ask each time", the password on stdin as scripts give it) talks to a demo
server on loopback; what the school holds afterwards is read from the server's school.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import io
import json
from datetime import date, timedelta

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
    """A configured account on a running demo server; yields (server, run)."""
    app = DemoServer(school, ServerOptions(today=TODAY))
    thread = ServerThread(app)

    def run(*argv: str):
        monkeypatch.setattr("sys.stdin", io.StringIO("demo\n"))
        code = cli.main(["--today", TODAY.isoformat(), *argv])
        return code, capsys.readouterr()

    code, out = run("login", "--server", thread.page_url, "--username", "demo", "--password-stdin", "--ask")
    assert code == 0, out.err
    yield app, run
    thread.stop()


def document_bytes(school, key: str) -> bytes:
    return base64.b64decode(school.document(key).data)


def test_justify_lists_what_to_justify_then_justifies_with_a_file(account, school, world):
    app, run = account
    code, out = run("justify", "--child", "Léa", "--json")
    assert code == 0, out.err
    listed = json.loads(out.out)["events"]
    open_now = [e for e in listed if not e["why_not"] and not e["pending"]]
    wanted = max((a for a in school.child("lea").absences if a.to_justify_by_parents), key=lambda a: a.start)
    assert [e["start"] for e in open_now if e["kind"] == "absence"] == [wanted.start.isoformat()]

    certificate = world / "mon certificat (Léa).pdf"
    certificate.write_bytes(b"%PDF-1.4 certificat")
    code, out = run(
        "justify", "--child", "Léa", "--when", wanted.start.isoformat(timespec="minutes"),
        "--reason", "MALADIE AVEC CERTIFICAT", "--file", str(certificate), "--json",
    )  # fmt: skip
    assert code == 0, out.err
    event = json.loads(out.out)["event"]
    assert event["pending"] and event["parent_reason"] == "MALADIE AVEC CERTIFICAT"
    assert wanted.pending and wanted.parent_documents
    assert document_bytes(school, wanted.parent_documents[0].document) == certificate.read_bytes()

    code, out = run("show", "absences", "--child", "Léa", "--json")
    shown = next(a for a in json.loads(out.out)["data"]["absences"] if a["start"] == wanted.start.isoformat())
    assert shown["pending"] and shown["server_message"]


@pytest.mark.parametrize(
    ("argv", "code", "said"),
    [
        (["--when", "2026-11-23T08:00", "--reason", "GRÈVE"], 2, "Choisissez un motif"),
        (["--when", "2026-11-23T08:00"], 2, "Indiquez le motif avec --reason"),
        (["--when", "2026-11-02T08:00", "--reason", "DIVERS"], 2, "Aucune absence ni aucun retard"),
        (["--when", "23/11/2026", "--reason", "DIVERS"], 2, "Moment invalide"),
        (
            ["--when", "2026-11-23T08:00", "--reason", "DIVERS", "--file", "/nulle/part.pdf"],
            2,
            "Fichier introuvable",
        ),
    ],
)
def test_justify_bad_input_exits_2_with_one_sentence(account, argv, code, said):
    _app, run = account
    got, out = run("justify", "--child", "Léa", *argv)
    assert got == code and said in out.err and "Traceback" not in out.err
    assert out.err.count("\n") == 1


def test_a_refusal_by_the_school_exits_1_in_its_words_and_the_draft_is_listed(account, school):
    _app, run = account
    wanted = max((a for a in school.child("hugo").absences if a.to_justify_by_parents), key=lambda a: a.start)
    code, out = run(
        "justify", "--child", "Hugo", "--when", wanted.start.isoformat(timespec="minutes"),
        "--reason", "DIVERS", "--comment", "Malade.",
    )  # fmt: skip
    assert code == 1
    assert (
        "L'établissement demande un justificatif (document)" in out.err
        and "brouillon est conservé" in out.err
    )
    code, out = run("drafts", "--json")
    (draft,) = json.loads(out.out)["drafts"]
    assert draft["child"] == "MARTIN Hugo" and draft["fields"]["comment"] == "Malade."
    assert "justificatif (document)" in draft["problem"]


def test_declare_absence_in_json_and_hugos_refusal(account, school):
    _app, run = account
    day = TODAY + timedelta(days=2)
    code, out = run(
        "declare-absence", "--child", "Léa", "--from", day.isoformat(), "--to-half", "matin",
        "--reason", "RAISON FAMILIALE", "--json",
    )  # fmt: skip
    assert code == 0, out.err
    absence = json.loads(out.out)["absence"]
    assert (
        absence["created_by_parent"] and absence["pending"] and absence["start"].startswith(day.isoformat())
    )
    assert any(a.declared_by_parent and a.start.date() == day for a in school.child("lea").absences)
    code, out = run("declare-absence", "--child", "Hugo", "--from", day.isoformat(), "--reason", "DIVERS")
    assert code == 1 and "Les absences de Hugo ne peuvent pas être signalées" in out.err
    code, out = run("declare-absence", "--child", "Léa", "--from", "2026-13-01", "--reason", "DIVERS")
    assert code == 2 and "Date invalide" in out.err


def test_documents_list_upload_then_list_shows_it_provided_and_download_gives_the_same_bytes(
    account, school, world
):
    app, run = account
    code, out = run("documents", "list", "--child", "Léa", "--json")
    assert code == 0, out.err
    listed = {d["name"]: d for d in json.loads(out.out)["requested"]}
    by_school = {d.name: d for d in school.child("lea").requested_documents}
    assert listed.keys() == by_school.keys()
    states = {"manquant": "manquant", "fourni": "fourni", "valide": "validé", "refuse": "refusé"}
    for name, wanted in by_school.items():
        assert listed[name]["state"] == states[wanted.state]
    assert {d["state"] for d in listed.values()} == {"manquant", "fourni", "validé", "refusé"}
    assert listed["Certificat médical pour l'EPS"]["why_not"].startswith("Date limite dépassée")

    scan = world / "attestation assurance 2026–2027 Léa.pdf"
    scan.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 600)  # over 100 KiB: sent in slices
    code, out = run(
        "documents", "upload", "--child", "Léa", "Attestation d'assurance scolaire", str(scan), "--json"
    )
    assert code == 0, out.err
    assert json.loads(out.out)["document"]["state"] == "fourni"
    assert app.stats.requests["uploadfilesession"] == 2

    code, out = run("documents", "list", "--child", "Léa", "--json")
    listed = {d["name"]: d for d in json.loads(out.out)["requested"]}
    assert listed["Attestation d'assurance scolaire"]["state"] == "fourni"
    assert listed["Attestation d'assurance scolaire"]["file"]["name"] == scan.name

    code, out = run("documents", "download", "--child", "Léa", "Attestation d'assurance scolaire", "--json")
    assert code == 0, out.err
    got = json.loads(out.out)
    saved = (world / "downloads") / scan.name
    assert got["path"] == str(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == hashlib.sha256(scan.read_bytes()).hexdigest()

    code, out = run(
        "documents", "download", "--child", "Léa", "Règlement intérieur", "--output", str(world / "ici")
    )
    assert code == 0, out.err
    offered = next(d for d in school.offered_documents if d.name == "Règlement intérieur")
    assert (world / "ici" / "Règlement intérieur.pdf").read_bytes() == document_bytes(
        school, offered.document
    )


@pytest.mark.parametrize(
    ("name", "code", "said"),
    [
        ("Autorisation de sortie du territoire (voyage à Londres)", 1, "a validé ce document"),
        ("Certificat médical pour l'EPS", 1, "Date limite dépassée"),
        ("Bulletin de naissance", 2, "Aucun document à fournir ne s'appelle"),
    ],
)
def test_documents_upload_refusals(account, world, name, code, said):
    _app, run = account
    scan = world / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4")
    got, out = run("documents", "upload", "--child", "Léa", name, str(scan))
    assert got == code and said in out.err and "Traceback" not in out.err


def test_write_starts_a_discussion_and_an_unknown_recipient_exits_2(account):
    app, run = account
    code, out = run("write", "--child", "Léa", "--to", "Personne", "--subject", "Sortie", "--text", "Bonjour")
    assert (code, out.err.strip()) == (2, "espace-parents : Aucun destinataire « Personne ».")
    code, out = run(
        "write", "--child", "Léa", "--to", "GARNIER", "--subject", "Sortie", "--text", "Bonjour", "--json"
    )
    assert code == 0, out.err
    assert json.loads(out.out) == {"child": "MARTIN Léa", "subject": "Sortie", "sent": True}
    [created] = [d for d in app.state["messaging"]["demo"] if d.subject == "Sortie"]
    assert created.participants == ["M. GARNIER P."] and [m.text for m in created.messages] == ["Bonjour"]
    code, out = run("drafts", "--json")
    assert json.loads(out.out)["drafts"] == []  # sent: no draft left
