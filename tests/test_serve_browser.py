"""``espace-parents serve`` in a real browser: headless Chromium (Debian's ``chromium``) driven by
playwright with ``executable_path`` (no browser download).

The browser opens the printed link, reaches the demo's home page, switches sections with keys and
takes a screenshot (kept as an artifact: ``$ESPACE_PARENTS_ARTIFACTS`` or the test's folder). The
terminal's text is read from the page (xterm.js in screen-reader mode keeps it as text). The link
works once: a second browser is refused. No request leaves 127.0.0.1. An account that keeps no
password is opened in the tab: the app's own dialog asks for it there (no prompt on the terminal
that started ``serve``, which nobody watches).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - dev extra missing
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent (paquet Debian « chromium »)"),
    pytest.mark.skipif(sync_playwright is None, reason="playwright absent (extra dev)"),
    pytest.mark.timeout(120),
]

TEXT = "document.querySelector('.xterm-accessibility-tree')?.innerText ?? ''"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _screen(page) -> str:
    return page.evaluate(TEXT)


def _wait_for_text(page, needle: str) -> None:
    """Until the terminal shows ``needle`` (the browser's own wait, on its clock)."""
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function(
            f"(needle) => ({TEXT}).replace(/\\s+/g, ' ').includes(needle)", arg=needle, timeout=45_000
        )
    except Timeout:
        raise AssertionError(f"{needle!r} never shown; the screen: {_screen(page)!r}") from None


def _artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ESPACE_PARENTS_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_serve_shows_the_demo_in_a_browser_and_the_link_works_once(world, tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "espace_parents_tui", "--today", "2026-11-24", "serve", "--demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("Espace Parents dans le navigateur : "), line + server.stderr.read()
        link = line.split(" : ", 1)[1].split()[0]
        origin = f"http://127.0.0.1:{port}"
        assert link.startswith(f"{origin}/?token=")

        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                ],
            )
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 700})
                asked: list[str] = []
                page.on("request", lambda request: asked.append(request.url))
                page.goto(link)
                assert page.url == f"{origin}/"  # the token left the address bar
                _wait_for_text(page, "Accueil — MARTIN Léa")

                page.focus(".xterm-helper-textarea")  # the keys go to the terminal (no click on the app)
                page.keyboard.press("e")  # Emploi du temps
                _wait_for_text(page, "Emploi du temps — semaine du 23/11/2026")
                page.keyboard.press("n")  # Notes
                _wait_for_text(page, "(o : mode, , . : période)")
                assert "Emploi du temps — semaine" not in _screen(page)
                page.keyboard.press("a")  # back home
                _wait_for_text(page, "Accueil — MARTIN Léa — Aujourd'hui")
                _wait_for_text(page, "08:00–09:00 MATHÉMATIQUES 204")  # the day's lessons, once synced
                home = _screen(page)
                assert "Mme ROMERO C. : Absent le mardi 24/11" in home.replace("\xa0", " ")
                shot = _artifacts(tmp_path) / "serve-home.png"
                page.screenshot(path=str(shot))
                (_artifacts(tmp_path) / "serve-home.txt").write_text(home, encoding="utf-8")
                _check_picture(shot)

                outside = [u for u in asked if not u.startswith((origin, f"ws://127.0.0.1:{port}", "data:"))]
                assert outside == []

                # The link again, from another browser (no cookie): refused, the token is spent.
                other = browser.new_context().new_page()
                answer = other.goto(link)
                assert answer is not None and answer.status == 403
                assert "Lien invalide ou déjà utilisé" in other.content()
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def _check_picture(path: Path) -> None:
    """The screenshot is a drawn screen, not a blank page."""
    from PIL import Image

    with Image.open(path) as picture:
        colours = picture.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 8


def test_serve_asks_an_accounts_password_in_the_tab(world, tmp_path):
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import ServerThread

    today = date(2026, 11, 24)
    app = DemoServer(demo_school(today), ServerOptions(today=today))
    with ServerThread(app) as thread:
        command = [sys.executable, "-m", "espace_parents_tui", "--today", today.isoformat()]
        login = [
            *command,
            "login",
            "--server",
            thread.page_url,
            "--username",
            "demo",
            "--password-stdin",
            "--ask",
        ]
        done = subprocess.run(
            [*login, "--account", "famille"], input="demo\n", capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        app.reset_stats()
        port = _free_port()
        server = subprocess.Popen(
            [*command, "serve", "--account", "famille", "--port", str(port)],
            stdin=subprocess.DEVNULL,  # nothing can be typed where serve runs
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            assert line.startswith("Espace Parents dans le navigateur : "), line + server.stderr.read()
            link = line.split(" : ", 1)[1].split()[0]
            with sync_playwright() as driver:
                browser = driver.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                try:
                    page = browser.new_page(viewport={"width": 1100, "height": 700})
                    page.goto(link)
                    _wait_for_text(page, "Mot de passe de")
                    assert app.stats.login_attempts == 0  # nothing sent before the password
                    page.focus(".xterm-helper-textarea")
                    page.keyboard.type("demo")
                    page.keyboard.press("Enter")
                    _wait_for_text(page, "Accueil — MARTIN Léa — Aujourd'hui")
                    _wait_for_text(page, "08:00–09:00 MATHÉMATIQUES 204")
                    page.screenshot(path=str(_artifacts(tmp_path) / "serve-password.png"))
                finally:
                    browser.close()
            assert app.stats.login_attempts == 1 and app.stats.failed_logins == 0
        finally:
            server.terminate()
            server.wait(timeout=30)
        assert server.stderr is not None
        assert "Mot de passe" not in server.stderr.read()  # never asked on the terminal
