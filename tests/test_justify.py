"""Justifying an absence or a delay and warning of an absence ahead, through the portal and the
protocol client against the emulated server over loopback HTTP.

What the school holds after a write is read from the demo school the server serves; the words a
refusal shows are the server's own (or the client's check, said before anything is sent). Every
refusal keeps the draft with what was not sent. Offline, nothing is sent and nothing is queued.
"""

from __future__ import annotations

import copy
import hashlib
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from espace_parents_tui.demo.pages.justify import DECLARED_MESSAGE, PENDING_MESSAGE
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from espace_parents_tui.models import Reason
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.calls.presence import HalfDay
from espace_parents_tui.service.actions import school_life as actions
from espace_parents_tui.service.actions.school_life import Declaration, Justification
from espace_parents_tui.service.actions.uploads import DRAFT_KEPT, ActionRefused, BadInput
from espace_parents_tui.service.portal import Offline, Portal
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import MemoryStore
from espace_parents_tui.store import Cache
from espace_parents_tui.store.drafts import Drafts

TODAY = date(2026, 11, 24)
BASE = demo_school(TODAY)


@pytest.fixture
def school():
    return copy.deepcopy(BASE)


@pytest.fixture
def server(school):
    app = DemoServer(school, ServerOptions(today=TODAY))
    thread = ServerThread(app)
    yield app, thread
    thread.stop()


@asynccontextmanager
async def portal_at(url: str, cache_path: Path):
    account = AccountConfig(id="demo", server_url=url, username="demo", storage="ask")
    store = MemoryStore()
    store.set(account.id, "password", "demo")
    cache = Cache.open(cache_path)
    portal = Portal(account, store, cache, timeout=3)
    try:
        yield portal
    finally:
        await portal.close()
        cache.close()


@pytest.fixture
async def portal(server, tmp_path):
    async with portal_at(server[1].page_url, tmp_path / "demo.sqlite3") as portal:
        await portal.sync(sections=["school_life"])
        yield portal


def child_of(portal: Portal, key: str):
    return portal.child("Léa" if key == "lea" else "Hugo")


def cached_event(portal: Portal, child, when):
    """The absence (or delay) starting at ``when`` as the cache holds it, in any cached period."""
    for scope, _at in portal.cache.scopes(child.name, "school_life"):
        life = portal.read("school_life", child, scope).value
        for event in (*life.absences, *life.delays):
            if getattr(event, "start", getattr(event, "when", None)) == when:
                return event
    raise AssertionError(f"nothing at {when} in the cache")


def school_event(school, key: str, *, delay: bool = False, **flags):
    child = school.child(key)
    events = child.delays if delay else child.absences
    return next(e for e in events if all(getattr(e, k) == v for k, v in flags.items()))


def pdf(tmp_path: Path, name: str, content: bytes = b"%PDF-1.4 certificat") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


# -- justify -------------------------------------------------------------------------------------


async def test_an_absence_justified_with_a_certificate_waits_for_the_school_and_the_next_sync_says_so(
    portal, server, school, tmp_path
):
    app, _thread = server
    wanted = max(
        (a for a in school.child("lea").absences if a.to_justify_by_parents and not a.pending),
        key=lambda a: a.start,
    )
    lea = child_of(portal, "lea")
    event = cached_event(portal, lea, wanted.start)
    assert event.editable and not event.pending
    certificate = b"%PDF-1.4 certificat du Dr BERNARD" * 50
    form = Justification(
        "MALADIE AVEC CERTIFICAT",
        "Fièvre depuis dimanche.",
        pdf(tmp_path, "certif médical Léa.pdf", certificate),
    )
    after = await actions.justify(portal, lea, event, form)

    # The school holds it: the reason, the comment and the very bytes of the certificate.
    assert (wanted.parent_reason, wanted.parent_comment, wanted.pending) == (
        "MALADIE AVEC CERTIFICAT",
        "Fièvre depuis dimanche.",
        True,
    )
    (attachment,) = wanted.parent_documents
    stored = school.document(attachment.document)
    import base64

    assert hashlib.sha256(base64.b64decode(stored.data)).digest() == hashlib.sha256(certificate).digest()
    assert stored.name == "certif médical Léa.pdf"
    # What the app shows now is the server's own words, and no draft is left.
    assert after.pending and after.server_message == PENDING_MESSAGE
    assert [d.name for d in after.documents] == ["certif médical Léa.pdf"]
    assert Drafts(portal.cache).list() == []
    # A new session and sync: the cache says it again, and the certificate downloads back whole.
    await portal.close()
    await portal.sync(sections=["school_life"])
    again = cached_event(portal, lea, wanted.start)
    assert again.pending and again.parent_reason == "MALADIE AVEC CERTIFICAT"
    content = await portal.run(lambda client: client.download(again.documents[0]))
    assert hashlib.sha256(content).digest() == hashlib.sha256(certificate).digest()
    assert app.stats.requests["uploadfilesession"] == 1


