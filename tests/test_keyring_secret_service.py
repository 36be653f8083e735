"""The keyring store against a real Secret Service: a private D-Bus session and gnome-keyring.

Each daemon runs for this module only, under a temporary HOME/XDG tree, so the user's own keyring is
never touched. Needs ``dbus-daemon`` (Debian ``dbus-daemon``), ``gnome-keyring-daemon``
(``gnome-keyring``) and ``secret-tool`` (``libsecret-tools``); without them the tests skip and say
which is missing.
"""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from espace_parents_tui.settings import credentials as cr
from espace_parents_tui.settings.config import AccountConfig
from secret_service_helper import MISSING, SecretService, start_secret_service  # noqa: F401

SECRET = "jeton-Sécret-7f3a9c1e5b"

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Secret Service : Linux seulement"),
    pytest.mark.skipif(bool(MISSING), reason="Secret Service absent, il manque : " + ", ".join(MISSING)),
]


@pytest.fixture(scope="module")
def secret_service(tmp_path_factory) -> Iterator[SecretService]:
    service = start_secret_service(tmp_path_factory.mktemp("secret-service"))
    with pytest.MonkeyPatch.context() as mp:
        for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
            mp.setenv(key, service.env[key])
        mp.setenv("DBUS_SESSION_BUS_ADDRESS", service.env["DBUS_SESSION_BUS_ADDRESS"])
        mp.delenv("PYTHON_KEYRING_BACKEND", raising=False)
        try:
            yield service
        finally:
            service.stop()


@pytest.fixture
def store(secret_service) -> cr.KeyringStore:
    from keyring.backends import SecretService as backend

    status = cr.probe_keyring(backend=backend.Keyring())
    assert status.usable, status.reason
    return cr.KeyringStore(status.backend)


def regular_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if stat.S_ISREG(p.lstat().st_mode)]


def test_fresh_process_detects_and_probes_the_secret_service(secret_service):
    code = "from espace_parents_tui.settings.credentials import probe_keyring; s = probe_keyring(); print(s.usable, s.backend_name)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=secret_service.env, capture_output=True, text=True, timeout=30
    )
    assert out.stdout.split() == ["True", "keyring.backends.SecretService.Keyring"], out.stderr
    # The probe's throw-away entry is gone.
    assert secret_service.secret_tool("search", "--all", "service", "espace-parents").stdout == b""


def test_token_is_in_the_secret_service_and_in_no_plain_file(secret_service, store):
    keyring_file = secret_service.root / "data" / "keyrings" / "login.keyring"
    before = keyring_file.read_bytes() if keyring_file.exists() else b""
    store.set("dupont", "token", SECRET)
    found = secret_service.secret_tool("lookup", "service", "espace-parents", "username", "dupont:token")
    assert found.returncode == 0 and found.stdout.decode("utf-8") == SECRET
    assert store.get("dupont", "token") == SECRET
    # gnome-keyring wrote the item to its own file, encrypted: it changed, and holds no clear secret.
    assert keyring_file.read_bytes() != before
    needles = [SECRET.encode("utf-8"), SECRET.encode("utf-16-le"), b"7f3a9c1e5b"]
    files = regular_files(secret_service.root)
    assert keyring_file in files
    for path in files:
        data = path.read_bytes()
        assert not any(n in data for n in needles), f"secret en clair dans {path}"
    assert not (secret_service.root / "data" / "espace-parents").exists()  # no file-store fallback


def test_forget_account_removes_it_from_the_secret_service(secret_service, store):
    store.set("martin", "token", "autre-jeton")
    store.set("martin", "password", "autre-mdp")
    store.set("garde", "token", "jeton-garde")
    assert cr.forget_account("martin", [store, cr.FileStore()]) == ["keyring", "file"]
    for kind in ("token", "password"):
        gone = secret_service.secret_tool("lookup", "service", "espace-parents", "username", f"martin:{kind}")
        assert gone.returncode != 0 and gone.stdout == b""
    kept = secret_service.secret_tool("lookup", "service", "espace-parents", "username", "garde:token")
    assert kept.stdout == b"jeton-garde"


def test_choose_store_picks_the_secret_service(secret_service):
    from keyring.backends import SecretService as backend

    status = cr.probe_keyring(backend=backend.Keyring())
    account = AccountConfig(id="dupont", server_url="https://x.test/pronote/", username="u")
    choice = cr.choose_store(account, status)
    assert isinstance(choice, cr.StoreChoice) and choice.store.describe().startswith("trousseau du système")


def test_locked_keyring_is_no_keyring(tmp_path):
    """A locked collection (the unlock prompt cannot show: no display) counts as no keyring."""
    service = start_secret_service(tmp_path)
    try:
        code = (
            "import secretstorage, time\n"
            "from keyring.backends import SecretService\n"
            "from espace_parents_tui.settings import credentials as cr\n"
            "c = secretstorage.get_default_collection(secretstorage.dbus_init()); c.lock()\n"
            "assert c.is_locked()\n"
            "t = time.monotonic(); s = cr.probe_keyring(timeout=3, backend=SecretService.Keyring())\n"
            "print(s.usable, time.monotonic() - t < 4); print(s.reason)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], env=service.env, capture_output=True, text=True, timeout=30
        )
        first, reason = out.stdout.splitlines()[:2] if out.stdout else ("", out.stderr)
        assert first == "False True", out.stderr
        assert "verrouillé" in reason or "ne répond pas" in reason
    finally:
        service.stop()
