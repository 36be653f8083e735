"""``espace-parents serve``: the same app in a browser tab, through textual-serve.

textual-serve (aiohttp) serves a page with xterm.js; each browser session opens a websocket and the
server starts the app in a subprocess (``python -m espace_parents_tui …`` with Textual's web driver)
and relays its screen and keys. The app is the terminal app, unchanged: its own dialogs ask for
passwords (it never reads a terminal nobody sees), and its cache, accounts and secrets are this
user's, on this machine.

Who may open it:

- it binds to 127.0.0.1 by default; a host that is not a loopback address is refused unless
  ``--public`` is given, and then a warning says that anyone reaching the port with the link gets the
  app and the family's data, over plain http;
- the printed URL carries a random token, good once: the first page load that shows it gets a
  session cookie (HttpOnly, SameSite=Strict, this port's) and is redirected to the bare address; the
  token is then spent. The page, the websocket and the downloads all require the cookie, and the
  websocket also a same-origin ``Origin``. Reloading that tab works (the cookie); the link opened
  anywhere else is refused: run ``serve`` again for a new link;
- nothing is fetched outside: the page's web font (Google Fonts in textual-serve's template) is
  removed, and a Content-Security-Policy keeps the page on this server.

xterm.js is switched to its screen-reader mode (one option added to textual-serve's script as it is
served): the terminal's text is then also in the page as text, for screen readers — and for the
browser test, which reads it.

Textual, Rich and aiohttp are imported only when the command runs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    import argparse

# The command line builds its parser with every command's options: what only ``serve`` needs
# (hmac, secrets, ipaddress, shlex, re) is imported when it runs.

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
DEFAULT_PORT = 8000
A11Y_FROM = "allowProposedApi:!0,"
A11Y_TO = "allowProposedApi:!0,screenReaderMode:!0,"
FONT_LINK = r"<link[^>]*fonts\.googleapis\.com[^>]*>\s*"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help=_("adresse d'écoute (par défaut : 127.0.0.1)"))
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=_("port (par défaut : {DEFAULT_PORT})").format(DEFAULT_PORT=DEFAULT_PORT),
    )
    parser.add_argument(
        "--public",
        action="store_true",
        help=_(
            "autorise une adresse autre que la boucle locale (le réseau peut alors joindre l'application)"
        ),
    )
    parser.add_argument("--demo", action="store_true", help=_("l'école de démonstration (rien à configurer)"))
    parser.add_argument("--school", metavar=_("FICHIER"), help=_("avec --demo : un autre fichier d'école"))
    parser.add_argument("--account", help=_("le compte à ouvrir (par défaut : le compte par défaut)"))
    parser.set_defaults(handler=run_serve)


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve starts for each browser session: this app, same options."""
    import shlex

    argv = [sys.executable, "-m", "espace_parents_tui"]
    if args.demo:
        argv.append("--demo")
    if getattr(args, "school", None):
        argv += ["--school", args.school]
    if getattr(args, "account", None):
        argv += ["--account", args.account]
    if getattr(args, "today", None):
        argv += ["--today", args.today]
    if getattr(args, "lang", None):
        argv += ["--lang", args.lang]
    if getattr(args, "theme", None):
        argv += ["--theme", args.theme]
    return shlex.join(argv)


def _random(size: int) -> str:
    import secrets

    return secrets.token_urlsafe(size)


def _same(one: str, other: str) -> bool:
    import hmac

    return hmac.compare_digest(one.encode(), other.encode())


@dataclass
class Gate:
    """The one-time token of the printed link, and the session cookie it is exchanged for."""

    token: str = field(default_factory=lambda: _random(24))
    session: str = field(default_factory=lambda: _random(32))
    spent: bool = False

    def has_session(self, cookie: str | None) -> bool:
        return bool(cookie) and _same(str(cookie), self.session)

    def spend(self, token: str | None) -> bool:
        """Whether ``token`` is the link's, unspent; spends it."""
        if self.spent or not token or not _same(str(token), self.token):
            return False
        self.spent = True
        return True


def origin_allowed(origin: str | None, public_url: str) -> bool:
    """A websocket from this page only (a browser always sends ``Origin``; other tools may not)."""
    return origin is None or origin.rstrip("/") == public_url.rstrip("/")


