"""Credential stores, the keyring probe and the "no keyring" path, without any real keyring."""

from __future__ import annotations

import ast
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, KeyringLocked, PasswordDeleteError

from espace_parents_tui.settings import credentials as cr
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import (
    CredentialError,
    CredentialTimeout,
    FileStore,
    KeyringStore,
    MemoryStore,
    NoKeyring,
    StoreChoice,
)

SECRET = "s3cr3t-Jeton-é-42"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    # keyring keeps the chosen backend in a global: restore it after each test.
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    return tmp_path


class _TestBackend(KeyringBackend):
    @classmethod
    def priority(cls):  # never viable: keyring must not pick these on its own
        raise RuntimeError("test backend")


class DictKeyring(_TestBackend):
    def __init__(self):
        super().__init__()
        self.data = {}

    def get_password(self, service, username):
        return self.data.get((service, username))

    def set_password(self, service, username, password):
        self.data[(service, username)] = password

    def delete_password(self, service, username):
        if self.data.pop((service, username), None) is None:
            raise PasswordDeleteError("absent")


class HangingKeyring(_TestBackend):
    """A locked keyring waiting for a desktop prompt nobody will answer."""

    release = threading.Event()

    def get_password(self, *args):
        self.release.wait()

    set_password = delete_password = get_password  # type: ignore[assignment]


class LockedKeyring(_TestBackend):
    def get_password(self, *args):
        raise KeyringLocked("Failed to unlock the collection!")

    set_password = delete_password = get_password  # type: ignore[assignment]


class LeakyKeyring(DictKeyring):
    """A backend whose error message quotes the password it was given."""

    def set_password(self, service, username, password):
        raise KeyringError(f"refused to store {password!r}")


class PlaintextKeyring(DictKeyring):
    pass


PlaintextKeyring.__module__ = "keyrings.alt.file"


class CryptFileKeyring(DictKeyring):
    pass


CryptFileKeyring.__module__ = "keyrings.cryptfile.cryptfile"


@pytest.fixture
def hanging():
    HangingKeyring.release.clear()
    yield HangingKeyring()
    HangingKeyring.release.set()  # let the daemon threads end


def account(storage="keyring") -> AccountConfig:
    return AccountConfig(id="dupont", server_url="https://x.test/pronote/", username="u", storage=storage)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---- the stores' common semantics -----------------------------------------------------------------


@pytest.fixture(params=["memory", "file", "keyring"])
def store(request, tmp_path):
    if request.param == "memory":
        return MemoryStore()
    if request.param == "file":
        return FileStore(tmp_path / "secrets" / "credentials.json")
    return KeyringStore(DictKeyring())


def test_store_semantics(store):
    assert store.get("dupont", "token") is None
    store.set("dupont", "token", SECRET)
    store.set("dupont", "password", "mdp")
    store.set("martin", "token", "autre")
    assert store.get("dupont", "token") == SECRET
    store.set("dupont", "token", SECRET + "-suivant")  # each login rotates the token
    assert store.get("dupont", "token") == SECRET + "-suivant"
    store.delete("dupont", "password")
    store.delete("dupont", "password")  # missing: not an error
    assert store.get("dupont", "password") is None
    store.delete_all("dupont")
    assert store.get("dupont", "token") is None
    assert store.get("martin", "token") == "autre"
    for bad in (lambda: store.set("dupont", "pin", "x"), lambda: store.set("a:b", "token", "x")):
        with pytest.raises(ValueError):
            bad()
    with pytest.raises(ValueError):
        store.set("dupont", "token", "")
    assert SECRET not in repr(store) and "autre" not in repr(store)
    assert store.describe()


def test_keyring_store_uses_service_and_account_kind_names():
    backend = DictKeyring()
    KeyringStore(backend).set("dupont", "token", SECRET)
    assert backend.data == {("espace-parents", "dupont:token"): SECRET}


def test_file_store_modes_content_and_cleanup(tmp_path):
    store = FileStore()
    assert store.path == tmp_path / "data" / "espace-parents" / "credentials.json"
    store.delete_all("dupont")  # nothing stored yet: creates nothing
    assert not store.path.parent.exists()
    store.set("dupont", "token", SECRET)
    assert mode(store.path.parent) == 0o700 and mode(store.path) == 0o600
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["accounts"] == {"dupont": {"token": SECRET}}
    assert "NON SÉCURISÉ" in data["avertissement"] and "NON SÉCURISÉ" in store.describe()
    assert not store.is_secure
    store.delete_all("dupont")
    assert not store.path.exists()  # no secret left, no file left
    assert list(store.path.parent.iterdir()) == []


