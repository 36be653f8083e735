"""The parent's account, the child's data and parent–teacher meetings through the protocol client
against the emulated server: each read, each write, and each refusal the server makes even when a
client skips its own checks (password rules, a wrong current password, a bad phone number, wishes
after the deadline, a closed session, what the school does not let parents edit)."""

from __future__ import annotations

import copy
from contextlib import asynccontextmanager
from datetime import date, datetime, time

import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models.account import WISH_NEEDED, WISH_WANTED, ContactPreferences, Option, conflicts
from espace_parents_tui.pronote import errors

TODAY = date(2026, 11, 24)


@asynccontextmanager
async def logged_in(password: str = "demo", school=None):
    school = school or copy.deepcopy(demo_school(TODAY))
    app = DemoServer(school, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        from espace_parents_tui.pronote.client import PronoteClient

        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password("demo", password)
            yield school, client, root


async def test_account_read_has_contact_details_preferences_and_password_rules():
    async with logged_in() as (school, client, _root):
        info = await client.account_info()
        parent = school.parents[0]
        assert (info.email, info.mobile_phone, info.landline) == (parent.email, parent.phone, "0472000000")
        assert info.preferences == ContactPreferences(True, True, True, True, True)
        from espace_parents_tui.service.actions.account import password_rules

        rules = password_rules(client.account)
        assert (rules.min_length, rules.max_length, rules.rules) == (8, 32, frozenset({0, 1, 4}))


async def test_contact_write_is_kept_and_a_bad_phone_is_refused():
    async with logged_in() as (school, client, _root):
        await client.save_contact(
            {"eMail": "c.martin@example.org", "indicatifTel": "33", "telephonePortable": "06 11 22 33 44"},
            ContactPreferences(sms=False, email=True, school_email=True, paper_mail=False, general_info=True),
        )
        parent = school.parents[0]
        assert (parent.email, parent.phone) == ("c.martin@example.org", "0611223344")
        assert (parent.account.preferences.sms, parent.account.preferences.paper_mail) == (False, False)
        info = await client.account_info()
        assert info.mobile_phone == "0611223344" and info.preferences.sms is False
        with pytest.raises(errors.WriteRefused, match="portable n'est pas valide"):
            await client.save_contact({"indicatifTel": "33", "telephonePortable": "06 11 22"}, None)
        with pytest.raises(errors.WriteRefused, match="e-mail n'est pas valide"):
            await client.save_contact({"eMail": "pas-une-adresse"}, None)
        assert parent.phone == "0611223344" and parent.email == "c.martin@example.org"


async def test_contact_write_refused_when_the_school_does_not_allow_it():
    school = copy.deepcopy(demo_school(TODAY))
    school.parents[0].account.may_edit_contact = False
    async with logged_in(school=school) as (_school, client, _root):
        with pytest.raises(errors.WriteRefused, match="pas autorisé à modifier vos coordonnées"):
            await client.save_contact({"eMail": "x@example.org"}, None)


async def test_password_change_checks_the_current_password_and_the_rules():
    async with logged_in() as (school, client, root):
        reply = await client.change_password("faux", "Nouveau-mdp-2026")
        assert not reply.accepted and reply.wrong_current
        reply = await client.change_password("demo", "court1")
        assert not reply.accepted and -1 in reply.broken_rules and "entre 8 et 32" in reply.message
        reply = await client.change_password("demo", "sanschiffre")
        assert not reply.accepted and 1 in reply.broken_rules
        reply = await client.change_password("demo", "demo")
        assert not reply.accepted
        assert school.parents[0].password == "demo"
        reply = await client.change_password("demo", "Nouveau-mdp-2026")
        assert reply.accepted
        assert school.parents[0].password == "Nouveau-mdp-2026"
        from espace_parents_tui.pronote.client import PronoteClient

        async with PronoteClient(f"{root}/parent.html") as fresh:
            with pytest.raises(errors.LoginError):
                await fresh.login_password("demo", "demo")
        async with PronoteClient(f"{root}/parent.html") as fresh:
            await fresh.login_password("demo", "Nouveau-mdp-2026")


async def test_child_account_read_write_and_refusals():
    async with logged_in() as (school, client, _root):
        lea_model, hugo_model = school.children
        lea = await client.child_account(lea_model.name)
        assert lea.login == "lea.martin"  # sent AES-sealed by the server
        assert [a.name for a in lea.allergies] == ["Arachide"] and lea.allergies_editable
        assert lea.doctor is not None and lea.doctor.name == "Dr BERNARD Anne"
        assert lea.medical_comment_editable and not lea.exit_editable
        assert lea.image_right is True
        changed = type(lea)(**{**lea.__dict__, "medical_comment": "Asthme : ventoline", "image_right": False})
        changed = type(lea)(**{**changed.__dict__, "allergies": (*lea.allergies, Option(None, "Kiwi"))})
        await client.save_child_account(lea_model.name, lea, changed)
        assert lea_model.account.medical_comment == "Asthme : ventoline"
        assert lea_model.account.allergies == ["Arachide", "Kiwi"]
        assert lea_model.account.image_right is False
        again = await client.child_account(lea_model.name)
        assert [a.name for a in again.allergies] == ["Arachide", "Kiwi"] and again.image_right is False
        # What the school does not let the parents change is refused even if a client sends it.
        exits = type(again)(**{**again.__dict__, "exit_choice": "Sortie libre"})
        with pytest.raises(errors.WriteRefused, match="autorisation de sortie"):
            await client.save_child_account(lea_model.name, again, exits)
        hugo = await client.child_account(hugo_model.name)
        medical = type(hugo)(**{**hugo.__dict__, "medical_comment": "Lunettes"})
        with pytest.raises(errors.WriteRefused, match="informations médicales"):
            await client.save_child_account(hugo_model.name, hugo, medical)
        assert hugo_model.account.medical_comment == ""
        free = type(hugo)(**{**hugo.__dict__, "exit_choice": "Sortie libre", "diets": ()})
        await client.save_child_account(hugo_model.name, hugo, free)
        assert (hugo_model.account.exit_choice, hugo_model.account.diets) == ("Sortie libre", [])


async def test_child_password_follows_the_rules():
    async with logged_in() as (school, client, _root):
        hugo = school.children[1]
        reply = await client.set_child_password(hugo.name, "hugo.martin")
        assert not reply.accepted and 4 in reply.broken_rules or 1 in reply.broken_rules
        reply = await client.set_child_password(hugo.name, "Hugo2026-vélo")
        assert reply.accepted and hugo.account.password == "Hugo2026-vélo"


async def test_meetings_sessions_wishes_and_planning():
    async with logged_in() as (school, client, _root):
        lea = school.children[0]
        page = await client.meetings(lea.name)
        names = [s.session.name for s in page.sessions]
        assert names == [s.name for s in school.meeting_sessions]
        open_one, published, closed = page.sessions
        assert open_one.wishes_open and open_one.wishes_until == date(2026, 11, 26)
        offers = [o for o in school.meeting_sessions[0].offers if o.child == "lea"]
        assert [m.teacher for m in open_one.meetings] == [o.teacher for o in offers]
        assert open_one.meetings[0].wish == WISH_WANTED
        assert open_one.meetings[2].requested_by_teacher
        assert open_one.planning == () and open_one.planning_message == ""
        assert not published.wishes_open
        assert [(p.start, p.minutes, p.room) for p in published.planning] == [
            (datetime(2026, 11, 26, 17, 0), 15, "Salle 104"),
            (datetime(2026, 11, 26, 17, 10), 10, "Salle 212"),
        ]
        assert conflicts(published.planning) == {0, 1}
        assert closed.message and not closed.meetings
        # A wish, then clearing one.
        await client.set_wish(lea.name, open_one.session, open_one.meetings[1], WISH_NEEDED)
        await client.set_wish(lea.name, open_one.session, open_one.meetings[0], None)
        assert (offers[1].wish, offers[0].wish) == (WISH_NEEDED, None)
        again = (await client.meetings(lea.name)).sessions[0]
        assert (again.meetings[0].wish, again.meetings[1].wish) == (None, WISH_NEEDED)
        # After the deadline, and on a closed session: refused by the server.
        with pytest.raises(errors.WriteRefused, match="terminée depuis le 19/11/2026"):
            await client.set_wish(lea.name, published.session, published.meetings[0], WISH_NEEDED)
        from espace_parents_tui.models.account import Meeting

        with pytest.raises(errors.PronoteError):
            await client.set_wish(lea.name, closed.session, Meeting("150#" + "x" * 43, "X"), WISH_NEEDED)
        sessions_ids = {s.key: s for s in school.meeting_sessions}
        assert sessions_ids["rentree"].offers[0].wish == 2


async def test_a_closed_session_refuses_wishes_even_with_a_valid_meeting_id():
    school = copy.deepcopy(demo_school(TODAY))
    async with logged_in(school=school) as (_school, client, _root):
        lea = school.children[0]
        page = await client.meetings(lea.name)
        session, meeting = page.sessions[0].session, page.sessions[0].meetings[0]
        school.meeting_sessions[0].closed = True
        with pytest.raises(errors.WriteRefused, match="session de rencontres est close"):
            await client.set_wish(lea.name, session, meeting, WISH_NEEDED)


async def test_a_duration_change_is_refused():
    async with logged_in() as (school, client, _root):
        lea = school.children[0]
        page = await client.meetings(lea.name)
        from dataclasses import replace

        meeting = replace(page.sessions[0].meetings[0], minutes=45)
        with pytest.raises(errors.WriteRefused, match="durée"):
            await client.set_wish(lea.name, page.sessions[0].session, meeting, WISH_NEEDED)
        assert school.meeting_sessions[0].offers[0].minutes == 10
        assert school.meeting_sessions[0].offers[0].slot is None
        assert isinstance(school.meeting_sessions[1].offers[0].slot, time)


async def test_health_data_never_passes_the_support_bundle_hook():
    """The support bundle's one hook drops the child's health data, as the model and as PRONOTE sends it."""
    import json

    from espace_parents_tui.models.account import MEDICAL
    from espace_parents_tui.service.support.privacy import exclude_medical
    from espace_parents_tui.store import codec

    async with logged_in() as (school, client, _root):
        lea = school.children[0]
        raw = await client.call("PageMesEnfants", None, tab=22, child=lea.name)
        data = await client.child_account(lea.name)
        school_file = codec.to_jsonable(lea.account)
    health = ("Asthme", "BERNARD", "Arachide", "0478000001")
    for value in (raw, codec.to_jsonable(data), school_file):
        text = json.dumps(value, ensure_ascii=False)
        assert any(word in text for word in health)  # there is something to remove
        kept = json.dumps(exclude_medical(value), ensure_ascii=False)
        assert not any(word in kept for word in health), kept
    assert MEDICAL.isdisjoint(exclude_medical(codec.to_jsonable(data)))
    assert "Sans porc" not in json.dumps(exclude_medical(codec.to_jsonable(school.children[1].account)))


async def test_health_data_is_never_logged_by_a_sync_or_a_refused_write(tmp_path, caplog):
    """A sync that reads the child's data, and a refused write of it, log nothing of it (DEBUG on)."""
    import logging

    from espace_parents_tui.clock import DayClock
    from espace_parents_tui.service.actions import account as actions
    from espace_parents_tui.service.portal import Portal, PortalError
    from espace_parents_tui.settings.config import AccountConfig
    from espace_parents_tui.settings.credentials import MemoryStore
    from espace_parents_tui.store import Cache

    caplog.set_level(logging.DEBUG)
    school = copy.deepcopy(demo_school(TODAY))
    app = DemoServer(school, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        account = AccountConfig(id="d", server_url=f"{root}/parent.html", username="demo", storage="ask")
        store = MemoryStore()
        store.set("d", "password", "demo")
        cache = Cache.open(tmp_path / "d.sqlite3")
        portal = Portal(account, store, cache, clock=DayClock(TODAY))
        try:
            report = await portal.sync()
            assert not report.problems
            hugo = portal.child("Hugo")
            assert portal.read("child_account", portal.child("Léa"), "all").value.doctor is not None
            form = actions.ChildForm.of(portal.read("child_account", hugo, "all").value)
            with pytest.raises(PortalError) as refused:
                await actions.save_child_data(
                    portal, hugo, form.__class__(**{**form.__dict__, "medical_comment": "Diabète"})
                )
            assert "Diabète" not in refused.value.user_message
        finally:
            await portal.close()
            cache.close()
    logged = caplog.text
    assert logged  # the sync did log (DEBUG): there was a chance to leak
    for word in ("Asthme", "BERNARD", "Arachide", "Sans porc", "Diabète", "ventoline"):
        assert word not in logged, word
