"""Parents act in the terminal app, driven with Pilot at 80×24 against the emulated server: justify
an absence (then the command line, after a sync, shows it waiting for the school), warn of an
absence ahead, deposit a document the school asks for and download it back, with the file chosen
by typing its path or from the folder tree. Every form keeps its draft when the send fails or the
app is closed, and says what was not sent; what cannot be done is said, never hidden."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import json
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input, Select, TextArea

from espace_parents_tui.cli import main as cli
from espace_parents_tui.demo.pages.justify import DECLARED_MESSAGE, PENDING_MESSAGE
from espace_parents_tui.models.documents import DepositState
from espace_parents_tui.store.drafts import Drafts
from espace_parents_tui.tui.screens.deposit import DepositScreen
from espace_parents_tui.tui.screens.documents import DocumentsView
from espace_parents_tui.tui.screens.file_picker import DocumentTree, FilePickerScreen, PathInput
from espace_parents_tui.tui.screens.school_life import SchoolLifeView
from espace_parents_tui.tui.screens.school_life_forms import DeclareScreen, JustifyScreen
from tui_helpers import TODAY, press, screen_text, settle, wait_for


@pytest.fixture
def world(world, monkeypatch):
    """The suite's isolated user (conftest), with a download folder whose name has accents."""
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(world / "Téléchargements"))
    return world


def last_note(app) -> str:
    return list(app._notifications)[-1].message


def last_to_justify(served, key: str = "lea"):
    return max(
        (a for a in served.school.child(key).absences if a.to_justify_by_parents), key=lambda a: a.start
    )


async def go_to(pilot, view: SchoolLifeView, predicate) -> None:
    row = next(i for i, e in enumerate(view.events) if predicate(e.obj))
    view.query_one(DataTable).move_cursor(row=row)
    await settle(pilot)


async def choose(pilot, select: Select, label: str) -> None:
    """Pick an option of a Select from the keyboard: open it, type to search, Enter."""
    select.focus()
    await press(pilot, "enter")
    await pilot.press(*label[:12])
    await press(pilot, "enter")
    assert select.value == label


async def test_justify_in_the_app_and_after_a_sync_the_command_line_shows_it_waiting(
    served, world, monkeypatch, capsys
):
    certificate = world / "certificat médical Léa.pdf"
    certificate.write_bytes(b"%PDF-1.4 certificat")
    wanted = last_to_justify(served)
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        view = app.query_one(SchoolLifeView)
        await go_to(pilot, view, lambda o: getattr(o, "start", None) == wanted.start)
        await press(pilot, "j")
        form = app.screen
        assert isinstance(form, JustifyScreen)
        await choose(pilot, form.query_one(Select), "MALADIE AVEC CERTIFICAT")
        form.query_one(TextArea).focus()
        await pilot.press(*"Fièvre")
        form.query_one(PathInput).focus()
        await pilot.press(*str(certificate))
        await settle(pilot)
        assert Drafts(served.portal.cache).list()[0].fields["comment"] == "Fièvre"
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, JustifyScreen)
        assert any(PENDING_MESSAGE in n.message for n in app._notifications)
        assert wanted.pending and wanted.parent_comment == "Fièvre"
        document = served.school.document(wanted.parent_documents[0].document)
        assert base64.b64decode(document.data) == certificate.read_bytes()
        row = next(i for i, e in enumerate(view.events) if getattr(e.obj, "start", None) == wanted.start)
        state = view.query_one(DataTable).get_row_at(row)[3]
        assert state.plain.startswith("en attente")
        assert Drafts(served.portal.cache).list() == []
        await press(pilot, "s")  # sync again
        await go_to(pilot, view, lambda o: getattr(o, "start", None) == wanted.start)
        await press(pilot, "enter")  # the details: the school's words and the certificate
        shown = " ".join(screen_text(app).split())
        assert "Justification transmise" in shown and "certificat médical Léa.pdf" in shown

    async def run(*argv):
        # The command line runs its own event loop: in a thread, as from another terminal.
        monkeypatch.setattr("sys.stdin", io.StringIO("demo\n"))
        code = await asyncio.to_thread(cli.main, ["--today", TODAY.isoformat(), *argv])
        return code, capsys.readouterr()

    code, out = await run(
        "login", "--server", served.thread.page_url, "--username", "demo", "--password-stdin", "--ask"
    )
    assert code == 0, out.err
    code, out = await run("show", "absences", "--child", "Léa", "--json")
    assert code == 0, out.err
    shown = next(a for a in json.loads(out.out)["data"]["absences"] if a["start"] == wanted.start.isoformat())
    assert shown["pending"] and shown["server_message"] == PENDING_MESSAGE
    assert shown["parent_reason"] == "MALADIE AVEC CERTIFICAT"