async def test_a_delay_is_justified_without_a_document(portal, school):
    wanted = school_event(school, "lea", delay=True, to_justify_by_parents=True, justified=False)
    lea = child_of(portal, "lea")
    event = cached_event(portal, lea, wanted.time)
    after = await actions.justify(portal, lea, event, Justification("PROBLÈME DE TRANSPORT", "Bus supprimé."))
    assert after.pending and after.parent_reason == "PROBLÈME DE TRANSPORT"
    assert (wanted.parent_reason, wanted.justification, wanted.pending) == (
        "PROBLÈME DE TRANSPORT",
        "Bus supprimé.",
        True,
    )


def _old_lea(school):
    """Léa's absence to justify that is older than the school's 30 days."""
    return next(
        a
        for a in school.child("lea").absences
        if a.to_justify_by_parents and not a.pending and (TODAY - a.end.date()).days > 30
    )


CASES = {
    # what: (child, finds the school's event, form, the sentence the app says, exit code's class)
    "already justified": (
        "lea",
        lambda s: school_event(s, "lea", justified=True),
        Justification("DIVERS", "x"),
        "déjà justifiée",
        ActionRefused,
    ),
    "too late for Léa": (
        "lea",
        _old_lea,
        Justification("DIVERS", "x"),
        "délai dépassé",
        ActionRefused,
    ),
    "Hugo's delays": (
        "hugo",
        lambda s: school_event(s, "hugo", delay=True, to_justify_by_parents=True, justified=False),
        Justification("DIVERS", "x"),
        "ce retard",
        ActionRefused,
    ),
    "unknown reason": (
        "lea",
        lambda s: max((a for a in s.child("lea").absences if a.to_justify_by_parents), key=lambda a: a.start),
        Justification("GRÈVE DES BUS", "x"),
        "Choisissez un motif de la liste",
        BadInput,
    ),
    "certificate reason without comment or document": (
        "lea",
        lambda s: max((a for a in s.child("lea").absences if a.to_justify_by_parents), key=lambda a: a.start),
        Justification("MALADIE AVEC CERTIFICAT"),
        "demande un commentaire ou un justificatif",
        BadInput,
    ),
    # Only the server knows that Hugo's school wants a document every time: its words, as sent.
    "Hugo's absence without a document": (
        "hugo",
        lambda s: max(
            (a for a in s.child("hugo").absences if a.to_justify_by_parents), key=lambda a: a.start
        ),
        Justification("DIVERS", "Malade."),
        "Le serveur PRONOTE a refusé l'enregistrement : L'établissement demande un justificatif (document)",
        ActionRefused,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_each_refusal_is_one_french_sentence_and_keeps_the_draft(portal, school, server, case):
    key, find, form, sentence, error = CASES[case]
    wanted = find(school)
    child = child_of(portal, key)
    event = cached_event(portal, child, getattr(wanted, "start", getattr(wanted, "time", None)))
    before = copy.deepcopy(wanted)
    with pytest.raises(error) as caught:
        await actions.justify(portal, child, event, form)
    message = caught.value.user_message
    assert sentence in message and message.endswith(DRAFT_KEPT)
    assert "Traceback" not in message and "\n" not in message
    (draft,) = Drafts(portal.cache).list(child.name)
    assert draft.fields == form.fields() and draft.problem and draft.problem in message
    assert wanted == before  # the school kept nothing
    assert portal.freshness().offline_since is None  # a refusal is not "offline"


async def test_the_server_itself_refuses_what_the_app_would_not_send(portal, school):
    """Forcing the protocol client past the app's checks: the server's checks, in its words."""
    lea, hugo = child_of(portal, "lea"), child_of(portal, "hugo")

    async def refused(child, wanted, reason: Reason | None = None, *, comment="x", document=None) -> str:
        event = cached_event(portal, child, getattr(wanted, "start", getattr(wanted, "time", None)))

        async def go(client):
            life = await client.school_life(child.name, start=event_day(event), end=event_day(event))
            fresh = next(
                e for e in (*life.absences, *life.delays) if actions.event_key(e) == actions.event_key(event)
            )
            chosen = reason or actions.reasons_for(client.account, fresh)[0]
            await client.justify(child.name, fresh, chosen, comment, document)

        with pytest.raises(errors.WriteRefused) as caught:
            await go(await portal.connect())  # the protocol client itself, past the portal
        return str(caught.value)

    assert "déjà justifiée" in await refused(lea, school_event(school, "lea", justified=True))
    assert "30 jours" in await refused(lea, _old_lea(school))
    hugo_delay = school_event(school, "hugo", delay=True, to_justify_by_parents=True, justified=False)
    assert "retards en ligne" in await refused(hugo, hugo_delay)
    recent = max((a for a in school.child("lea").absences if a.to_justify_by_parents), key=lambda a: a.start)
    bad = Reason("89#" + "A" * 43, "MOTIF INVENTÉ")
    assert "ne fait pas partie de la liste" in await refused(lea, recent, bad)
    certificate = next(r for r in portal.snapshot().account.absence_reasons if r.needs_justification)
    assert "demande un commentaire ou un justificatif" in await refused(lea, recent, certificate, comment="")
    assert "1000 caractères" in await refused(lea, recent, comment="x" * 1001)
    assert not recent.pending


def event_day(event) -> date:
    return event.start.date() if hasattr(event, "start") else event.when.date()


# -- files chosen by the parent ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("vide.pdf", b"", "est vide"),
        ("énorme.pdf", b"%" * (5 * 1024 * 1024 + 1), "5 Mo au plus"),
        ("photo.heic", b"HEIC", "un PDF ou une image"),
    ],
)
async def test_a_file_the_school_would_refuse_is_said_before_anything_is_sent(
    portal, server, school, tmp_path, name, content, said
):
    app, _thread = server
    lea = child_of(portal, "lea")
    wanted = max((a for a in school.child("lea").absences if a.to_justify_by_parents), key=lambda a: a.start)
    event = cached_event(portal, lea, wanted.start)
    with pytest.raises(BadInput, match=said):
        await actions.justify(portal, lea, event, Justification("DIVERS", "x", pdf(tmp_path, name, content)))
    assert app.stats.requests["uploadfilesession"] == 0 and app.stats.requests["SaisieVieScolaire"] == 0
    assert Drafts(portal.cache).list()[0].problem