def test_file_store_write_order_is_fsync_then_replace(tmp_path, monkeypatch):
    store, events = FileStore(tmp_path / "s" / "c.json"), []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    store.set("dupont", "token", SECRET)
    assert events == ["fsync", "replace", "fsync"]


def test_file_store_failed_write_keeps_previous_token_and_hides_secret(tmp_path, monkeypatch):
    store = FileStore(tmp_path / "s" / "c.json")
    store.set("dupont", "token", "ancien")
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(CredentialError, match="Impossible d'enregistrer le jeton") as info:
        store.set("dupont", "token", SECRET)
    assert SECRET not in str(info.value)
    monkeypatch.undo()
    assert FileStore(store.path).get("dupont", "token") == "ancien"
    assert [p.name for p in store.path.parent.iterdir()] == ["c.json"]  # no temp file left


def test_file_store_corrupt_file(tmp_path):
    store = FileStore(tmp_path / "s" / "c.json")
    store.set("dupont", "password", SECRET)
    store.path.write_text('{"accounts": {"dupont": {"password": "' + SECRET, encoding="utf-8")
    with pytest.raises(CredentialError, match="illisible") as info:
        store.get("dupont", "password")
    assert str(store.path) in str(info.value) and SECRET not in str(info.value)
    store.set("dupont", "token", "neuf")  # a new token is never lost to a broken file
    assert store.get("dupont", "token") == "neuf"
    assert store.path.with_name("c.json.illisible").read_text(encoding="utf-8").endswith(SECRET)


