"""Documents to provide, through the protocol client against the emulated server: the list as the
school serves it, and the checks the server makes on a deposit even when a client skips its own
(a validated document, a deadline passed, a document the parents may not change, a file the
session never received, a replaced file that is no longer the deposited one)."""

from __future__ import annotations

import copy
import dataclasses
from contextlib import asynccontextmanager
from datetime import date

import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models.documents import DepositState
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.calls.documents import DEPOSIT
from espace_parents_tui.pronote.tabs import TAB_DOCUMENTS
from espace_parents_tui.pronote.upload import FileToSend

TODAY = date(2026, 11, 24)
STATES = {
    "manquant": DepositState.MISSING,
    "fourni": DepositState.PROVIDED,
    "valide": DepositState.VALIDATED,
    "refuse": DepositState.REFUSED,
}


@asynccontextmanager
async def logged_in():
    school = copy.deepcopy(demo_school(TODAY))
    app = DemoServer(school, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        from espace_parents_tui.pronote.client import PronoteClient

        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password("demo", "demo")
            yield school, client


async def test_the_list_is_the_schools_in_every_state():
    async with logged_in() as (school, client):
        for child in school.children:
            page = await client.documents(child.name)
            assert [(d.name, d.state, d.deadline) for d in page.requested] == [
                (d.name, STATES[d.state], d.deadline) for d in child.requested_documents
            ]
            for listed, wanted in zip(page.requested, child.requested_documents, strict=True):
                assert (listed.file is not None) == (wanted.document is not None)
                assert listed.refusal == wanted.refusal and listed.by_school == wanted.by_school
            assert [d.name for d in page.school] == [
                d.name for d in (*school.offered_documents, *child.offered_documents)
            ]
            assert [(d.file.name, d.unread) for d in page.locker] == [
                (d.name, not d.read) for d in child.locker
            ]


def _by_state(page, state: DepositState, **more):
    return next(
        d for d in page.requested if d.state is state and all(getattr(d, k) == v for k, v in more.items())
    )


async def test_the_server_refuses_deposits_it_does_not_allow():
    async with logged_in() as (school, client):
        lea, hugo = school.children
        page = await client.documents(lea.name)
        file = FileToSend("scan.pdf", b"%PDF-1.4")
        late = next(d for d in page.requested if d.past_deadline(TODAY))
        with pytest.raises(errors.WriteRefused, match="date limite de dépôt .* est dépassée"):
            await client.deposit_document(lea.name, late, file)
        validated = _by_state(page, DepositState.VALIDATED)
        # Past the client's own check (it would not send): the server says no all the same.
        forced = dataclasses.replace(validated, editable=True)
        with pytest.raises(errors.WriteRefused, match="déjà été validé"):
            await client.deposit_document(lea.name, forced, file)
        by_school = next(d for d in (await client.documents(hugo.name)).requested if d.by_school)
        assert not by_school.editable

        def nature(doc, files):
            return {"listeNaturesDocumentsAFournir": [{"N": doc.id, "L": doc.name, "E": 2, "listePJ": files}]}

        missing = _by_state(page, DepositState.MISSING, late_allowed=False)
        never_sent = [{"N": -1001, "G": 1, "L": "x.pdf", "E": 1, "idFichier": "selecfile_9_9"}]
        with pytest.raises(errors.WriteRefused, match="pas été reçu"):
            await client.call(DEPOSIT, nature(missing, never_sent), tab=TAB_DOCUMENTS, child=lea.name)
        provided = _by_state(page, DepositState.PROVIDED)
        stale = [{"N": page.locker[0].file.id, "G": 1, "L": "autre.pdf", "E": 3}]
        with pytest.raises(errors.WriteRefused, match="n'est plus celui déposé"):
            await client.call(DEPOSIT, nature(provided, stale), tab=TAB_DOCUMENTS, child=lea.name)
        # Nothing changed at the school.
        assert [d.state for d in lea.requested_documents] == [
            "manquant",
            "fourni",
            "valide",
            "refuse",
            "manquant",
        ]


async def test_replacing_a_refused_deposit_and_taking_one_back():
    async with logged_in() as (school, client):
        lea = school.children[0]
        page = await client.documents(lea.name)
        refused = _by_state(page, DepositState.REFUSED)
        await client.deposit_document(lea.name, refused, FileToSend("facture EDF.pdf", b"%PDF-new"))
        after = next(d for d in (await client.documents(lea.name)).requested if d.name == refused.name)
        assert after.state is DepositState.PROVIDED and after.file.name == "facture EDF.pdf"
        assert await client.download(after.file) == b"%PDF-new"
        await client.remove_deposit(lea.name, after)
        gone = next(d for d in (await client.documents(lea.name)).requested if d.name == refused.name)
        assert gone.state is DepositState.MISSING and gone.file is None
