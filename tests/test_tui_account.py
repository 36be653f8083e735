"""Compte and Rencontres in the terminal app, driven with Pilot at 80×24 against the emulated server:
the parent's and the child's tabs say what may be changed; the contact form, the child's data form
and the password form send through the protocol client; a refused write keeps the form and its
draft; wishes are stated from the meetings list; the home page reminds of the coming meetings and
marks the overlap."""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input, Select, TextArea

from espace_parents_tui.store.drafts import Drafts
from espace_parents_tui.tui.screens.account_forms import ChildDataForm, ContactForm, PasswordForm
from espace_parents_tui.tui.screens.meetings import MeetingsView, WishForm
from tui_helpers import press, screen_lines, settle, wait_for


def last_note(app) -> str:
    return list(app._notifications)[-1].message


async def test_home_reminds_of_the_coming_meetings_with_the_overlap(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = " ".join(screen_lines(app))
        assert "Rencontres parents-professeurs" in shown
        assert "jeudi 26/11 17h00" in shown and "chevauchement" in shown


async def test_account_tabs_say_what_may_be_changed(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "C")
        await settle(pilot)
        shown = " ".join(screen_lines(app))
        assert "Compte — Parent" in shown and "claire.martin@example.org" in shown
        assert "Adresse" in shown and "non modifiable en ligne" in shown
        await press(pilot, "o")
        shown = " ".join(screen_lines(app))
        assert "Enfant : MARTIN Léa" in shown and "Arachide" in shown and "lea.martin" in shown


async def test_contact_form_sends_and_a_refusal_keeps_the_draft(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "C")
        await settle(pilot)
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, ContactForm)
        mobile = form.query_one("#form-mobile", Input)
        mobile.value = "06 12"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not form.sending)
        await settle(pilot)
        assert app.screen is form  # the form stays open, what was typed is kept
        assert "portable n'est pas valide" in last_note(app)
        draft = Drafts(served.portal.cache).get("*", "contact", "compte")
        assert draft is not None and draft.fields["mobile"] == "06 12" and "portable" in draft.problem
        mobile.value = "06 99 88 77 66"
        form.query_one("#form-pref-sms", Checkbox).value = False
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form)
        await settle(pilot)
        parent = served.school.parents[0]
        assert parent.phone == "0699887766" and parent.account.preferences.sms is False
        assert Drafts(served.portal.cache).get("*", "contact", "compte") is None
        assert "0699887766" in " ".join(screen_lines(app))


async def test_child_form_shows_closed_fields_and_sends(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "C")
        await settle(pilot)
        await press(pilot, "o")
        await settle(pilot)
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, ChildDataForm)
        assert form.query_one("#form-medical", TextArea).disabled  # Hugo's: the school keeps it closed
        assert not form.query_one("#form-diets", Input).disabled
        form.query_one("#form-diets", Input).value = "Sans porc, Végétarien"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form)
        await settle(pilot)
        assert served.school.child("hugo").account.diets == ["Sans porc", "Végétarien"]
        assert "Végétarien" in " ".join(screen_lines(app))


async def test_password_form_changes_the_password_and_the_store(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "C")
        await settle(pilot)
        await press(pilot, "w")
        form = app.screen
        assert isinstance(form, PasswordForm)
        form.query_one("#form-current", Input).value = "faux"
        form.query_one("#form-new", Input).value = "Nouveau-2026x"
        form.query_one("#form-confirm", Input).value = "Nouveau-2026x"
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not form.sending)
        await settle(pilot)
        assert app.screen is form and "actuel est incorrect" in last_note(app)
        form.query_one("#form-current", Input).value = "demo"
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form)
        assert served.school.parents[0].password == "Nouveau-2026x"
        assert served.portal.store.get("demo", "password") == "Nouveau-2026x"
        assert served.portal.login_block() is None


async def test_meetings_list_wish_and_refusal_after_the_deadline(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "R")
        await settle(pilot)
        view = app.query_one(MeetingsView)
        shown = " ".join(screen_lines(app))
        assert "Rencontres parents-professeurs du 1er…" in shown and "vœux jusqu'au 26/11" in shown
        assert "⚠ chevauchement" in shown
        row = next(i for i, (d, m) in enumerate(view.rows) if m is not None and "GARNIER" in m.teacher)
        view.query_one(DataTable).move_cursor(row=row)
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, WishForm)
        form.query_one(Select).value = "2"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form)
        await settle(pilot)
        assert served.school.meeting_sessions[0].offers[1].wish == 2
        # The published session's wishes are closed: said, no form.
        row = next(
            i for i, (d, m) in enumerate(view.rows) if m is not None and d.session.name == "Rencontres de rentrée"
        )
        view.query_one(DataTable).move_cursor(row=row)
        await press(pilot, "enter")
        assert not isinstance(app.screen, WishForm)
        assert "terminée depuis le 19/11/2026" in last_note(app)


async def test_child_password_form_checks_the_rules_then_sets_it(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "C")
        await settle(pilot)
        await press(pilot, "o")
        await press(pilot, "w")
        form = app.screen
        assert isinstance(form, PasswordForm) and form.child is not None
        form.query_one("#form-new", Input).value = "court"
        form.query_one("#form-confirm", Input).value = "court"
        await press(pilot, "ctrl+s")
        assert app.screen is form and "au moins 8 caractères" in last_note(app)
        assert served.server.stats.requests["SaisieMotDePasseEleve"] == 0  # checked before sending
        form.query_one("#form-new", Input).value = "Velo-2026x"
        form.query_one("#form-confirm", Input).value = "Velo-2026x"
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form)
        assert served.school.child("hugo").account.password == "Velo-2026x"
