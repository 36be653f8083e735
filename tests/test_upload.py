"""File upload over the real HTTP path: our client's ``uploadfilesession`` against the emulated
server, in every protocol era. Sizes around the limit the school announces, slices of 100 KiB,
names with accents, spaces and ``../``, the order counter after an upload, and what the server
refuses (empty, too big, a type it does not take, a slice out of order, a damaged file).
Files are read back from the server by their hash, never compared with the client's own copy of
what it meant to send."""

from __future__ import annotations

import copy
import hashlib
from contextlib import asynccontextmanager
from datetime import date

import httpx
import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.pronote import errors, upload
from espace_parents_tui.pronote.calls.presence import WRITE
from espace_parents_tui.pronote.client import PronoteClient
from espace_parents_tui.pronote.upload import FileToSend

TODAY = date(2026, 11, 24)
BASE = demo_school(TODAY)
LIMIT = 250_000  # a small limit, so that a file at the limit still goes in three slices


def school_with_limit(limit: int = LIMIT):
    school = copy.deepcopy(BASE)
    school.uploads.max_bytes = limit
    return school


@asynccontextmanager
async def session(school=None, era: int = 3):
    challenge = "2026" if era == 3 else "legacy"
    app = DemoServer(school or school_with_limit(), ServerOptions(today=TODAY, era=era, challenge=challenge))
    async with running_server(app) as root:
        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password("demo", "demo")
            yield app, client


def received(app: DemoServer) -> list:
    """What the server holds from uploads, in every session."""
    return [u for s in app.sessions.values() for u in s.uploads.values()]


SERIAL = iter(range(1, 1000))


async def send(client: PronoteClient, file: FileToSend, request: str = WRITE) -> str:
    """An upload alone (under the session lock, as a write with files does it); its file id."""
    file_id = f"selecfile_1_{next(SERIAL)}"
    async with client._lock:
        await client._upload_locked(file, request, file_id)
    return file_id


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("era", [1, 2, 3])
async def test_a_file_over_100_kib_goes_in_slices_and_arrives_whole(era):
    content = bytes(range(256)) * 1300  # 332 800 bytes: four slices of at most 100 KiB
    async with session(school_with_limit(400_000), era) as (app, client):
        before = app.stats.requests["uploadfilesession"]
        file_id = await send(client, FileToSend("relevé bancaire.pdf", content))
        assert app.stats.requests["uploadfilesession"] - before == 4
        (kept,) = received(app)
        assert sha(kept.content) == sha(content)
        assert (kept.name, kept.request, kept.file_id) == ("relevé bancaire.pdf", WRITE, file_id)
        # The order counter is exact after an upload (it consumed a pair): the next call goes through.
        life = await client.school_life(client.account.children[0])
        assert life.absences


async def test_a_file_at_the_limit_is_taken_one_byte_more_is_refused_in_french():
    async with session() as (app, client):
        await send(client, FileToSend("au ras.pdf", b"%" * LIMIT))
        assert [len(u.content) for u in received(app)] == [LIMIT]
        with pytest.raises(errors.UploadRefused) as caught:
            await send(client, FileToSend("trop gros.pdf", b"%" * (LIMIT + 1)))
        assert "dépasse la taille autorisée" in str(caught.value)
        assert "(244 Ko)" in str(caught.value)
        assert [len(u.content) for u in received(app)] == [LIMIT]
        await client.school_life(client.account.children[0])  # the session goes on


async def test_an_empty_file_and_a_type_the_school_does_not_take_are_refused():
    async with session() as (app, client):
        with pytest.raises(errors.UploadRefused, match="vide"):
            await send(client, FileToSend("vide.pdf", b""))
        with pytest.raises(errors.UploadRefused, match="type de fichier"):
            await send(client, FileToSend("virus.exe", b"MZ\x90\x00"))
        assert received(app) == []
        await client.school_life(client.account.children[0])


async def test_names_with_accents_spaces_and_dot_dot_slash_are_kept_under_a_safe_name():
    async with session() as (app, client):
        await send(client, FileToSend("Certificat médical — Léa 2026.pdf", b"%PDF-1"))
        await send(client, FileToSend("../../etc/passwd.pdf", b"%PDF-2"))
        names = sorted(u.name for u in received(app))
        assert "Certificat médical — Léa 2026.pdf" in names
        (unsafe,) = [n for n in names if "passwd" in n]
        assert "/" not in unsafe and "\\" not in unsafe and not unsafe.startswith(".")


async def test_the_client_names_the_file_as_pronotes_picker_does():
    """``:/\\*?"<>|`` become ``_`` in the name the client sends (§1.5)."""
    async with session() as (app, client):
        await send(client, FileToSend('a:b*c?"d<e>f|g.pdf', b"%PDF"))
        (kept,) = received(app)
        assert kept.received_name == "a_b_c__d_e_f_g.pdf"  # as the client sent it


async def test_the_server_makes_any_name_safe_even_from_a_client_that_does_not():
    """A raw POST naming ``../../x.pdf`` (what a careless client could send)."""
    async with session() as (app, client):
        state, sess = client._session.state, client._session
        fields = upload.form_fields(
            sess.era, state.order_token(sess.order), sess.info.session_id, WRITE, "f1", ""
        )
        sess.order += 2
        url = f"{sess.root}/uploadfilesession/{sess.info.space}/{sess.info.session_id}"
        async with httpx.AsyncClient() as http:
            reply = await http.post(
                url,
                data=fields,
                files={"files[]": ("../../x.pdf", b"%PDF", "application/pdf")},
                headers={"content-disposition": 'attachment; filename="../../x.pdf"'},
            )
        assert reply.json()["etat"] == upload.DONE
        (kept,) = received(app)
        assert "/" not in kept.name and not kept.name.startswith(".") and kept.name.endswith("x.pdf")


async def test_a_damaged_file_and_a_stale_order_number_are_refused():
    async with session() as (app, client):
        sess = client._session
        url = f"{sess.root}/uploadfilesession/{sess.info.space}/{sess.info.session_id}"

        def fields(order: int, md5: str = "") -> dict:
            return upload.form_fields(
                sess.era, sess.state.order_token(order), sess.info.session_id, WRITE, "f", md5
            )

        async with httpx.AsyncClient() as http:
            wrong_md5 = fields(sess.order, hashlib.md5(b"autre chose").hexdigest())
            sess.order += 2
            reply = await http.post(
                url, data=wrong_md5, files={"files[]": ("a.pdf", b"%PDF", "application/pdf")}
            )
            assert reply.json()["etat"] == upload.FAILED and "MD5" in reply.json()["message"]
            # An order number the server is not at: the session cannot go on (as for a call).
            reply = await http.post(
                url, data=fields(sess.order + 6), files={"files[]": ("a.pdf", b"%PDF", "x")}
            )
            assert reply.json()["Erreur"]["G"] == 13
        assert received(app) == []


async def test_an_upload_into_an_expired_session_logs_in_again_and_sends_again():
    async with session() as (app, client):
        lea = client.account.children[0]
        target = next(a for a in (await client.school_life(lea)).absences if a.editable and not a.pending)
        for dead in app.sessions.values():
            dead.dead = True
        reason = client.account.absence_reasons[0]
        logins = client.logins_attempted
        # The justification names the absence's id of the dead session: after the new login the
        # server no longer knows it (error 22), which the client reports as such.
        with pytest.raises(errors.ExpiredObject):
            await client.justify(lea, target, reason, "Malade", FileToSend("c.pdf", b"%PDF"))
        assert client.logins_attempted == logins + 1
        assert [u.name for u in received(app)] == ["c.pdf"]  # sent again into the new session