def test_file_store_threads_do_not_lose_each_others_writes(tmp_path):
    store = FileStore(tmp_path / "s" / "c.json")
    threads = [threading.Thread(target=store.set, args=(f"compte-{i}", "token", f"t{i}")) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(store.get(f"compte-{i}", "token") == f"t{i}" for i in range(12))


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from espace_parents_tui.settings.credentials import FileStore
    store = FileStore(Path(sys.argv[1]))
    i = 0
    while True:
        i += 1
        store.set("dupont", "token", f"jeton-{i:08d}-" + "x" * 4000)
        print(i, flush=True)
    """
)


def test_kill_during_writes_never_leaves_half_a_file_and_never_loses_a_returned_token(tmp_path):
    path = tmp_path / "s" / "credentials.json"
    for round_ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        last = 0
        for _ in range(20 + 7 * round_):
            last = int(proc.stdout.readline())
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        token = json.loads(path.read_text(encoding="utf-8"))["accounts"]["dupont"]["token"]
        # set() had returned for `last`: that token (or a later one) is what is on disk.
        assert int(token.split("-")[1]) >= last
        assert mode(path) == 0o600
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".tmp")) == [
        "credentials.json"
    ]


# ---- errors never carry a secret --------------------------------------------------------------------


def test_keyring_errors_are_french_and_scrubbed():
    store = KeyringStore(LeakyKeyring())
    with pytest.raises(CredentialError) as info:
        store.set("dupont", "token", SECRET)
    message = str(info.value)
    assert message.startswith("Le trousseau a refusé l'opération (enregistrement du jeton de connexion)")
    assert SECRET not in message and "***" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_locked_keyring_store_error():
    with pytest.raises(CredentialError, match="verrouillé"):
        KeyringStore(LockedKeyring()).get("dupont", "token")


def test_hanging_keyring_store_call_times_out(hanging):
    start = time.monotonic()
    with pytest.raises(CredentialTimeout, match="ne répond pas"):
        KeyringStore(hanging, timeout=0.3).set("dupont", "token", SECRET)
    assert time.monotonic() - start < 2


# ---- the probe ----------------------------------------------------------------------------------


def test_probe_fail_backend_is_no_keyring():
    keyring.set_keyring(fail.Keyring())
    status = cr.probe_keyring()
    assert not status.usable and status.backend is None
    assert status.backend_name == "keyring.backends.fail.Keyring"
    assert "Pas de trousseau utilisable" in status.reason and "Secret Service" in status.reason


def test_probe_null_backend_from_env_is_no_keyring(monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    status = cr.probe_keyring()
    assert not status.usable and "désactivé" in status.reason


@pytest.mark.parametrize(
    "backend, words",
    [(PlaintextKeyring(), "simple fichier"), (CryptFileKeyring(), "demanderait son mot de passe")],
)
def test_probe_refuses_plaintext_and_prompting_backends(backend, words):
    keyring.set_keyring(backend)
    status = cr.probe_keyring()
    assert not status.usable and words in status.reason
    assert backend.data == {}  # not even the probe entry was written there


def test_probe_round_trips_and_leaves_nothing():
    backend = DictKeyring()
    status = cr.probe_keyring(backend=backend)
    assert status.usable and status.backend is backend and backend.data == {}
    assert "DictKeyring" in status.backend_name
    assert "backend=" not in repr(status)  # the backend object stays out of the repr


def test_probe_locked_backend():
    status = cr.probe_keyring(backend=LockedKeyring())
    assert not status.usable and "verrouillé" in status.reason


def test_probe_backend_that_drops_writes_is_unusable():
    class Forgetful(DictKeyring):
        def get_password(self, service, username):
            return None

    status = cr.probe_keyring(backend=Forgetful())
    assert not status.usable and "échoué" in status.reason


def test_probe_hanging_backend_reported_unusable_within_timeout(hanging):
    start = time.monotonic()
    status = cr.probe_keyring(timeout=0.3, backend=hanging)
    assert time.monotonic() - start < 1.5
    assert not status.usable and "ne répond pas" in status.reason
    assert "HangingKeyring" in status.backend_name


def make_chainer(*children):
    class FixedChainer(chainer.ChainerBackend):
        backends = list(children)

    return FixedChainer()


def test_chainer_uses_its_best_usable_child_directly():
    good = DictKeyring()
    status = cr.probe_keyring(backend=make_chainer(PlaintextKeyring(), good))
    assert status.usable and status.backend is good


def test_chainer_with_no_usable_child_is_no_keyring():
    status = cr.probe_keyring(backend=make_chainer(PlaintextKeyring(), null.Keyring()))
    assert not status.usable and "chaînés" in status.reason


# ---- choosing the store -------------------------------------------------------------------------


def test_choose_store_keyring_when_usable():
    status = cr.probe_keyring(backend=DictKeyring())
    choice = cr.choose_store(account(), status)
    assert isinstance(choice, StoreChoice) and isinstance(choice.store, KeyringStore)
    assert choice.store.is_secure and choice.warning is None


def test_choose_store_no_keyring_offers_two_choices_and_never_a_file():
    keyring.set_keyring(fail.Keyring())
    outcome = cr.choose_store(account(), cr.probe_keyring())
    assert isinstance(outcome, NoKeyring)
    assert [key for key, _ in outcome.choices] == ["ask", "file"]
    assert "NON SÉCURISÉ" in dict(outcome.choices)["file"]
    assert "demandé à chaque lancement" in outcome.message
    assert not FileStore().path.parent.exists()  # no silent plaintext fallback


def test_choose_store_explicit_choices():
    keyring.set_keyring(fail.Keyring())
    status = cr.probe_keyring()
    ask = cr.choose_store(account("ask"), status)
    assert isinstance(ask.store, MemoryStore) and "chaque lancement" in ask.warning
    for choice in (
        cr.choose_store(account("file"), status),
        cr.choose_store(account(), status, insecure_opt_in=True),
    ):
        assert isinstance(choice.store, FileStore) and not choice.store.is_secure
        assert "NON SÉCURISÉ" in choice.warning


def test_token_is_stored_before_returning_and_config_never_holds_it(tmp_path):
    """A login's token goes to the store at once; the config file and its folder never see it."""
    from espace_parents_tui.settings.config import ConfigStore

    config = ConfigStore()
    acc = account()
    config.add(acc)
    choice = cr.choose_store(acc, cr.probe_keyring(backend=DictKeyring()))
    choice.store.set(acc.id, "token", SECRET)
    config.update(AccountConfig(**{**acc.__dict__, "device_id": "NAV-1"}))
    for path in (tmp_path / "config").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


# ---- forgetting an account ----------------------------------------------------------------------


def test_forget_account_clears_every_store_even_if_one_fails(tmp_path):
    mem, file_, kr = MemoryStore(), FileStore(), KeyringStore(DictKeyring())
    for s in (mem, file_, kr):
        s.set("dupont", "token", SECRET)
        s.set("dupont", "password", "mdp")
        s.set("martin", "token", "garde")
    assert cr.forget_account("dupont", [mem, file_, kr]) == ["memory", "file", "keyring"]
    for s in (mem, file_, kr):
        assert s.get("dupont", "token") is None and s.get("dupont", "password") is None
        assert s.get("martin", "token") == "garde"
    mem.set("dupont", "token", SECRET)
    with pytest.raises(CredentialError, match="keyring") as info:
        cr.forget_account("dupont", [KeyringStore(LockedKeyring()), mem])
    assert mem.get("dupont", "token") is None and SECRET not in str(info.value)


def test_known_stores():
    assert [s.name for s in cr.known_stores()] == ["file"]
    status = cr.probe_keyring(backend=DictKeyring())
    assert [s.name for s in cr.known_stores(status)] == ["keyring", "file"]


def test_credentials_module_never_imports_textual_nor_getpass():
    tree = ast.parse(Path(cr.__file__).read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not {m for m in names if m.split(".")[0] in ("textual", "getpass")}, names
