"""``espace-parents serve``: who may open it (the real command in a subprocess, plain HTTP requests).

The link's token works once, for one browser (it is exchanged for a session cookie); the page, the
websocket and the downloads need that cookie, the websocket also a same-origin ``Origin``; a host
that is not loopback is refused without ``--public`` and warned about with it; the page fetches
nothing outside. The browser itself: tests/test_serve_browser.py.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import os
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from espace_parents_tui.cli import serve

CLI = [sys.executable, "-m", "espace_parents_tui", "--today", "2026-11-24"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(world):
    port = _free_port()
    process = subprocess.Popen(
        [*CLI, "serve", "--demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Espace Parents dans le navigateur : http://127.0.0.1:"), line
        yield port, line.split(" : ", 1)[1].split()[0]
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    answer = connection.getresponse()
    answer.body = answer.read()  # type: ignore[attr-defined]
    connection.close()
    return answer


def _upgrade(port: int, cookie: str | None, origin: str | None) -> int:
    headers = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
    }
    if cookie:
        headers["Cookie"] = cookie
    if origin:
        headers["Origin"] = origin
    return _get(port, "/ws?width=80&height=24", headers).status


def test_the_link_works_once_and_everything_needs_its_cookie(served):
    port, link = served
    token_path = urlsplit(link).path + "?" + urlsplit(link).query
    assert _get(port, "/").status == 403
    assert _get(port, "/?token=not-the-token").status == 403
    refused = _get(port, "/?token=not-the-token")
    assert "Lien invalide ou déjà utilisé" in refused.body.decode()
    assert _upgrade(port, None, None) == 403
    assert _get(port, "/download/anything").status == 403

    first = _get(port, token_path)
    assert first.status == 303 and first.getheader("Location") == "/"
    cookie_header = first.getheader("Set-Cookie")
    assert "HttpOnly" in cookie_header and "SameSite=Strict" in cookie_header
    cookie = cookie_header.split(";", 1)[0]
    assert cookie.startswith(f"espace_parents_{port}=")

    assert _get(port, token_path).status == 403  # spent: another browser cannot use the link
    page = _get(port, "/", {"Cookie": cookie})
    assert page.status == 200
    html = page.body.decode()
    assert "data-session-websocket-url" in html and "googleapis" not in html
    policy = page.getheader("Content-Security-Policy")
    assert "default-src 'self'" in policy and f"ws://127.0.0.1:{port}" in policy
    assert _get(port, "/", {"Cookie": cookie.split("=")[0] + "=forged"}).status == 403
    # The websocket: the cookie, and the page's own origin.
    assert _upgrade(port, cookie, "http://evil.example") == 403
    assert _upgrade(port, None, f"http://127.0.0.1:{port}") == 403
    # The terminal's script is textual-serve's, in screen-reader mode (the text is in the page).
    script = _get(port, "/static/js/textual.js").body.decode()
    assert serve.A11Y_TO in script


def test_a_network_address_needs_public_and_is_warned_about(world):
    refused = subprocess.run(
        [*CLI, "serve", "--demo", "--host", "0.0.0.0"], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2
    assert refused.stderr.startswith("espace-parents : Refusé : 0.0.0.0 n'est pas une adresse locale")
    assert "Traceback" not in refused.stderr

    port = _free_port()
    process = subprocess.Popen(
        [*CLI, "serve", "--demo", "--host", "0.0.0.0", "--public", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None and process.stdout is not None
        warning = process.stderr.readline()
        assert warning.startswith("Attention : l'application est ouverte au réseau sur 0.0.0.0:")
        assert process.stdout.readline().startswith("Espace Parents dans le navigateur : http://0.0.0.0:")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_port_in_use_is_one_sentence(world):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*CLI, "serve", "--demo", "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 1
    assert done.stderr.startswith(f"espace-parents : Impossible d'écouter sur 127.0.0.1:{port}")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("host", "local"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("192.168.1.10", False), ("::", False), ("example.org", False)],
)  # fmt: skip
def test_loopback_hosts(host, local):
    assert serve.is_loopback(host) is local


def test_the_served_command_is_this_app_with_the_same_options():
    args = argparse.Namespace(
        demo=True, school="/tmp/école.toml", account=None, today="2026-11-24", lang="en", theme=None
    )
    command = serve.app_command(args)
    assert command.startswith(f"{sys.executable} -m espace_parents_tui --demo --school")
    assert "'/tmp/école.toml'" in command and "--today 2026-11-24 --lang en" in command


def test_the_gate_spends_the_token_once():
    gate = serve.Gate()
    assert not gate.spend("x") and not gate.spend("") and not gate.spend(None)
    assert gate.spend(gate.token) and not gate.spend(gate.token)
    assert gate.has_session(gate.session) and not gate.has_session("x") and not gate.has_session(None)
    assert serve.origin_allowed(None, "http://127.0.0.1:1")
    assert serve.origin_allowed("http://127.0.0.1:1", "http://127.0.0.1:1")
    assert not serve.origin_allowed("http://127.0.0.1:2", "http://127.0.0.1:1")
