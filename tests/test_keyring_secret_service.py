"""The keyring store against a real Secret Service: a private D-Bus session and gnome-keyring.

Each daemon runs for this module only, under a temporary HOME/XDG tree, so the user's own keyring is
never touched. Needs ``dbus-daemon`` (Debian ``dbus-daemon``), ``gnome-keyring-daemon``
(``gnome-keyring``) and ``secret-tool`` (``libsecret-tools``); without them the tests skip and say
which is missing.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from espace_parents_tui import credentials as cr
from espace_parents_tui.config import AccountConfig

SECRET = "jeton-Sécret-7f3a9c1e5b"
TOOLS = {
    "dbus-daemon": "dbus-daemon",
    "gnome-keyring-daemon": "gnome-keyring",
    "secret-tool": "libsecret-tools",
}

_missing = [f"{tool} (paquet Debian {pkg})" for tool, pkg in TOOLS.items() if shutil.which(tool) is None]
pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Secret Service : Linux seulement"),
    pytest.mark.skipif(bool(_missing), reason="Secret Service absent, il manque : " + ", ".join(_missing)),
]


@dataclass
class SecretService:
    root: Path
    env: dict[str, str]
    procs: list[subprocess.Popen]

    def secret_tool(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["secret-tool", *args], env=self.env, capture_output=True, timeout=10)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _owns_secret_service(address: str) -> bool:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=address) as conn:
        return bool(conn.send_and_get_reply(message_bus.NameHasOwner("org.freedesktop.secrets")).body[0])


def start_secret_service(root: Path) -> SecretService:
    """A session bus and an unlocked gnome-keyring (password ``testpass``) under ``root``."""
    # No display either: an unlock prompt must never pop up on a developer's desktop.
    dropped = ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND", "DISPLAY", "WAYLAND_DISPLAY")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    for var, sub in (
        ("HOME", "home"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        env[var] = str(root / sub)
        (root / sub).mkdir(parents=True, mode=0o700, exist_ok=True)
    bus = subprocess.Popen(
        [
            "dbus-daemon",
            "--session",
            "--nofork",
            "--nopidfile",
            f"--address=unix:path={root}/run/bus",
            "--print-address=1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    service = SecretService(root, env, [bus])
    try:
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        if not env["DBUS_SESSION_BUS_ADDRESS"]:
            pytest.fail("dbus-daemon n'a pas démarré")
        keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        service.procs.append(keyring_daemon)
        keyring_daemon.stdin.write(b"testpass")
        keyring_daemon.stdin.close()
        # Ready once it owns the Secret Service name (asked without D-Bus activation, which would
        # start a second, locked daemon).
        deadline = time.monotonic() + 10
        while not _owns_secret_service(env["DBUS_SESSION_BUS_ADDRESS"]):
            if time.monotonic() > deadline or keyring_daemon.poll() is not None:
                pytest.fail("gnome-keyring-daemon n'a pas démarré")
            time.sleep(0.05)
    except BaseException:
        service.stop()
        raise
    return service


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
    code = "from espace_parents_tui.credentials import probe_keyring; s = probe_keyring(); print(s.usable, s.backend_name)"
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
            "from espace_parents_tui import credentials as cr\n"
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