# -- warn of an absence ahead --------------------------------------------------------------------


async def test_lea_is_declared_absent_next_week_in_the_servers_words(portal, school, tmp_path):
    lea = child_of(portal, "lea")
    day = TODAY + timedelta(days=8)  # a Wednesday: the morning only
    form = Declaration(
        day,
        day,
        True,
        True,
        "RAISON FAMILIALE",
        "Rendez-vous médical.",
        pdf(tmp_path, "convocation.png", b"\x89PNG..."),
    )
    absence = await actions.declare(portal, lea, form, TODAY)
    assert absence is not None and absence.created_by_parent and absence.pending
    assert absence.server_message == DECLARED_MESSAGE
    grid = school.grid
    (kept,) = [a for a in school.child("lea").absences if a.declared_by_parent and a.start.date() == day]
    assert (kept.start.time(), kept.end.time()) == (grid.first_time, grid.lunch_start)
    assert kept.parent_reason == "RAISON FAMILIALE" and [d.name for d in kept.parent_documents] == [
        "convocation.png"
    ]
    assert Drafts(portal.cache).list() == []


DECLARE_CASES = {
    "a past day": ("lea", TODAY - timedelta(days=1), "date de début est passée", BadInput),
    "beyond 30 days": ("lea", TODAY + timedelta(days=31), "que jusqu'au 24/12/2026", BadInput),
    # The school does not take declarations for Hugo: only the server says so, in its words.
    "Hugo": (
        "hugo",
        TODAY + timedelta(days=2),
        "Les absences de Hugo ne peuvent pas être signalées",
        ActionRefused,
    ),
}


