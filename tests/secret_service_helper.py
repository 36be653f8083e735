"""A private D-Bus session bus and an unlocked gnome-keyring, for tests that need a real Secret Service.

Shared by the credential-store tests and the command-line tests. Needs ``dbus-daemon``,
``gnome-keyring-daemon`` and ``secret-tool``; ``MISSING`` names what is absent so tests can skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = {
    "dbus-daemon": "dbus-daemon",
    "gnome-keyring-daemon": "gnome-keyring",
    "secret-tool": "libsecret-tools",
}

MISSING = [f"{tool} (paquet Debian {pkg})" for tool, pkg in TOOLS.items() if shutil.which(tool) is None]


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
