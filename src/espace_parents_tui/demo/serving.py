"""Serving the emulated PRONOTE server with uvicorn, on 127.0.0.1 only.

- :func:`running_server`: an async context manager for tests and the app (``--demo``), on the
  caller's event loop;
- :class:`ServerThread`: the same in a background thread, for synchronous callers (pronotepy);
- :func:`add_arguments` / :func:`run_demo_server`: the ``espace-parents demo-server`` command.

The listening socket is bound here before uvicorn starts, so that port 0 (any free port) works and a
busy port is a plain ``OSError`` rather than a ``sys.exit`` inside uvicorn.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import secrets
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from espace_parents_tui.demo import protocol
from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.waits import wait_until

if TYPE_CHECKING:
    from espace_parents_tui.demo.server import DemoServer

HOST = "127.0.0.1"
DEFAULT_PORT = 8787


class DemoServerError(RuntimeError):
    """A failure of the ``demo-server`` command, with a French message for the user."""

    @property
    def user_message(self) -> str:
        return str(self)


def bind_socket(port: int) -> socket.socket:
    """A TCP socket bound to 127.0.0.1:``port`` (0 = any free port)."""
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and without it
    # every small answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        # Listening now, not when uvicorn starts: the address is printed (and a client may connect)
        # before uvicorn is even imported, and a bound socket that is not listening refuses.
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def root_url(sock: socket.socket) -> str:
    """The PRONOTE root served on ``sock``: ``http://127.0.0.1:PORT/pronote``."""
    return f"http://{HOST}:{sock.getsockname()[1]}/pronote"


def _quiet_server(app: Any) -> Any:
    """A uvicorn server that leaves the process's signal handlers alone (in-process use).

    uvicorn is imported here, not with the module: the command line's parser (``demo-server``'s
    options) and the app's start do not pay for it.
    """
    import uvicorn

    class QuietServer(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    return QuietServer(_config(app))


def _config(app: Any) -> Any:
    import uvicorn

    return uvicorn.Config(
        app,
        host=HOST,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )


@contextlib.asynccontextmanager
async def running_server(app: DemoServer, port: int = 0) -> AsyncIterator[str]:
    """Serve ``app`` on 127.0.0.1 on the running loop; yields the root URL (``.../pronote``)."""
    sock = bind_socket(port)
    server = _quiet_server(app)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise DemoServerError(_("Le serveur de démonstration n'a pas démarré."))
            await asyncio.sleep(0.005)
        yield root_url(sock)
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()


class ServerThread:
    """Serve ``app`` on 127.0.0.1 from a background thread; started on creation.

    ``url`` is the PRONOTE root (``http://127.0.0.1:PORT/pronote``), ``page_url`` the parent page.
    """

    def __init__(self, app: DemoServer, port: int = 0, *, start_timeout: float = 10.0) -> None:
        self.app = app
        self._sock = bind_socket(port)
        self.url = root_url(self._sock)
        self._server = _quiet_server(app)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="serveur-pronote-demo", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + start_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise DemoServerError(_("Le serveur de démonstration n'a pas démarré.")) from self._error
            time.sleep(0.005)

    @property
    def page_url(self) -> str:
        return self.url + "/parent.html"

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._sock])
        except BaseException as exc:  # noqa: BLE001 - reported by the constructor
            self._error = exc

    def stop(self) -> None:
        self._server.should_exit = True
        wait_until(lambda: not self._thread.is_alive(), 10)  # no timed join: see util.waits
        self._sock.close()

    def __enter__(self) -> ServerThread:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- the demo-server command ---------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--school", metavar="FICHIER", help=_("école à servir (JSON), au lieu de l'école de démonstration")
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=_("port d'écoute sur 127.0.0.1 (défaut {DEFAULT_PORT} ; 0 = n'importe quel port libre)").format(
            DEFAULT_PORT=DEFAULT_PORT
        ),
    )
    parser.add_argument(
        "--era",
        type=int,
        choices=(1, 2, 3),
        default=3,
        help=_("ère du protocole : 1 = PRONOTE 2024, 2 = 2025.1, 3 = 2025.2 et après (défaut 3)"),
    )
    parser.add_argument(
        "--challenge",
        choices=(protocol.CHALLENGE_LEGACY, protocol.CHALLENGE_2026),
        default=None,
        help=_("style du défi de connexion (défaut : 2026 en ère 3, legacy sinon)"),
    )
    parser.add_argument(
        "--no-encryption", action="store_true", help=_("désactive le chiffrement AES des appels")
    )
    parser.add_argument(
        "--no-compression", action="store_true", help=_("désactive la compression des appels")
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, metavar="MS", help=_("délai ajouté à chaque requête (ms)")
    )
    parser.add_argument(
        "--write-school",
        metavar="FICHIER",
        help=_("écrit l'école de démonstration intégrée dans FICHIER (JSON) et quitte"),
    )
    parser.set_defaults(handler=run_demo_server)