async def test_what_cannot_be_justified_is_said_not_hidden(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v", "comma")  # the first trimester: justified absences, a punishment…
        view = app.query_one(SchoolLifeView)
        await go_to(pilot, view, lambda o: getattr(o, "justified", False) and hasattr(o, "start"))
        await press(pilot, "j")
        assert not isinstance(app.screen, JustifyScreen)
        assert "déjà justifiée" in last_note(app)
        too_old = next(
            a
            for a in served.school.child("lea").absences
            if a.to_justify_by_parents and not a.pending and (TODAY - a.end.date()).days > 30
        )
        await go_to(pilot, view, lambda o: getattr(o, "start", None) == too_old.start)
        await press(pilot, "j")
        assert "délai dépassé" in last_note(app)
        await press(pilot, "enter")  # the details say it too
        assert "délai dépassé" in screen_text(app)
        await press(pilot, "escape", "ctrl+e")  # Hugo: his school does not let parents justify delays
        hugo_delay = next(d for d in served.school.child("hugo").delays if d.to_justify_by_parents)
        for _ in range(3):
            if any(getattr(e.obj, "when", None) == hugo_delay.time for e in view.events):
                break
            await press(pilot, "comma")
        await go_to(pilot, view, lambda o: getattr(o, "when", None) == hugo_delay.time)
        await press(pilot, "j")
        assert not isinstance(app.screen, JustifyScreen)
        assert "ce retard" in last_note(app)


async def test_warn_of_an_absence_ahead_from_the_app(served):
    app = served.app()
    day = TODAY + timedelta(days=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v", "a")
        form = app.screen
        assert isinstance(form, DeclareScreen)
        for field, value in (("#form-start", f"{day:%d/%m/%Y}"), ("#form-end", f"{day:%d/%m/%Y}")):
            form.query_one(field, Input).value = value
        await choose(pilot, form.query_one("#form-reason", Select), "RAISON FAMILIALE")
        form.query_one(TextArea).focus()
        await pilot.press(*"Obsèques")
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, DeclareScreen)
        (declared,) = [
            a for a in served.school.child("lea").absences if a.declared_by_parent and a.start.date() == day
        ]
        assert declared.parent_comment == "Obsèques" and declared.pending
        view = app.query_one(SchoolLifeView)
        row = next(i for i, e in enumerate(view.events) if getattr(e.obj, "start", None) == declared.start)
        assert view.query_one(DataTable).get_row_at(row)[3].plain.startswith("en attente")
        await go_to(pilot, view, lambda o: getattr(o, "start", None) == declared.start)
        await press(pilot, "enter")
        assert DECLARED_MESSAGE.split(":")[0] in screen_text(app)
        await press(pilot, "escape", "ctrl+e", "a")  # Hugo: the school says no, in its words
        form = app.screen
        form.query_one("#form-start", Input).value = f"{day:%d/%m/%Y}"
        await choose(pilot, form.query_one("#form-reason", Select), "DIVERS")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, DeclareScreen)
        assert "Les absences de Hugo ne peuvent pas être signalées" in last_note(app)
        assert "Les absences de Hugo" in form.draft.problem and "Non envoyé" in screen_text(app)