REFUSED_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Espace Parents</title></head>
<body><p>{text}</p></body></html>
"""


def run_serve(args: argparse.Namespace) -> int:
    from espace_parents_tui.cli.commands import CommandError

    if not is_loopback(args.host) and not args.public:
        raise CommandError(
            _(
                "Refusé : {host} n'est pas une adresse locale ; l'application et les données de la "
                "famille seraient joignables depuis le réseau (ajoutez --public si c'est voulu)."
            ).format(host=args.host),
            2,
        )
    if not 0 < args.port < 65536:
        raise CommandError(_("Port invalide : {port}.").format(port=args.port), 2)
    if args.public and not is_loopback(args.host):
        print(
            _(
                "Attention : l'application est ouverte au réseau sur {host}:{port}, en http non chiffré ; "
                "quiconque obtient le lien avant vous voit les données de la famille."
            ).format(host=args.host, port=args.port),
            file=sys.stderr,
        )
    server = _server_class()(app_command(args), host=args.host, port=args.port, title="Espace Parents")
    try:
        server.serve()
    except OSError as exc:
        raise CommandError(
            _(
                "Impossible d'écouter sur {host}:{port} ({why}) : choisissez un autre port avec --port."
            ).format(host=args.host, port=args.port, why=exc.strerror or exc),
            1,
        ) from exc
    return 0


def _server_class() -> Any:
    """textual-serve's ``Server`` with the gate, the local page and the accessible terminal."""
    from aiohttp import web
    from textual_serve import server as textual_serve_server
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    running: set[AppService] = set()

    class TrackedAppService(AppService):
        """The app of one browser session, known so that stopping ``serve`` ends it too."""

        async def start(self, width: int, height: int) -> None:
            running.add(self)
            await super().start(width, height)

        async def stop(self) -> None:
            running.discard(self)
            await super().stop()

    textual_serve_server.AppService = TrackedAppService  # what handle_websocket builds

    class GuardedServer(Server):
        def __init__(self, command: str, *, host: str, port: int, title: str) -> None:
            shown = f"[{host}]" if ":" in host else host
            super().__init__(command, host=host, port=port, title=title, public_url=f"http://{shown}:{port}")
            self.gate = Gate()
            self.cookie = f"espace_parents_{port}"

        @property
        def link(self) -> str:
            return f"{self.public_url}/?token={self.gate.token}"

        def initialize_logging(self) -> None:  # textual-serve's Rich log would print every request
            import logging

            logging.basicConfig(level=logging.DEBUG if os.environ.get("EP_SERVE_DEBUG") else logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            """textual-serve prints its logo here; the link is printed once the port listens."""

        async def on_shutdown(self, app: web.Application) -> None:
            """Ctrl+C: each open session's app is asked to quit, and waited for."""
            for service in list(running):
                with contextlib.suppress(Exception):
                    await service.stop()

        def announce(self, *_ignored: object) -> None:
            print(
                _("Espace Parents dans le navigateur : {link}").format(link=self.link),
                _("(lien à usage unique ; Ctrl+C pour arrêter)"),
                flush=True,
            )

        def serve(self, debug: bool = False) -> None:
            import asyncio
            import signal

            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for number in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError):
                    loop.add_signal_handler(number, self.request_exit)
            # run_app calls ``print`` once the sockets listen: the link is good when it is shown.
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=self.announce,
            )

        async def _make_app(self) -> web.Application:
            import aiohttp_jinja2
            import jinja2

            app = web.Application(middlewares=[self._gatekeeper])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get("/ws", self.handle_websocket, name="websocket"),
                    web.get("/download/{key}", self.handle_download, name="download"),
                    web.get("/static/js/textual.js", self.handle_script),
                    web.static("/static", self.statics_path, name="static"),
                ]
            )
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        @web.middleware
        async def _gatekeeper(self, request: web.Request, handler: Any) -> web.StreamResponse:
            if request.path.startswith("/static/"):
                return await handler(request)  # the page's script and styles: no data in them
            if self.gate.has_session(request.cookies.get(self.cookie)):
                if request.path == "/ws" and not origin_allowed(
                    request.headers.get("Origin"), self.public_url
                ):
                    return _refused(_("Connexion refusée : elle ne vient pas de la page de l'application."))
                return _secure(await handler(request), self.public_url)
            if request.path == "/" and self.gate.spend(request.query.get("token")):
                answer = web.HTTPSeeOther("/")  # the token leaves the address bar and the history
                answer.set_cookie(self.cookie, self.gate.session, httponly=True, samesite="Strict", path="/")
                return answer
            return _refused(
                _(
                    "Lien invalide ou déjà utilisé : relancez « espace-parents serve » pour obtenir un "
                    "nouveau lien."
                )
            )

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            page = await Server.handle_index(self, request)  # textual-serve's template, rendered
            import re

            text = re.sub(FONT_LINK, "", page.text or "", flags=re.IGNORECASE | re.DOTALL)  # no outside font
            return web.Response(text=text, content_type="text/html", charset="utf-8")

        async def handle_script(self, request: web.Request) -> web.StreamResponse:
            script = (self.statics_path / "js" / "textual.js").read_text(encoding="utf-8")
            return web.Response(text=script.replace(A11Y_FROM, A11Y_TO, 1), content_type="text/javascript")

    return GuardedServer


def _refused(text: str) -> Any:
    from html import escape

    from aiohttp import web

    return web.Response(
        status=403, text=REFUSED_PAGE.format(text=escape(text)), content_type="text/html", charset="utf-8"
    )


def _secure(response: Any, public_url: str) -> Any:
    """The page stays on this server: scripts, styles, fonts, images and sockets from here only."""
    if getattr(response, "content_type", "") == "text/html":
        socket = "ws:" + public_url.split(":", 1)[1]
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data:; font-src 'self' data:; connect-src 'self' {socket}"
        )
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
    return response