@pytest.mark.parametrize("case", list(DECLARE_CASES))
async def test_each_declaration_refusal_says_why_and_keeps_the_draft(portal, school, case):
    key, day, sentence, error = DECLARE_CASES[case]
    child = child_of(portal, key)
    count = len(school.child(key).absences)
    form = Declaration(day, day, True, False, "DIVERS", "x")
    with pytest.raises(error) as caught:
        await actions.declare(portal, child, form, TODAY)
    assert sentence in caught.value.user_message and caught.value.user_message.endswith(DRAFT_KEPT)
    assert actions.declare_draft(portal, child).fields == form.fields()
    assert len(school.child(key).absences) == count


async def test_the_server_refuses_declarations_it_does_not_allow(portal, school):
    lea = child_of(portal, "lea")
    existing = next(a for a in school.child("lea").absences if a.declared_by_parent)

    async def refused(start: HalfDay, end: HalfDay) -> str:
        async def go(client):
            await client.declare_absence(lea.name, start, end, client.account.absence_reasons[0], "x")

        with pytest.raises(errors.WriteRefused) as caught:
            await go(await portal.connect())
        return str(caught.value)

    assert "déjà passée" in await refused(HalfDay(TODAY - timedelta(days=1), True), HalfDay(TODAY, False))
    far = TODAY + timedelta(days=40)
    assert "au-delà du 24/12/2026" in await refused(HalfDay(far, True), HalfDay(far, False))
    same = existing.start.date()
    assert "déjà enregistrée" in await refused(HalfDay(same, True), HalfDay(same, False))
    nxt = TODAY + timedelta(days=2)
    assert "termine avant de commencer" in await refused(HalfDay(nxt, False), HalfDay(nxt, True))


async def test_without_the_right_the_app_says_so_and_the_server_refuses(school, tmp_path):
    school.parents[0].declare_absences = False
    app = DemoServer(school, ServerOptions(today=TODAY))
    with ServerThread(app) as thread:
        async with portal_at(thread.page_url, tmp_path / "c.sqlite3") as portal:
            await portal.connect()
            lea = child_of(portal, "lea")
            assert "AvecDeclarerUneAbsence" not in portal.snapshot().account.permissions
            day = TODAY + timedelta(days=2)
            with pytest.raises(BadInput, match="ne permet pas de prévenir d'une absence"):
                await actions.declare(portal, lea, Declaration(day, day, reason="DIVERS"), TODAY)
            assert app.stats.requests["SaisieVieScolaire"] == 0

            async def go(client):
                await client.declare_absence(
                    lea.name, HalfDay(day, True), HalfDay(day, False), client.account.absence_reasons[0]
                )

            with pytest.raises(errors.WriteRefused, match="Votre compte ne permet pas"):
                await go(await portal.connect())


# -- offline ---------------------------------------------------------------------------------------


async def test_offline_nothing_is_sent_the_draft_is_kept_and_nothing_is_sent_later(server, school, tmp_path):
    app, thread = server
    cache_path = tmp_path / "demo.sqlite3"
    async with portal_at(thread.page_url, cache_path) as portal:
        await portal.sync(sections=["school_life"])
        lea = child_of(portal, "lea")
    wanted = max((a for a in school.child("lea").absences if a.to_justify_by_parents), key=lambda a: a.start)
    # The same account and cache, the server out of reach (nothing listens on that port any more).
    gone = DemoServer(copy.deepcopy(BASE), ServerOptions(today=TODAY))
    with ServerThread(gone) as elsewhere:
        dead_url = elsewhere.page_url
    async with portal_at(dead_url, cache_path) as portal:
        event = cached_event(portal, lea, wanted.start)
        form = Justification("DIVERS", "Malade.")
        with pytest.raises(Offline) as caught:
            await actions.justify(portal, lea, event, form)
        assert caught.value.user_message.startswith("Hors ligne") and DRAFT_KEPT in caught.value.user_message
        (draft,) = Drafts(portal.cache).list()
        assert draft.fields == form.fields() and "ne répond pas" in draft.problem
    # Back online: a sync sends nothing on its own; the draft waits for the parent.
    async with portal_at(thread.page_url, cache_path) as portal:
        await portal.sync(sections=["school_life"])
        assert app.stats.requests["SaisieVieScolaire"] == 0 and not wanted.pending
        assert len(Drafts(portal.cache).list()) == 1