def run_demo_server(args: argparse.Namespace) -> int:
    from espace_parents_tui.demo import school as school_module
    from espace_parents_tui.demo.server import DemoServer, ServerOptions

    # ``--today`` (the command line's clock): the server's own day; else the real calendar.
    clock = args.clock
    today = clock.today()
    if args.write_school:
        try:
            school_module.dump_school(school_module.demo_school(today), args.write_school)
        except OSError as exc:
            raise DemoServerError(
                _("impossible d'écrire {write_school} ({value}).").format(
                    write_school=args.write_school, value=exc.strerror or exc
                )
            ) from exc
        print(_("École de démonstration écrite dans {write_school}.").format(write_school=args.write_school))
        return 0
    challenge = args.challenge or (protocol.CHALLENGE_2026 if args.era == 3 else protocol.CHALLENGE_LEGACY)
    try:
        options = ServerOptions(
            era=args.era,
            challenge=challenge,
            encrypt=not args.no_encryption,
            compress=not args.no_compression,
            latency_ms=max(0.0, args.latency),
            today=clock.fixed_day,
        )
    except ValueError as exc:
        raise DemoServerError(str(exc)) from exc
    try:
        school = school_module.load_school(args.school) if args.school else school_module.demo_school(today)
    except (OSError, ValueError) as exc:
        raise DemoServerError(_("école illisible : {exc}").format(exc=exc)) from exc
    app = DemoServer(school, options, clock=clock)
    try:
        sock = bind_socket(args.port)
    except OSError as exc:
        raise DemoServerError(
            _("impossible d'écouter sur {HOST}:{port} ({value}).").format(
                HOST=HOST, port=args.port, value=exc.strerror or exc
            )
        ) from exc
    root = root_url(sock)
    print(_banner(app, root), flush=True)
    import uvicorn

    server = uvicorn.Server(_config(app))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    return 0


def _banner(app: DemoServer, root: str) -> str:
    parents = list(app.school.parents)
    demo = next((p for p in parents if p.login == "demo"), parents[0] if parents else None)
    version = protocol.version_text(app.options.version)
    lines = [
        _("Serveur PRONOTE de démonstration ({version}, ère {era}) : {name}").format(
            version=version, era=app.options.era, name=app.school.name
        ),
        f"  Adresse : {root}/parent.html",
        f"  Adresse mobile : {root}/mobile.parent.html",
    ]
    if demo is not None:
        pin = f"{secrets.randbelow(10_000):04d}"
        qr = app.issue_qr(demo.login, pin, root)
        lines += [
            _("  Identifiant : {login}    Mot de passe : {password}").format(
                login=demo.login, password=demo.password
            ),
            _("  QR code de connexion (valable 10 minutes, une seule fois) :"),
            f"    {json.dumps(qr, ensure_ascii=False)}",
            _("  Code PIN du QR code : {pin}").format(pin=pin),
        ]
    lines.append(_("Ctrl+C pour arrêter."))
    return "\n".join(lines)
