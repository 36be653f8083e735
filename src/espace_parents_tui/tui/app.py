"""The Textual app: presentation only. It talks to the portal, never to PRONOTE or httpx.

It opens on what the cache holds at once, then syncs in the background; every failure becomes one
clear message and the screen stays usable. Keyboard first: one letter per section, ctrl+e for the
next child, ``?`` for help; bindings have ids so a user keymap can remap them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from espace_parents_tui.clock import SYSTEM, Clock
from espace_parents_tui.tui.kept import KeptStart
from espace_parents_tui.tui.palette import SectionCommands, open_palette, system_commands
from espace_parents_tui.tui.secrets import SecretChoices
from espace_parents_tui.tui.switching import SectionSwitching, ViewSwitcher
from espace_parents_tui.tui.views import ALL_VIEWS, help_body
from espace_parents_tui.tui.widgets.bars import KeyBar, SectionBar, TopBar
from espace_parents_tui.util.i18n import _, ngettext
from espace_parents_tui.util.textsafe import clean

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal

log = logging.getLogger(__name__)

PortalOpener = Callable[[], AbstractAsyncContextManager["Portal"]]


class EspaceParentsApp(KeptStart, SecretChoices, SectionSwitching, App[int]):
    TITLE = "Espace Parents"
    CSS_PATH = "styles/app.tcss"
    COMMANDS = App.COMMANDS | {SectionCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        *[
            Binding(
                view.letter,
                f"section('{view.key}')",
                view.short_title,
                show=False,
                id=f"section.{view.key}",
                tooltip=_("Rubrique {title}").format(title=view.short_title),
            )
            for view in ALL_VIEWS
        ],
        Binding(
            "ctrl+e",
            "next_child",
            _("Enfant suivant"),
            id="child.next",
            tooltip=_("Passer à l'enfant suivant"),
        ),
        *[
            Binding(str(n), f"pick_child({n - 1})", _("Enfant {n}").format(n=n), show=False, id=f"child.{n}")
            for n in range(1, 10)
        ],
        Binding(
            "ctrl+a",
            "next_account",
            _("Compte suivant"),
            show=False,
            id="account.next",
            tooltip=_("Passer au compte suivant (autre parent, autre établissement)"),
        ),
        Binding("s", "sync", _("Synchroniser"), id="sync", tooltip=_("Récupérer les nouveautés maintenant")),
        Binding("question_mark", "help", _("Aide"), id="help", tooltip=_("Touches et rubriques")),
        Binding("q", "quit", _("Quitter"), id="quit"),
    ]

    def __init__(
        self,
        opener: PortalOpener | None,
        *,
        clock: Clock = SYSTEM,
        sync_on_start: bool = True,
        watch_terminal: bool = True,
        theme: str | None = None,
        ask_password_for: Any = None,
        keep_as: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        # (account id, cache file): the account whose first paint is kept and painted (tui/kept.py).
        self._keep_as = keep_as
        self._theme_asked = theme
        # An "ask each time" account: its password is asked in a dialog, kept in memory only.
        self._ask_password_for = ask_password_for
        if theme:
            self.theme = theme
        self._theme_at_start = self.theme
        self._opener = opener
        self.clock = clock
        self._sync_on_start = sync_on_start
        self._watch_terminal = watch_terminal
        self._portal_cm: AbstractAsyncContextManager[Portal] | None = None
        self.portal: Portal | None = None
        self.kids: list[Child] = []
        self.child_index = 0
        self.current = "home"
        self.syncing = False
        self.sync_progress = ""
        self.last_problem: str | None = None

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        kept = self._kept_frame_at_start()
        if kept is not None:  # painted first; the screen below is built under it (tui/kept.py)
            yield kept
            return
        # Only the view on screen is built: the others (and their modules) when first shown.
        yield from self._screen_widgets(self._first_view())

    def _screen_widgets(self, view) -> list:
        return [
            TopBar(id="top-bar"),
            SectionBar(id="section-bar"),
            ViewSwitcher(view, initial=f"view-{self.current}", id="views"),
            KeyBar(),
        ]

    def today(self) -> date:
        return self.clock.today()

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        """Every notification of the app: what it says often quotes the server (a name, a
        refusal, a file), so it is cleaned of escape sequences and control characters here."""
        options.setdefault("markup", False)
        super().notify(clean(message), title=clean(title), **options)

    @property
    def child(self) -> Child | None:
        return self.kids[self.child_index] if self.kids else None

    # --- start and stop ---------------------------------------------------------------------

    async def on_mount(self) -> None:
        if self._kept_frame is not None:
            self._install_hangup_handlers()
            self.call_after_refresh(self._kept_painted)
            return
        self._show_bars()
        self._install_hangup_handlers()
        if self._ask_password_for is not None:
            self.ask_password()
        elif self._opener is None:
            self.show_login(can_cancel=False)
        else:
            self.open_portal()

    def ask_password(self) -> None:
        from espace_parents_tui.settings.deferred import TypedSecret
        from espace_parents_tui.tui.screens.login import PasswordScreen
        from espace_parents_tui.wiring.portals import open_account_portal

        account = self._ask_password_for

        def given(password: str | None) -> None:
            if not password:
                self.exit()
                return
            store = TypedSecret()
            store.set(account.id, account.secret_kind, password)
            self._opener = open_account_portal(account.id, store, self.clock)
            self.open_portal()

        self.push_screen(PasswordScreen(account.display_label), given)

    # --- adding an account ------------------------------------------------------------------

    def show_login(self, *, can_cancel: bool = True) -> None:
        from espace_parents_tui.service.onboarding import Onboarding
        from espace_parents_tui.settings.config import ConfigStore
        from espace_parents_tui.settings.credentials import MemoryStore
        from espace_parents_tui.tui.screens.login import LoginScreen

        self._login_store = None

        def factory(choice):
            self._login_store = choice.store if choice else None
            return Onboarding(ConfigStore(), choice.store if choice else MemoryStore())

        def logged_in(outcome) -> None:
            if outcome is None:
                return
            from espace_parents_tui.wiring.portals import clear_login_block, open_account_portal

            self.notify(_("Connecté : {parent_name}").format(parent_name=outcome.parent_name), markup=False)
            clear_login_block(outcome.account.id)  # the user acted: logins may be tried again
            self._opener = open_account_portal(outcome.account.id, self._login_store, self.clock)
            self.open_portal()

        self.push_screen(LoginScreen(factory, can_cancel=can_cancel), logged_in)

    async def choose_storage(self, *, allow_ask: bool):
        """Where the new account's secret goes: the keyring, or what the user picks without one."""
        import asyncio

        from espace_parents_tui.settings.credentials import FileStore, KeyringStore, probe_keyring
        from espace_parents_tui.settings.deferred import TypedSecret
        from espace_parents_tui.tui.screens.login import NoKeyringScreen, StorageChoice

        status = await asyncio.to_thread(probe_keyring)
        if status.usable and status.backend is not None:
            return StorageChoice("keyring", KeyringStore(status.backend))
        choice = await self.push_screen_wait(NoKeyringScreen(status.reason, allow_ask=allow_ask))
        if choice == "file":
            return StorageChoice("file", FileStore())
        if choice == "ask":
            return StorageChoice("ask", TypedSecret())
        return None

    @work(exclusive=True, group="portal", exit_on_error=False)
    async def open_portal(self) -> None:
        try:
            self._portal_cm = self._opener()
            self.portal = await self._portal_cm.__aenter__()
            self._load_children()
        finally:
            await self._build_under_kept()  # (nothing to do but on a kept first paint)
        if self.portal.cache.recovered:
            self.notify(self.portal.cache.recovered, severity="warning", markup=False, timeout=10)
        self._bind_views()
        if not self.kids:
            # Nothing cached yet (first run): log in first to learn the children.
            await self.portal.connect()
            self._load_children()
            self._bind_views()
        # Paint what the cache holds first; the background sync starts once it is on screen.
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        """The home screen is on screen with data: start the sync, log the start-up time."""
        if self._kept_frame is not None:
            self._show_bars()  # the real screen is laid out under the kept drawing: bars at their width
            self.call_after_refresh(self._drop_kept_frame)
            return
        if getattr(self, "_painted", False):
            return
        self._painted = True
        exiting = self._report_paint()
        self._keep_first_paint()  # (after the time is taken: the paint is on screen)
        if exiting:
            self.exit()  # benchmarks/startup.py: its processor time is the paint's alone
            return
        if self._sync_on_start:
            self.action_sync()

    def _report_paint(self) -> bool:
        """Log the start-up time (once); True when the benchmark asks the app to exit now."""
        if getattr(self, "_reported", False):
            return False
        self._reported = True
        started = float(os.environ.get("ESPACE_PARENTS_T0", "0") or 0)
        if started:
            import json
            import time

            elapsed = time.time() - started
            self.log(f"first paint {elapsed * 1000:.0f} ms after start")
            report = os.environ.get("ESPACE_PARENTS_STARTUP_REPORT")
            if report:
                with open(report, "w", encoding="utf-8") as handle:
                    json.dump({"first_paint_s": elapsed}, handle)
                return bool(os.environ.get("ESPACE_PARENTS_EXIT_AFTER_PAINT"))
        return False

    async def on_unmount(self) -> None:
        if self._portal_cm is not None:
            with contextlib.suppress(Exception):
                await self._portal_cm.__aexit__(None, None, None)

    def _install_hangup_handlers(self) -> None:
        """Exit cleanly when the terminal goes away (SIGHUP, or the TTY is gone). In a browser tab
        (``serve``: Textual's web driver) there is no TTY: textual-serve ends the app itself."""
        if not self._watch_terminal or self.is_headless or self.is_web:
            return
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            import asyncio

            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit)
        self.set_interval(2.0, self._check_terminal)

    def _check_terminal(self) -> None:
        try:
            alive = os.isatty(sys.__stdout__.fileno())
        except (OSError, ValueError, AttributeError):
            alive = False
        if not alive:
            self.exit()

    # --- children ---------------------------------------------------------------------------

    def _load_children(self) -> None:
        assert self.portal is not None
        names = [c.name for c in self.kids]
        self.kids = self.portal.children()
        current = names[self.child_index] if names else None
        if current and current in [c.name for c in self.kids]:
            self.child_index = [c.name for c in self.kids].index(current)
        else:
            self.child_index = 0

    def select_child(self, index: int) -> None:
        if 0 <= index < len(self.kids):
            self.child_index = index
            for view in self.views():
                if hasattr(view, "period"):
                    view.period = None  # type: ignore[attr-defined]
            self._bind_views()

    def action_next_child(self) -> None:
        if self.kids:
            self.select_child((self.child_index + 1) % len(self.kids))

    def action_pick_child(self, index: int) -> None:
        self.select_child(index)

    # --- accounts ---------------------------------------------------------------------------

    def other_accounts(self) -> list:
        """The configured accounts (none for the demo)."""
        from espace_parents_tui.settings.config import ConfigError, ConfigStore

        if self.portal is None or self.portal.account.id == "demo":
            return []
        try:
            return ConfigStore().accounts()
        except ConfigError:
            return []

    def action_next_account(self) -> None:
        accounts = self.other_accounts()
        if len(accounts) < 2:
            self.notify(_("Un seul compte : ajoutez-en un avec « espace-parents login »."), markup=False)
            return
        ids = [a.id for a in accounts]
        current = self.portal.account.id if self.portal else None
        self.switch_account(accounts[(ids.index(current) + 1) % len(ids)] if current in ids else accounts[0])

    @work(exclusive=True, group="account", exit_on_error=False)
    async def switch_account(self, account) -> None:
        """Close this account's session and cache, open another one's (one key, like children)."""
        from espace_parents_tui.wiring.portals import open_account_portal

        if self._portal_cm is not None:
            await self._portal_cm.__aexit__(None, None, None)
        self._portal_cm, self.portal = None, None
        self.kids, self.child_index, self._painted = [], 0, True
        self.notify(_("Compte : {display_label}").format(display_label=account.display_label), markup=False)
        if account.storage == "ask":
            self._ask_password_for = account
            self.ask_password()
            return
        self._opener = open_account_portal(account.id, clock=self.clock)
        self.open_portal()

    # --- sections: tui/switching.py ---------------------------------------------------------

    # --- sync and fetch ---------------------------------------------------------------------

    def action_sync(self) -> None:
        if self.portal is not None and not self.syncing and not self.wants_secret():
            self.run_sync()

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def run_sync(self) -> None:
        assert self.portal is not None
        self.syncing = True
        self._show_bars()
        try:
            report = await self.portal.sync(on_dataset=self._dataset_arrived, on_progress=self._progress)
        finally:
            self.syncing = False
            self.sync_progress = ""
            self._load_children()
            self._bind_views()
        if report.problems:
            problems = "\n".join(report.problems[:3])
            self.notify(problems, title=_("Rubriques non lues"), severity="warning", markup=False)
        news = [c for c in report.changes]
        if news:
            self.notify(
                "\n".join(f"• {c.summary}" for c in news[:6]) + ("\n…" if len(news) > 6 else ""),
                title=ngettext("{len} nouveauté", "{len} nouveautés", len(news)).format(len=len(news)),
                markup=False,
            )
        await self._settle_in_doubt()
        self.call_after_refresh(self.keep_if_as_at_start)  # for the next start (tui/kept.py)

    async def _settle_in_doubt(self) -> None:
        """A send cut last time (the app killed): say whether the school got it (in_doubt.py)."""
        from espace_parents_tui.service.actions import in_doubt

        assert self.portal is not None
        for verdict in await in_doubt.settle(self.portal):
            severity = "information" if verdict.received else "warning"
            self.notify(
                verdict.message, title=_("Envoi interrompu"), severity=severity, timeout=20, markup=False
            )

    def _progress(self, done: int, total: int) -> None:
        self.sync_progress = f"{done}/{total}"
        self._show_bars()

    def _dataset_arrived(self, section: str, child: str, scope: str, value: Any) -> None:
        """A sync stored nothing yet (one transaction at the end); views refresh when it ends."""

    def fetch_dataset(self, section: str, scope: str | None) -> None:
        from espace_parents_tui.service.sections import SECTIONS

        if self.portal is None or self.syncing:
            return
        if SECTIONS[section].per_child and self.child is None:
            return  # the children are not known yet: the sync will bring everything
        self.run_fetch(section, scope)

    @work(group="fetch", exit_on_error=False)
    async def run_fetch(self, section: str, scope: str | None) -> None:
        assert self.portal is not None
        await self.portal.fetch(section, self.child, scope)
        self.view(self.current).refresh_view()
        self._show_bars()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place where every background failure becomes a readable message."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        unexpected = _("Erreur inattendue : {name}").format(name=type(error).__name__)
        message = getattr(error, "user_message", None) or unexpected
        if not hasattr(error, "user_message"):
            log.error("worker %s failed", event.worker.name, exc_info=error)
        self.last_problem = message
        offline = type(error).__name__ in ("Offline", "SecretUnavailable")
        if type(error).__name__ == "SecretUnavailable":
            message = self.secret_unavailable(error, message)
        self.notify(
            message,
            title=_("Hors ligne") if offline else _("Problème"),
            severity="warning" if offline else "error",
            markup=False,
            timeout=8,
        )
        self._show_bars()

    # --- help and palette (Textual's own commands and search field in the run's language) -------

    get_system_commands = system_commands
    action_command_palette = open_palette

    def action_help(self) -> None:
        from espace_parents_tui.tui.screens.dialogs import InfoScreen

        self.push_screen(InfoScreen(_("Aide — Espace Parents"), help_body()))