async def test_a_failed_send_keeps_the_form_and_its_draft_even_when_the_app_is_closed(served, world):
    wanted = last_to_justify(served)
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        view = app.query_one(SchoolLifeView)
        await go_to(pilot, view, lambda o: getattr(o, "start", None) == wanted.start)
        await press(pilot, "j")
        form = app.screen
        await choose(pilot, form.query_one(Select), "MALADIE SANS CERTIFICAT")
        form.query_one(TextArea).focus()
        await pilot.press(*"Gastro")
        served.stop()  # the server goes away
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not form.sending)
        await settle(pilot)
        assert app.screen is form
        assert "Non envoyé" in screen_text(app) and "ne répond pas" in form.draft.problem
        assert any(
            "Hors ligne" in n.message and "brouillon est conservé" in n.message for n in app._notifications
        )
        await press(pilot, "escape")
        assert not wanted.pending
    # A new app on the same cache, the server still gone: the form comes back as it was left.
    again = served.app(sync_on_start=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        view = again.query_one(SchoolLifeView)
        await go_to(pilot, view, lambda o: getattr(o, "start", None) == wanted.start)
        await press(pilot, "j")
        form = again.screen
        assert isinstance(form, JustifyScreen)
        assert form.query_one(Select).value == "MALADIE SANS CERTIFICAT"
        assert form.query_one(TextArea).text == "Gastro"
        assert "Non envoyé" in screen_text(again) and "ne répond pas" in form.draft.problem


async def test_deposit_a_requested_document_chosen_in_the_folder_tree_then_download_it(served, world):
    folder = world / "Mes scans"
    folder.mkdir()
    scan = folder / "assurance scolaire 2026.pdf"
    scan.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 500)
    (folder / "notes.txt").write_text("pas un justificatif")
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d", "o")
        view = app.query_one(DocumentsView)
        wanted = next(
            d
            for d in served.school.child("lea").requested_documents
            if d.state == "manquant" and d.late_allowed is False and d.deadline > TODAY
        )
        row = next(i for i, d in enumerate(view.requested) if d.name == wanted.name)
        view.query_one(DataTable).move_cursor(row=row)
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, DepositScreen)
        form.query_one(PathInput).value = str(folder) + "/"
        # The folder tree loads in a worker that lives as long as the tree: wait on what it shows.
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, FilePickerScreen))
        tree = app.screen.query_one(DocumentTree)
        await wait_for(pilot, lambda: bool(tree.root.children))
        shown = [node.data.path.name for node in tree.root.children]
        assert shown == [scan.name]  # the text file is not offered
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.screen is form)
        await settle(pilot)
        assert form.query_one(PathInput).value == str(scan)
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, DepositScreen)
        assert wanted.state == "fourni"
        stored = served.school.document(wanted.document)
        assert base64.b64decode(stored.data) == scan.read_bytes()
        row = next(i for i, d in enumerate(view.requested) if d.name == wanted.name)
        assert view.requested[row].state is DepositState.PROVIDED
        view.query_one(DataTable).move_cursor(row=row)
        await press(pilot, "t")
        saved = world / "Téléchargements" / scan.name
        await wait_for(pilot, saved.exists)
        assert hashlib.sha256(saved.read_bytes()).digest() == hashlib.sha256(scan.read_bytes()).digest()
        validated = next(i for i, d in enumerate(view.requested) if d.state is DepositState.VALIDATED)
        view.query_one(DataTable).move_cursor(row=validated)
        await press(pilot, "enter")
        assert not isinstance(app.screen, DepositScreen)
        assert "validé ce document" in last_note(app)


async def test_typing_a_path_completes_it(served, world):
    scan = world / "justificatif de domicile.pdf"
    scan.write_bytes(b"%PDF-1.4")
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d", "o", "enter")
        field = app.screen.query_one(PathInput)
        field.focus()
        await pilot.press(*f"{world}/justif")
        await settle(pilot)
        await press(pilot, "tab")
        assert field.value == str(scan)


async def test_the_schools_words_in_the_forms_are_text_never_markup_nor_escapes(tmp_path):
    from espace_parents_tui.demo.school import demo_school
    from tui_helpers import Served

    school = demo_school(TODAY)
    refused = next(d for d in school.child("lea").requested_documents if d.state == "refuse")
    refused.refusal = "Scan [bold]flou[/] \x1b[31mrouge\x1b[0m [link=x]"
    served = Served(school, tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "d", "o")
            view = app.query_one(DocumentsView)
            row = next(i for i, d in enumerate(view.requested) if d.name == refused.name)
            view.query_one(DataTable).move_cursor(row=row)
            await press(pilot, "enter")
            assert isinstance(app.screen, DepositScreen)
            shown = screen_text(app)
            assert "Scan [bold]flou[/]" in shown and "[link=x]" in shown
            assert "\x1b" not in shown
    finally:
        served.stop()
