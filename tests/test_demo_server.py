# Over 500 lines: the small test client and the stand-in pages every test here shares are defined in this file.
"""The emulated PRONOTE server, driven over real loopback HTTP.

The client side here is a deliberately small PRONOTE client written for these tests from the
``pronote.crypto`` primitives only (never the project's protocol client), plus pronotepy 2.15.7 as an
independent client. The school and the pages are tiny stand-ins defined in this file, so that the
server is tested on its own contract (``demo.pages``), whatever the demo school holds.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers

from espace_parents_tui.clock import Clock, DayClock
from espace_parents_tui.demo import serving as demo_server
from espace_parents_tui.demo.pages import PageFault, PageRequest
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread, running_server
from espace_parents_tui.pronote import crypto
from espace_parents_tui.util.waits import wait_until

TODAY = date(2026, 1, 15)

# --- stand-in school and pages -------------------------------------------------------------------


@dataclass
class Child:
    key: str
    name: str
    class_name: str


@dataclass
class Parent:
    login: str
    password: str
    name: str
    children: list[Child]
    tabs: list[int] | None = None


@dataclass
class School:
    name: str
    parents: list[Parent] = field(default_factory=list)


def stand_in_school() -> School:
    return School(
        "COLLÈGE PHILIPPE DE CHAMPAIGNE",  # holds "IP": the page must still not
        [
            Parent(
                "demo",
                "demo",
                "M. et Mme MARTIN",
                [Child("lea", "MARTIN Léa", "4B"), Child("tom", "MARTIN Tom", "6A")],
            ),
            Parent(
                "Dupont.A", "Secret-42", "Mme DUPONT", [Child("zoe", "DUPONT Zoé", "3C")], tabs=[7, 16, 49]
            ),
        ],
    )


def _child_n(request: PageRequest, child: Child) -> str:
    return request.ids.mint(4, f"child:{child.key}")


def page_fonction_parametres(request: PageRequest) -> dict:
    return {
        "General": {
            "PremierLundi": {"_T": 7, "V": "01/09/2025"},
            "DerniereDate": {"_T": 7, "V": "03/07/2026"},
            "ListePeriodes": [
                {
                    "N": "1#t1",
                    "L": "Trimestre 1",
                    "G": 2,
                    "dateDebut": {"_T": 7, "V": "01/09/2025"},
                    "dateFin": {"_T": 7, "V": "30/11/2025"},
                },
                {
                    "N": "1#t2",
                    "L": "Trimestre 2",
                    "G": 2,
                    "dateDebut": {"_T": 7, "V": "01/12/2025"},
                    "dateFin": {"_T": 7, "V": "28/02/2026"},
                },
            ],
            "ListeHeures": {"_T": 24, "V": [{"G": 0, "L": "08h00"}, {"G": 1, "L": "09h00"}]},
            "ListeHeuresFin": {"_T": 24, "V": [{"G": 0, "L": "09h00"}, {"G": 1, "L": "10h00"}]},
            "versionPN": ".".join(map(str, request.server_version)),
        },
    }


def page_parametres_utilisateur(request: PageRequest) -> dict:
    children = [
        {
            "N": _child_n(request, child),
            "L": child.name,
            "G": 4,
            "classeDEleve": {"L": child.class_name},
            "listeOngletsPourPeriodes": {
                "_T": 24,
                "V": [{"G": 198, "periodeParDefaut": {"V": {"N": "1#t2"}}}],
            },
        }
        for child in request.parent.children
    ]
    tabs = request.parent.tabs or [7, 16, 49, 198]
    return {
        "ressource": {
            "N": request.ids.mint(3, f"parent:{request.parent.login}"),
            "L": request.parent.name,
            "G": 3,
            "listeRessources": children,
        },
        "listeOnglets": [{"G": tab} for tab in tabs],
    }


def page_grades(request: PageRequest) -> dict:
    if request.child is None:
        raise PageFault(3, "Accès refusé")
    request.state["grades_read"] = request.state.get("grades_read", 0) + 1
    return {
        "eleve": request.child.name,
        "version": list(request.server_version),
        "jour": request.today.isoformat(),
    }


def page_files(request: PageRequest) -> dict:
    return {"fichier": {"N": request.ids.mint(1, "file:bulletin"), "L": "bulletin.pdf", "G": 1}}


def page_infos_perso(request: PageRequest) -> dict:
    return {"securisation": {"mode": 0}}


def page_boom(request: PageRequest) -> dict:
    raise PageFault(21, "Impossible d'afficher la page")


PAGES = {
    "FonctionParametres": page_fonction_parametres,
    "ParametresUtilisateur": page_parametres_utilisateur,
    "DernieresNotes": page_grades,
    "PageDocuments": page_files,
    "PageInfosPerso": page_infos_perso,
    "PageBoom": page_boom,
}
PAGE_TABS = {"DernieresNotes": 198, "PageDocuments": 16, "PageInfosPerso": 49, "PageBoom": 16}
FILES = {"file:bulletin": ("bulletin.pdf", "application/pdf", b"%PDF-1.4 bulletin")}


def open_file(school: School, key: str):
    return FILES.get(key)


def make_app(clock=None, **options) -> DemoServer:
    options.setdefault("today", TODAY)
    kwargs = {"clock": clock} if clock is not None else {}
    return DemoServer(
        stand_in_school(),
        ServerOptions(**options),
        pages=PAGES,
        page_tabs=PAGE_TABS,
        open_file=open_file,
        **kwargs,
    )


@contextlib.asynccontextmanager
async def serve(app: DemoServer) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    async with running_server(app) as root:
        assert root.startswith("http://127.0.0.1:")
        async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
            yield root, http


# --- a minimal test-side PRONOTE client ------------------------------------------------------------

# era -> envelope keys (order, name, payload) and payload keys (data, signature), written out
# independently of the server's own table.
ERA_KEYS = {
    1: ("numeroOrdre", "nom", "donneesSec", "donnees", "_Signature_"),
    2: ("numeroOrdre", "nom", "donneesSec", "data", "Signature"),
    3: ("no", "id", "dataSec", "data", "Signature"),
}
START_RE = re.compile(r"Start\((\{[^}]*\})\)")
VERSION_RE = re.compile(r">PRONOTE (\d+)\.(\d+)\.(\d+)")


class Fault(Exception):
    def __init__(self, code: int, title: str) -> None:
        super().__init__(f"{code} {title}")
        self.code = code
        self.title = title


class MiniClient:
    def __init__(self, http: httpx.AsyncClient, root: str, era: int = 3, page: str = "parent.html") -> None:
        self.http, self.root, self.era, self.page = http, root, era, page
        self.order_key, self.name_key, self.payload_key, self.data_key, self.sig_key = ERA_KEYS[era]
        self.cipher = crypto.CipherState()
        self.order = 1
        self.seed = crypto.new_iv_seed()
        self.identifiant_nav: str | None = None
        self.last_body: dict = {}

    async def open(self) -> str:
        response = await self.http.get(f"{self.root}/{self.page}")
        assert response.status_code == 200
        html = response.text
        self.params = json.loads(START_RE.search(html)[1])
        self.version = tuple(int(part) for part in VERSION_RE.search(html).groups())
        self.session, self.space = int(self.params["h"]), int(self.params["a"])
        if self.era == 3:
            self.encrypt, self.compress = self.params.get("CrA") is True, self.params.get("CoA") is True
        else:
            self.encrypt, self.compress = not self.params.get("sCrA"), not self.params.get("sCoA")
        return html

    async def post(
        self, function: str, data: dict | None = None, signature: dict | None = None, *, new_iv=None
    ):
        payload: dict = {}
        if signature:
            payload[self.sig_key] = signature
        if data is not None:
            payload[self.data_key] = data
        sent = self.order
        order = self.cipher.order_token(sent)
        body = {
            "session": self.session,
            self.order_key: order,
            self.name_key: function,
            self.payload_key: crypto.encode_request(
                payload, self.cipher, compress=self.compress, encrypt=self.encrypt
            ),
        }
        self.last_body = body
        response = await self.http.post(
            f"{self.root}/appelfonction/{self.space}/{self.session}/{order}", json=body
        )
        self.order += 2
        return response, sent, new_iv

    async def call(
        self, function: str, data: dict | None = None, signature: dict | None = None, *, new_iv=None
    ) -> dict:
        response, sent, new_iv = await self.post(function, data, signature, new_iv=new_iv)
        assert response.status_code == 200, response.text
        reply = response.json()
        if "Erreur" in reply:
            raise Fault(reply["Erreur"]["G"], reply["Erreur"]["Titre"])
        assert set(reply) == {"session", self.order_key, self.name_key, self.payload_key}
        assert reply["session"] == self.session and reply[self.name_key] == function
        if new_iv is not None:
            self.cipher.iv = new_iv
        assert self.cipher.read_order_token(reply[self.order_key]) == sent + 1
        self.raw_reply = reply
        decoded = crypto.decode_response(
            reply[self.payload_key], self.cipher, compress=self.compress, encrypt=self.encrypt
        )
        assert decoded.get("nom") == function
        return decoded[self.data_key]

    async def start(self, *, uuid_bytes: bytes | None = None) -> dict:
        await self.open()
        data = {
            "Uuid": base64.b64encode(uuid_bytes or self.seed).decode(),
            "identifiantNav": self.identifiant_nav,
        }
        answer = await self.call("FonctionParametres", data, new_iv=crypto.md5(self.seed))
        self.identifiant_nav = answer["identifiantNav"]
        return answer

    async def login(
        self, login: str, secret: str, *, mode: str = "password", uuid: str = "", mobile: bool = False
    ) -> dict:
        ident = {
            "genreConnexion": 0,
            "genreEspace": self.space,
            "identifiant": login,
            "pourENT": False,
            "enConnexionAuto": False,
            "demandeConnexionAuto": False,
            "demandeConnexionAppliMobile": mode == "qr" or mobile,
            "demandeConnexionAppliMobileJeton": mode == "qr",
            "enConnexionAppliMobile": mode == "token",
            "uuidAppliMobile": uuid,
            "loginTokenSAV": "",
        }
        idr = await self.call("Identification", ident)
        if idr["modeCompLog"]:
            login = login.lower()
        if idr["modeCompMdp"]:
            secret = secret.lower()
        key = crypto.md5((login + crypto.sha256_hex_upper(idr.get("alea", "") + secret)).encode())
        iv = self.cipher.iv
        if self.version >= (2026, 2, 5):
            assert re.fullmatch(r"[0-9a-f]{32}", idr["challenge"])
            answer = crypto.aes_encrypt(key, iv, idr["challenge"].encode()).hex()
        else:
            try:
                mixed = crypto.aes_decrypt(key, iv, bytes.fromhex(idr["challenge"])).decode()
                answer = crypto.aes_encrypt(key, iv, mixed[::2].encode()).hex()
            except (crypto.CryptoError, UnicodeDecodeError):
                answer = crypto.aes_encrypt(key, iv, b"wrong").hex()  # send it anyway: the server judges
        auth = await self.call(
            "Authentification", {"connexion": 0, "challenge": answer, "espace": self.space}
        )
        if "cle" in auth:
            text = crypto.aes_decrypt(key, iv, bytes.fromhex(auth["cle"])).decode()
            self.cipher.key = crypto.md5(bytes(int(part) for part in text.split(",")))
        return auth

    async def children(self) -> list[dict]:
        return (await self.call("ParametresUtilisateur"))["ressource"]["listeRessources"]


async def logged_in(http, root, era=3, login="demo", password="demo") -> MiniClient:
    client = MiniClient(http, root, era)
    await client.start()
    auth = await client.login(login, password)
    assert "cle" in auth
    return client


def grades_signature(client_children: list[dict], index: int = 0, tab: int = 198) -> dict:
    return {"onglet": tab, "membre": {"N": client_children[index]["N"], "G": 4}}


# --- the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("era", "challenge", "version"),
    [
        (1, "legacy", "2024.2.8"),
        (2, "legacy", "2025.1.2"),
        (3, "legacy", "2025.2.6"),
        (3, "2026", "2026.2.5"),
    ],
)
@pytest.mark.parametrize(("encrypt", "compress"), [(True, True), (False, False), (True, False)])
async def test_page_announces_session_flags_and_version(era, challenge, version, encrypt, compress):
    app = make_app(era=era, challenge=challenge, encrypt=encrypt, compress=compress)
    async with serve(app) as (root, http):
        html = (await http.get(f"{root}/parent.html?fd=1&login=true")).text
        mobile = (await http.get(f"{root}/mobile.parent.html")).text
    assert "IP" not in html and "IP" not in mobile  # pronotepy takes any "IP" for the ban page
    assert "<script>" in html and f">PRONOTE {version}" in html
    params = json.loads(START_RE.search(html)[1])
    assert re.fullmatch(r"\d+", params["h"]) and params["a"] == 2 and "d" in params
    assert json.loads(START_RE.search(mobile)[1])["a"] == 7
    assert params["h"] != json.loads(START_RE.search(mobile)[1])["h"]
    # pronotepy's own parsing: split on "," then ":", strip quotes
    pairs = dict(part.split(":") for part in START_RE.search(html)[1].strip("{}").split(","))
    assert pairs['"h"'].strip('"') == params["h"]
    if era == 3:
        assert ("CrA" in params) == encrypt and ("CoA" in params) == compress  # omitted when off
        assert "sCrA" not in params and "sCoA" not in params
        assert all(params[flag] is True for flag in ("CrA", "CoA") if flag in params)
    else:
        assert ("sCrA" in params) == (not encrypt) and ("sCoA" in params) == (not compress)
        assert "CrA" not in params and "CoA" not in params
    assert "http" not in params and "MR" not in params
    assert app.stats.page_gets == 2 and app.stats.sessions_created == 2


def test_options_reject_impossible_combinations():
    with pytest.raises(ValueError):
        ServerOptions(era=2, challenge="2026")
    with pytest.raises(ValueError):
        ServerOptions(era=4, challenge="legacy")
    with pytest.raises(ValueError):
        ServerOptions(two_factor="sms")
    assert ServerOptions(era=1, challenge="legacy").version == (2024, 2, 8)


# --- envelope, codec, login per era ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("era", "challenge", "encrypt", "compress"),
    [
        (1, "legacy", True, True),
        (1, "legacy", False, False),
        (2, "legacy", True, True),
        (3, "legacy", True, True),
        (3, "2026", True, True),
        (3, "2026", False, False),
        (3, "2026", True, False),
        (3, "2026", False, True),
    ],
)
async def test_login_and_calls_per_era(era, challenge, encrypt, compress):
    app = make_app(era=era, challenge=challenge, encrypt=encrypt, compress=compress)
    async with serve(app) as (root, http):
        client = MiniClient(http, root, era)
        params = await client.start()
        assert params["General"]["versionPN"] == ".".join(map(str, app.options.version))
        assert (client.encrypt, client.compress) == (encrypt, compress)
        # what travels on the wire: JSON object when neither flag, otherwise upper-case hex
        payload = client.raw_reply[client.payload_key]
        if encrypt or compress:
            assert isinstance(payload, str) and re.fullmatch(r"[0-9A-F]+", payload)
        else:
            assert isinstance(payload, dict) and client.data_key in payload
        auth = await client.login("DEMO", "demo")  # logins are compared case-insensitively (modeCompLog)
        assert auth["libelleUtil"] == "M. et Mme MARTIN" and auth["derniereConnexion"]["_T"] == 7
        assert "jetonConnexionAppliMobile" not in auth and "actionsDoubleAuth" not in auth
        children = await client.children()
        assert [c["L"] for c in children] == ["MARTIN Léa", "MARTIN Tom"]
        grades = await client.call("DernieresNotes", {}, grades_signature(children, 1))
        assert grades == {"eleve": "MARTIN Tom", "version": list(app.options.version), "jour": "2026-01-15"}
        keep_alive = "Presence" if era == 1 else "Navigation"
        other = "Navigation" if era == 1 else "Presence"
        assert await client.call(keep_alive, {"onglet": 7, "ongletPrec": 7}, {"onglet": 7}) == {}
        with pytest.raises(Fault) as fault:
            await client.call(other, {"onglet": 7, "ongletPrec": 7}, {"onglet": 7})
        assert fault.value.code == 21
    assert app.stats.requests["DernieresNotes"] == 1 and app.stats.login_attempts == 1
    assert app.stats.failed_logins == 0 and app.state["grades_read"] == 1


async def test_iv_and_key_switch():
    app = make_app()
    async with serve(app) as (root, http):
        client = MiniClient(http, root)
        await client.open()
        seed = client.seed
        assert client.cipher.order_token(1) == "3fa959b13967e0ef176069e01e23c8d7"  # pronotepy.md §1.4
        response, _, _ = await client.post("FonctionParametres", {"Uuid": base64.b64encode(seed).decode()})
        reply = response.json()
        with pytest.raises(crypto.CryptoError):  # not under the zero IV any more...
            crypto.decode_response(reply["dataSec"], crypto.CipherState(), compress=True, encrypt=True)
        after_iv = crypto.CipherState(iv=crypto.md5(seed))  # ...but under MD5(R)
        assert (
            "General"
            in crypto.decode_response(reply["dataSec"], after_iv, compress=True, encrypt=True)["data"]
        )
        assert after_iv.read_order_token(reply["no"]) == 2
        client.cipher.iv = crypto.md5(seed)
        await client.login("demo", "demo")
        assert client.cipher.key != crypto.md5(b"")  # the client switched to MD5(cle bytes)
        assert len(await client.children()) == 2  # the server switched too
        # a call still under the pre-login key is refused, and that session is over
        client.cipher.key = crypto.md5(b"")
        with pytest.raises(Fault) as fault:
            await client.call("ParametresUtilisateur")
        assert fault.value.code == 13


async def test_rsa_iv_mode_uses_the_announced_key():
    app = make_app(rsa_iv=True)
    async with serve(app) as (root, http):
        client = MiniClient(http, root)
        await client.open()
        assert client.params["http"] is True and "IP" not in (await http.get(f"{root}/parent.html")).text
        public = RSAPublicNumbers(int(client.params["ER"], 16), int(client.params["MR"], 16)).public_key()
        wrapped = public.encrypt(client.seed, asym_padding.PKCS1v15())
        data = {"Uuid": base64.b64encode(wrapped).decode(), "identifiantNav": None}
        await client.call("FonctionParametres", data, new_iv=crypto.md5(client.seed))
        assert "cle" in await client.login("demo", "demo")
        # PRONOTE's hard-coded public key is useless here: the emulator cannot decrypt with it
        other = MiniClient(http, root)
        await other.open()
        data = {"Uuid": base64.b64encode(crypto.rsa_encrypt(other.seed)).decode(), "identifiantNav": None}
        with pytest.raises(Fault) as fault:
            await other.call("FonctionParametres", data)
        assert fault.value.code == 21


async def test_calls_need_a_live_session_in_order():
    app = make_app()
    async with serve(app) as (root, http):
        client = MiniClient(http, root)
        await client.start()
        with pytest.raises(Fault) as fault:  # a page before login
            await client.call("ParametresUtilisateur")
        assert fault.value.code == 10
        assert "cle" in await client.login("demo", "demo")  # the session is still usable
        client.order += 2  # skip a number: the counters no longer agree
        with pytest.raises(Fault) as fault:
            await client.call("ParametresUtilisateur")
        assert fault.value.code == 13
        client.order -= 4
        with pytest.raises(Fault) as fault:  # the session is gone for good
            await client.call("ParametresUtilisateur")
        assert fault.value.code == 10
        ghost = MiniClient(http, root)
        ghost.session, ghost.space, ghost.encrypt, ghost.compress = 4242, 2, True, True
        with pytest.raises(Fault) as fault:
            await ghost.call("FonctionParametres", {"Uuid": ""})
        assert fault.value.code == 10
        bad = await http.post(f"{root}/appelfonction/2/4242/00", content=b"not json")
        assert bad.status_code == 400


# --- challenges, failures, lockout ----------------------------------------------------------------


@pytest.mark.parametrize("challenge", ["legacy", "2026"])
async def test_wrong_password_is_judged_by_the_server_and_counted(challenge):
    app = make_app(challenge=challenge)
    async with serve(app) as (root, http):
        client = MiniClient(http, root)
        await client.start()
        auth = await client.login("demo", "not-the-password")
        assert "cle" not in auth and auth == {"Acces": 1}
        unknown = await client.login("nobody", "demo")
        assert "cle" not in unknown
        assert "cle" in await client.login("demo", "demo")  # same session, right answer
    assert (app.stats.login_attempts, app.stats.failed_logins) == (3, 2)


async def test_legacy_challenge_interleaves_the_plain_text():
    app = make_app(challenge="legacy")
    async with serve(app) as (root, http):
        client = MiniClient(http, root)
        await client.start()
        data = {"identifiant": "demo", "genreEspace": 2, "uuidAppliMobile": ""}
        idr = await client.call("Identification", data)
        key = crypto.md5(("demo" + crypto.sha256_hex_upper(idr["alea"] + "demo")).encode())
        mixed = crypto.aes_decrypt(key, client.cipher.iv, bytes.fromhex(idr["challenge"])).decode()
        assert len(mixed) % 2 == 0 and len(mixed) >= 16
        # the raw 2026-style answer is wrong on a legacy server
        raw_answer = crypto.aes_encrypt(key, client.cipher.iv, idr["challenge"].encode()).hex()
        auth = await client.call("Authentification", {"connexion": 0, "challenge": raw_answer, "espace": 2})
        assert "cle" not in auth
    assert app.stats.failed_logins == 1


async def test_lockout_after_failed_logins():
    app = make_app(lockout_after=2)
    async with serve(app) as (root, http):
        client = MiniClient(http, root)
        await client.start()
        for _ in range(2):
            assert "cle" not in await client.login("demo", "bad")
        for password in ("bad", "demo"):  # even the right password is refused now
            with pytest.raises(Fault) as fault:
                await client.login("demo", password)
            assert fault.value.code == 25 and "authentification" in fault.value.title
        fresh = MiniClient(http, root)
        await fresh.start()
        with pytest.raises(Fault) as fault:
            await fresh.call("Identification", {"identifiant": "demo"})
        assert fault.value.code == 25
    assert (app.stats.login_attempts, app.stats.failed_logins, app.stats.locked_out) == (2, 2, 3)


# --- mobile tokens, QR codes, 2FA -------------------------------------------------------------------


async def test_token_rotation(caplog):
    caplog.set_level(logging.DEBUG)
    app = make_app()
    async with serve(app) as (root, http):
        first = MiniClient(http, root, page="mobile.parent.html")
        await first.start()
        assert first.space == 7
        auth = await first.login("demo", "demo", uuid="device-1", mobile=True)
        token1 = auth["jetonConnexionAppliMobile"]

        second = MiniClient(http, root, page="mobile.parent.html")
        await second.start()
        auth = await second.login("demo", token1, mode="token", uuid="device-1")
        token2 = auth["jetonConnexionAppliMobile"]
        assert "cle" in auth and token2 != token1
        assert len(await second.children()) == 2

        third = MiniClient(http, root, page="mobile.parent.html")
        await third.start()
        assert "cle" not in await third.login("demo", token1, mode="token", uuid="device-1")  # rotated out
        assert "cle" not in await third.login("demo", token2, mode="token", uuid="device-2")  # other device
        auth = await third.login("demo", token2, mode="token", uuid="device-1")
        assert "cle" in auth and auth["jetonConnexionAppliMobile"] not in (token1, token2)
    assert app.stats.failed_logins == 2
    logged = " ".join(caplog.messages)
    for secret in (token1, token2, auth["jetonConnexionAppliMobile"]):  # no token in any log line
        assert secret not in logged


def _open_qr(qr: dict, pin: str) -> tuple[str, str]:
    key = crypto.md5(pin.encode())
    login = crypto.aes_decrypt(key, crypto.ZERO_IV, bytes.fromhex(qr["login"])).decode()
    jeton = crypto.aes_decrypt(key, crypto.ZERO_IV, bytes.fromhex(qr["jeton"])).decode()
    return login, jeton


async def test_qr_code_login_single_use_and_ten_minutes():
    now = [1_000_000.0]

    class Stepped(Clock):
        def now(self):
            return datetime.fromtimestamp(now[0])

    app = make_app(clock=Stepped())
    async with serve(app) as (root, http):
        client = await logged_in(http, root)
        with pytest.raises(Fault):
            await client.call("JetonAppliMobile", {"code": "12"}, {"onglet": 7})
        data = await client.call("JetonAppliMobile", {"code": "4321"}, {"onglet": 7})
        login, jeton = _open_qr(data, "4321")
        assert login == "demo" and len(jeton) >= 32
        with pytest.raises(crypto.CryptoError):
            _open_qr(data, "0000")

        phone = MiniClient(http, root, page="mobile.parent.html")
        await phone.start()
        auth = await phone.login(login, jeton, mode="qr", uuid="phone-uuid")
        assert "cle" in auth and auth["jetonConnexionAppliMobile"]
        token = auth["jetonConnexionAppliMobile"]

        again = MiniClient(http, root, page="mobile.parent.html")
        await again.start()
        assert "cle" not in await again.login(login, jeton, mode="qr", uuid="phone-uuid")  # single use
        assert "cle" in await again.login(login, token, mode="token", uuid="phone-uuid")

        qr = app.issue_qr("demo", "9876", root)
        assert qr["avecPageConnexion"] is False and qr["url"] == f"{root}/mobile.parent.html"
        assert app.issue_qr("demo", "9876", f"{root}/parent.html")["url"] == qr["url"]
        qr = app.issue_qr("demo", "9876", root)  # a new QR replaces the previous one
        now[0] += 601  # ten minutes and a second later
        late = MiniClient(http, root, page="mobile.parent.html")
        await late.start()
        assert "cle" not in await late.login(*_open_qr(qr, "9876"), mode="qr", uuid="phone-uuid")
        qr = app.issue_qr("demo", "9876", root)
        now[0] += 599
        assert "cle" in await late.login(*_open_qr(qr, "9876"), mode="qr", uuid="phone-uuid")


@pytest.mark.parametrize(("mode", "actions"), [("pin", "[3]"), ("device", "[5]")])
async def test_two_factor(mode, actions):
    app = make_app(two_factor=mode)
    async with serve(app) as (root, http):
        client = MiniClient(http, root)
        await client.start()
        auth = await client.login("demo", "demo")
        assert "cle" in auth and auth["actionsDoubleAuth"]["V"] == actions
        assert json.loads(auth["actionsDoubleAuth"]["V"]) == [int(actions[1])]
        with pytest.raises(Fault) as fault:  # nothing else until the account is secured
            await client.children()
        assert fault.value.code == 3

        def pin(text: str) -> str:
            return client.cipher.encrypt(text.encode()).hex()

        register = {"action": 3, "avecIdentification": True, "strIdentification": "Terminal de test"}
        if mode == "pin":
            assert (
                await client.call("SecurisationCompteDoubleAuth", {"action": 0, "codePin": pin("0000")})
            ) == {"result": False}
            assert (await client.call("SecurisationCompteDoubleAuth", register))["result"] is False
            assert (await client.call("SecurisationCompteDoubleAuth", {"action": 0, "codePin": pin("1234")}))[
                "result"
            ]
        assert (await client.call("SecurisationCompteDoubleAuth", register))["result"] is True
        assert len(await client.children()) == 2

        # the device is now known through its identifiantNav: no second 2FA
        known = MiniClient(http, root)
        known.identifiant_nav = client.identifiant_nav
        await known.start()
        assert "actionsDoubleAuth" not in await known.login("demo", "demo")
        stranger = MiniClient(http, root)
        await stranger.start()
        assert "actionsDoubleAuth" in await stranger.login("demo", "demo")


# --- faults ---------------------------------------------------------------------------------------


async def test_session_expires_after_n_calls():
    app = make_app(expire_after_calls=5)
    async with serve(app) as (root, http):
        client = await logged_in(http, root)  # calls 1-3
        children = await client.children()  # 4
        await client.call("Navigation", {"onglet": 7, "ongletPrec": 7}, {"onglet": 7})  # 5
        for _ in range(2):
            with pytest.raises(Fault) as fault:
                await client.call("DernieresNotes", {}, grades_signature(children))
            assert fault.value.code == 10 and "expiré" in fault.value.title
        fresh = await logged_in(http, root)
        assert len(await fresh.children()) == 2


async def test_refused_and_foreign_tabs():
    app = make_app(refuse_tabs={198})
    async with serve(app) as (root, http):
        client = await logged_in(http, root)
        children = await client.children()
        with pytest.raises(Fault) as fault:
            await client.call("DernieresNotes", {}, grades_signature(children))
        assert (fault.value.code, fault.value.title) == (3, "Accès refusé")
        assert "fichier" in await client.call("PageDocuments", {}, grades_signature(children, tab=16))
        with pytest.raises(Fault) as fault:  # a page called under another tab than its own
            await client.call("PageDocuments", {}, grades_signature(children, tab=49))
        assert fault.value.code == 3
        with pytest.raises(Fault) as fault:  # a builder's own PageFault
            await client.call("PageBoom", {}, grades_signature(children, tab=16))
        assert (fault.value.code, fault.value.title) == (21, "Impossible d'afficher la page")
        with pytest.raises(Fault) as fault:
            await client.call("PageInconnue", {}, {"onglet": 16})
        assert fault.value.code == 21
        with pytest.raises(Fault) as fault:  # a tab that is not a number
            await client.call("PageDocuments", {}, {"onglet": [16], "membre": children[0]})
        assert fault.value.code == 3
        with pytest.raises(Fault) as fault:  # an id from no session of ours
            await client.call("PageDocuments", {}, {"onglet": 16, "membre": {"N": "4#stale", "G": 4}})
        assert fault.value.code == 22

        # a parent whose account lacks the grades tab
        other = await logged_in(http, root, login="dupont.a", password="Secret-42")
        zoe = await other.children()
        assert [c["L"] for c in zoe] == ["DUPONT Zoé"]
        with pytest.raises(Fault) as fault:
            await other.call("DernieresNotes", {}, {"onglet": 198, "membre": {"N": zoe[0]["N"], "G": 4}})
        assert fault.value.code == 3
        with pytest.raises(Fault) as fault:  # another family's child, even with a valid id format
            await other.call("PageDocuments", {}, {"onglet": 16, "membre": {"N": children[0]["N"], "G": 4}})
        assert fault.value.code == 22


async def test_malformed_and_http500_faults():
    app = make_app(malformed={"DernieresNotes"}, http500={"PageDocuments"})
    async with serve(app) as (root, http):
        client = await logged_in(http, root)
        children = await client.children()
        response, _, _ = await client.post("DernieresNotes", {}, grades_signature(children))
        assert response.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.text)
        response, _, _ = await client.post("PageDocuments", {}, grades_signature(children, tab=16))
        assert response.status_code == 500
        assert len(await client.children()) == 2  # the session and its counter survive both
    assert app.stats.requests["DernieresNotes"] == 1 and app.stats.requests["PageDocuments"] == 1


@pytest.mark.parametrize(
    ("fault", "text"),
    [
        ("ip_suspended", "Votre adresse IP est provisoirement suspendue"),
        ("site_unavailable", "momentanément indisponible"),
    ],
)
async def test_ip_suspended_and_site_unavailable(fault, text):
    app = make_app(**{fault: True})
    async with serve(app) as (root, http):
        for page in ("parent.html", "mobile.parent.html"):
            response = await http.get(f"{root}/{page}")
            assert response.status_code == 200 and text in response.text
            assert "Start(" not in response.text
        response = await http.post(f"{root}/appelfonction/2/1234567/00", json={})
        assert response.status_code in (403, 503) and text in response.text
    assert app.stats.sessions_created == 0 and app.stats.page_gets == 2


async def test_latency_is_added_to_every_request():
    app = make_app(latency_ms=150)
    async with serve(app) as (root, http):
        started = time.perf_counter()
        await http.get(f"{root}/parent.html")
        await http.get(f"{root}/infoMobileApp.json")
        assert time.perf_counter() - started >= 0.3


# --- files, instance information, stats -----------------------------------------------------------


async def test_external_files():
    app = make_app()
    async with serve(app) as (root, http):
        client = await logged_in(http, root)
        children = await client.children()
        ident = (await client.call("PageDocuments", {}, grades_signature(children, tab=16)))["fichier"]

        def url(value: dict, *, double_pad: bool = True, session: int | None = None) -> str:
            text = json.dumps(value).encode()
            if double_pad:  # pronotepy pads once more before the cipher's own padding
                pad = 16 - len(text) % 16
                text += bytes([pad]) * pad
            hex_id = client.cipher.encrypt(text).hex()
            return f"{root}/FichiersExternes/{hex_id}/{ident['L']}?Session={session or client.session}"

        for double_pad in (True, False):
            response = await http.get(url({"N": ident["N"], "Actif": True}, double_pad=double_pad))
            assert response.status_code == 200 and response.content == b"%PDF-1.4 bulletin"
            assert response.headers["content-type"] == "application/pdf"
            assert "bulletin.pdf" in response.headers["content-disposition"]
        assert (await http.get(url({"N": "1#inconnu", "Actif": True}))).status_code == 404
        assert (await http.get(url({"N": ident["N"], "Actif": True}, session=999))).status_code == 404
        assert (
            await http.get(f"{root}/FichiersExternes/00ff/x.pdf?Session={client.session}")
        ).status_code == 404
        other = await logged_in(http, root)  # ids are per session
        response = await http.get(url({"N": ident["N"], "Actif": True}, session=other.session))
        assert response.status_code == 404
    assert app.stats.file_gets == 6


async def test_info_mobile_app():
    app = make_app(era=3, challenge="legacy")
    async with serve(app) as (root, http):
        response = await http.get(f"{root}/infoMobileApp.json?id=0D264427-EEFC-4810-A9E9-346942A862A4")
    info = response.json()
    assert info["nomEtab"] == "COLLÈGE PHILIPPE DE CHAMPAIGNE" and info["version"] == [2025, 2, 6]
    assert info["CAS"]["actif"] is False and info["date"]
    assert {"nom": "Espace Parents", "URL": "mobile.parent.html", "genreEspace": 7} in info["espaces"]


async def test_stats_and_reset():
    app = make_app()
    async with serve(app) as (root, http):
        client = await logged_in(http, root)
        await client.children()
        assert app.stats.sessions_created == 1 and app.stats.page_gets == 1
        assert app.stats.requests == {
            "FonctionParametres": 1,
            "Identification": 1,
            "Authentification": 1,
            "ParametresUtilisateur": 1,
        }
        app.reset_stats()
        assert app.stats.requests == {} and app.stats.login_attempts == 0
        assert (await http.get(f"{root}/eleve.html")).status_code == 404
        assert (await http.get(root.rsplit("/", 1)[0] + "/", follow_redirects=False)).status_code == 302


def test_server_thread_serves_synchronous_callers():
    app = make_app()
    with ServerThread(app) as thread:
        assert thread.url.startswith("http://127.0.0.1:") and thread.page_url.endswith("/pronote/parent.html")
        with httpx.Client(trust_env=False) as http:
            assert "Start(" in http.get(thread.page_url).text
    with pytest.raises(httpx.ConnectError), httpx.Client(trust_env=False) as http:
        http.get(thread.page_url)


def test_the_printed_address_accepts_connections_before_uvicorn_runs():
    """``demo-server`` prints its address before uvicorn is imported: a client connecting then waits, not refused."""
    import socket

    sock = demo_server.bind_socket(0)
    try:
        with socket.create_connection(sock.getsockname(), timeout=2):
            pass  # queued in the backlog; without listen() this is ConnectionRefusedError
    finally:
        sock.close()


def test_command_line_arguments():
    from espace_parents_tui.cli.main import build_parser

    parser = build_parser()
    args = parser.parse_args(["demo-server"])
    assert (args.port, args.era, args.challenge, args.latency, args.today) == (8787, 3, None, 0.0, None)
    assert args.handler is demo_server.run_demo_server
    args = parser.parse_args(["demo-server", "--port", "0", "--era", "1", "--no-encryption", "--today", "2026-03-02"])
    assert (args.port, args.era, args.no_encryption, args.no_compression) == (0, 1, True, False)
    assert args.today == "2026-03-02"  # the support option, after the subcommand as before it
    assert parser.parse_args(["--today", "2026-03-03", "demo-server"]).today == "2026-03-03"


def test_demo_server_banner_and_write_school(tmp_path, capsys):
    import argparse

    from espace_parents_tui.demo import serving

    app = make_app()
    banner = serving._banner(app, "http://127.0.0.1:8787/pronote")
    assert "http://127.0.0.1:8787/pronote/parent.html" in banner
    assert "Identifiant : demo" in banner and "Mot de passe : demo" in banner
    pin = re.search(r"Code PIN du QR code : (\d{4})", banner)[1]
    qr = json.loads(re.search(r"^ +(\{.*\})$", banner, re.MULTILINE)[1])
    assert _open_qr(qr, pin)[0] == "demo" and qr["url"] == "http://127.0.0.1:8787/pronote/mobile.parent.html"

    parser = argparse.ArgumentParser()
    demo_server.add_arguments(parser)
    target = tmp_path / "ecole.json"
    args = parser.parse_args(["--write-school", str(target)])
    args.clock = DayClock(date(2026, 1, 15))
    assert args.handler(args) == 0
    assert json.loads(target.read_text(encoding="utf-8"))  # the built-in school, as a JSON file
    assert str(target) in capsys.readouterr().out


# --- pronotepy, the independent client ------------------------------------------------------------


@pytest.fixture
def no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.mark.pronotepy
@pytest.mark.parametrize("flags", [True, False])
def test_pronotepy_logs_in(no_proxy, flags):
    pronotepy = pytest.importorskip("pronotepy")
    app = make_app(era=3, challenge="2026", encrypt=flags, compress=flags)
    result: dict = {}

    def run() -> None:  # pronotepy is synchronous: keep it off any event loop
        with ServerThread(app) as thread:
            client = pronotepy.ParentClient(thread.page_url, "demo", "demo")
            result["logged_in"] = client.logged_in
            result["children"] = [child.name for child in client.children]
            client.set_child("MARTIN Tom")
            result["grades"] = client.post("DernieresNotes", 198, {})["dataSec"]["data"]
            result["periods"] = [period.name for period in client.periods]
            qr = client.request_qr_code_data("4321")
            phone = pronotepy.ParentClient.qrcode_login(qr, "4321", "uuid-de-test")
            result["qr"] = phone.logged_in
            again = pronotepy.ParentClient.token_login(**phone.export_credentials())
            result["token"] = again.logged_in and again.password != phone.password

    worker = threading.Thread(target=run)
    worker.start()
    wait_until(lambda: not worker.is_alive(), 60)
    assert result == {
        "logged_in": True,
        "children": ["MARTIN Léa", "MARTIN Tom"],
        "grades": {"eleve": "MARTIN Tom", "version": [2026, 2, 5], "jour": "2026-01-15"},
        "periods": ["Trimestre 1", "Trimestre 2"],
        "qr": True,
        "token": True,
    }
    assert app.stats.failed_logins == 0 and app.stats.login_attempts == 3
