"""The one API the UI and the command line talk to: cache-first reads, refresh, actions.

Reads answer from the cache at once, with the age of the data. A sync logs in through the protocol
client (one server session per account), fetches what a parent needs day to day first and the rest
after, never asks the same thing twice in one sync, writes everything in one transaction and
reports what changed. With no network or a server error the portal keeps answering from the cache
and says since when it is offline.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from espace_parents_tui.clock import SYSTEM, Clock
from espace_parents_tui.models import Child, SchoolSettings, UserAccount
from espace_parents_tui.pronote import errors
from espace_parents_tui.service.account_lock import AccountLock, lock_path_for
from espace_parents_tui.service.freshness import Freshness
from espace_parents_tui.service.home_proofs import HomeProofs
from espace_parents_tui.service.portal_guard import (  # noqa: F401  (the errors are the portal's API)
    LOGIN_BLOCK,
    AccountBusy,
    CredentialsProblem,
    LockedOut,
    Offline,
    PortalError,
    SecretUnavailable,
    SessionGuard,
    StorageProblem,
    aborts_sync,
)
from espace_parents_tui.service.sections import ACCOUNT, SECTIONS, Context, Section
from espace_parents_tui.service.sync_records import Recorder, failure_of, save_failures
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import CredentialError, CredentialStore
from espace_parents_tui.settings.deferred import KeyringUnavailable
from espace_parents_tui.store import Cache, Cached, CacheError, Change
from espace_parents_tui.store.quick import DEFAULT_SCOPES, remember_renders, render_value
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.pronote.client import PronoteClient

log = logging.getLogger(__name__)

ACCOUNT_SECTION = "_account"


@dataclass(frozen=True)
class AccountSnapshot:
    account: UserAccount
    settings: SchoolSettings


@dataclass
class SyncReport:
    changes: list[Change] = field(default_factory=list)
    # Sections that could not be read this time (French sentences); their cached data is kept.
    problems: list[str] = field(default_factory=list)
    # The same, as (child, section, scope) keys of the cache.
    failed: list[tuple[str, str, str]] = field(default_factory=list)
    datasets: int = 0
    skipped: int = 0  # datasets the home page proved unchanged (service/home_proofs.py)
    requests: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None


DatasetCallback = Callable[[str, str, str, Any], None]


class Portal(SessionGuard):
    """One parent account: its credentials, its cache, and (when online) its PRONOTE session."""

    def __init__(
        self,
        account: AccountConfig,
        store: CredentialStore,
        cache: Cache,
        *,
        clock: Clock = SYSTEM,
        timeout: float = 20.0,
        on_account_change: Callable[[AccountConfig], None] | None = None,
        lock_wait: float = 60.0,
        retry_login: bool = False,
    ) -> None:
        self.account = account
        self.store = store
        self.cache = cache
        self.clock = clock
        self._timeout = timeout
        self._on_account_change = on_account_change
        self._client: PronoteClient | None = None
        self._connect_lock = asyncio.Lock()
        # One process at a time in the account's PRONOTE session (none for an in-memory cache).
        self._account_lock = AccountLock(lock_path_for(cache.path)) if cache.path else None
        self.lock_wait = lock_wait
        # The user asked to try again after a refusal or a lockout (``sync --retry-login``).
        self.retry_login = retry_login
        # Options for the protocol client (tests: short retry pauses, an injected sleep).
        self.client_options: dict[str, Any] = {}
        # ``sync --record``: the next sync's raw answers are kept for support (sync_records.py).
        self.recorder: Recorder | None = None

    # --- reading from the cache -------------------------------------------------------------

    def snapshot(self) -> AccountSnapshot | None:
        """The account's snapshot, decoded again only once the cache was written (asked for often)."""
        key = (self.cache, self.cache.version())
        if getattr(self, "_snapshot_read", (None, None))[0] != key:
            cached = self.cache.get(ACCOUNT, ACCOUNT_SECTION, "all", AccountSnapshot)
            self._snapshot_read = (key, cached.value if cached else None)
        return self._snapshot_read[1]

    def children(self) -> list[Child]:
        snap = self.snapshot()
        return list(snap.account.children) if snap else []

    def child(self, name: str | None) -> Child | None:
        kids = self.children()
        if name is None:
            return kids[0] if kids else None
        needle = name.casefold()
        for kid in kids:
            if kid.name.casefold() == needle:
                return kid
        matches = [kid for kid in kids if needle in kid.name.casefold()]
        if len(matches) == 1:
            return matches[0]
        raise PortalError(
            _("Aucun enfant ne correspond à « {name} » (enfants : {value}).").format(
                name=name, value=", ".join(k.name for k in kids) or "aucun"
            )
        )

    def context(self, child: Child | None) -> Context | None:
        snap = self.snapshot()
        if snap is None:
            return None
        return Context(today=self.clock.today(), settings=snap.settings, child=child)

    def default_scope(self, section: str, child: Child | None) -> str | None:
        ctx = self.context(child)
        return SECTIONS[section].default_scope(ctx) if ctx else None

    def read(self, section: str, child: Child | None = None, scope: str | None = None) -> Cached | None:
        """A dataset from the cache, at once (``None`` when it was never fetched)."""
        spec = SECTIONS[section]
        scope = scope if scope is not None else self.default_scope(section, child)
        if scope is None:
            return None
        return self.cache.get(self._child_key(spec, child), section, scope, spec.value_type)

    def _remember_default_scopes(self) -> None:
        """What each section shows by default today, for ``show --offline --json``'s fast path
        (``store/quick.py``), which reads the stored JSON without the models that compute it."""
        snapshot_at = dict(self.cache.scopes(ACCOUNT, ACCOUNT_SECTION)).get("all")
        if snapshot_at is None or self.cache.read_only:
            return
        kids = self.children()
        sections: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        for name, spec in SECTIONS.items():
            scopes = {}
            for child in kids if spec.per_child else [None]:
                try:
                    scope = self.default_scope(name, child)
                except Exception:  # noqa: BLE001 - a section that cannot say: the full path will
                    continue
                if scope is not None:
                    scopes[child.name if child else ACCOUNT] = scope
                if name == "grades" and scope is not None and child is not None:
                    extras[child.name] = self._shown_averages(child, scope)
            sections[name] = {"per_child": spec.per_child, "scopes": scopes}
        recorded = {
            "day": self.clock.today().isoformat(),
            "snapshot_at": snapshot_at.isoformat(),
            "children": [c.name for c in kids],
            "sections": sections,
            "grades_extras": {k: v for k, v in extras.items() if v is not None},
        }
        defaults = [
            (owner, name, scope)
            for name, known in sections.items()
            for owner, scope in known["scopes"].items()
        ]
        with contextlib.suppress(CacheError):
            self.cache.set_meta(DEFAULT_SCOPES, json.dumps(recorded, ensure_ascii=False))
            remember_renders(self.cache, defaults)

    def _shown_averages(self, child: Child, scope: str) -> dict[str, Any] | None:
        """``show grades --json``'s ``shown_averages`` of the default period, with the grades' date."""
        from espace_parents_tui.service.averages import shown_averages
        from espace_parents_tui.store import codec

        cached = self.read("grades", child, scope)
        if cached is None:
            return None
        shown = json.loads(json.dumps(codec.to_jsonable(shown_averages(cached.value))))
        return {
            "scope": scope,
            "fetched_at": cached.fetched_at.isoformat(),
            "shown_averages": shown,
            "rendered": render_value(shown),  # as the fast path prints it
        }

    def offers(self, section: str, child: Child | None) -> bool:
        """Whether the school offers ``section`` to ``child``: its tab is in the account's tree and
        the cached answer is not the server saying it has nothing for this child. Unknown (never
        fetched) is not offered: the app shows no empty section."""
        spec = SECTIONS[section]
        snap = self.snapshot()
        if snap is None or not spec.offered(snap.account.tabs):
            return False
        cached = self.read(section, child)
        return cached is not None and bool(getattr(cached.value, "offered", True))

    def freshness(self) -> Freshness:
        offline = self.cache.get_meta("offline_since")
        return Freshness(
            last_sync=self.cache.last_sync(),
            offline_since=datetime.fromisoformat(offline) if offline else None,
            last_error=self.cache.get_meta("last_error"),
        )

    @staticmethod
    def _child_key(spec: Section, child: Child | None) -> str:
        if not spec.per_child:
            return ACCOUNT
        if child is None:
            raise PortalError(_("Choisissez un enfant."))
        return child.name

    # --- going online -----------------------------------------------------------------------

    async def connect(self) -> PronoteClient:
        """Log in (once per portal); the rotated token is stored before anything else happens."""
        async with self.session_use("connexion"), self._connect_lock:
            if self._client is not None and self._client.logged_in:
                return self._client
            self._check_login_block()
            # Read under the account lock: a token another process just rotated is the one used.
            secret = await self._secret()
            from espace_parents_tui.pronote.client import PronoteClient  # the network only when needed

            client = PronoteClient(
                self.account.server_url,
                timeout=self._timeout,
                device_id=self.account.device_id or None,
                on_token=self._save_token,
                refresh_secret=self._secret,
                **self.client_options,
            )
            client.today = self.clock.today
            client.on_answer = self.recorder.add if self.recorder is not None else None
            try:
                if self.account.login_mode == "token":
                    await client.login_token(self.account.username, secret, self.account.device_uuid)
                else:
                    await client.login_password(self.account.username, secret)
            except BaseException as exc:
                await client.close()
                raise self._translate(exc) from exc
            self._client = client
            # The children and the school's calendar, kept at once: known offline from now on.
            writer = self.cache.begin_sync(complete=False)
            writer.put(ACCOUNT, ACCOUNT_SECTION, "all", AccountSnapshot(client.account, client.settings))
            self._commit(writer)
            if client.device_id and client.device_id != self.account.device_id:
                self.account = replace(self.account, device_id=client.device_id)
                self._account_changed()
            self._mark_online()
            return client

    def _account_changed(self) -> None:
        """Keep the account's new settings (device id, token mode); a config that cannot be written
        (full disk, hand-edited into invalid TOML) is said in the log, and the sync goes on."""
        if self._on_account_change is None:
            return
        try:
            self._on_account_change(self.account)
        except Exception as exc:  # noqa: BLE001 - ConfigError, OSError: never worth failing a sync
            log.warning("account settings not saved: %s", exc)

    async def _secret(self) -> str:
        try:
            secret = await asyncio.to_thread(self.store.get, self.account.id, self.account.secret_kind)
        except KeyringUnavailable as exc:
            raise SecretUnavailable(exc.user_message, exc.reason) from exc
        except CredentialError as exc:
            raise CredentialsProblem(exc.user_message) from exc
        if not secret:
            what = _("le jeton de connexion") if self.account.login_mode == "token" else _("le mot de passe")
            raise CredentialsProblem(
                _(
                    "Aucun secret enregistré pour le compte « {id} » ({what}) : reconnectez-vous avec « espace-parents login »."
                ).format(id=self.account.id, what=what)
            )
        return secret

    async def _save_token(self, token: str) -> None:
        try:
            await asyncio.to_thread(self.store.set, self.account.id, "token", token)
        except CredentialError as exc:
            raise CredentialsProblem(
                _("Le nouveau jeton de connexion n'a pas pu être enregistré : ") + exc.user_message
            ) from exc
        if self.account.login_mode != "token":
            self.account = replace(self.account, login_mode="token")
            self._account_changed()

    # --- sync -------------------------------------------------------------------------------

    def plan(
        self, client: PronoteClient, sections: list[str] | None = None
    ) -> list[tuple[int, Section, Child | None, str]]:
        """What a sync fetches, day-to-day needs first (priority 0), each dataset once."""
        assert client.account is not None and client.settings is not None
        today = self.clock.today()
        wanted = [SECTIONS[name] for name in (sections or list(SECTIONS))]
        jobs: list[tuple[int, Section, Child | None, str]] = []
        seen: set[tuple[str, str, str]] = set()
        now = self.cache.clock()
        for spec in wanted:
            if not spec.offered(client.account.tabs):
                continue
            targets: list[Child | None] = list(client.account.children) if spec.per_child else [None]
            for child in targets:
                ctx = Context(today=today, settings=client.settings, child=child)
                fetched = (
                    dict(self.cache.scopes(child.name if child else ACCOUNT, spec.name))
                    if spec.max_age or spec.weekly
                    else {}
                )
                for scope, priority in spec.scopes(ctx):
                    key = (spec.name, child.name if child else ACCOUNT, scope)
                    if key in seen:
                        continue
                    if spec.week_is_kept(scope, fetched.get(scope)):
                        continue  # a past week, fetched once it had ended: it is final
                    if (
                        priority > 0
                        and spec.max_age
                        and scope in fetched
                        and now - fetched[scope] < spec.max_age
                    ):
                        continue  # fresh enough: what a parent needs day to day is always asked
                    seen.add(key)
                    jobs.append((priority, spec, child, scope))
        jobs.sort(key=lambda job: job[0])
        return jobs

    async def sync(
        self,
        *,
        sections: list[str] | None = None,
        on_dataset: DatasetCallback | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> SyncReport:
        """Fetch everything into the cache, in one transaction, and report what is new."""
        if self.cache.read_only:
            raise StorageProblem(self.cache.read_only)  # nothing could be kept: do not even log in
        async with self.session_use("synchronisation"):
            return await self._sync_locked(sections, on_dataset, on_progress)

    async def _sync_locked(
        self,
        sections: list[str] | None,
        on_dataset: DatasetCallback | None,
        on_progress: Callable[[int, int], None] | None,
    ) -> SyncReport:
        report = SyncReport(started_at=self.cache.clock())
        client = await self.connect()
        self._fresh_budget(client, retries=True)
        client.on_answer = self.recorder.add if self.recorder is not None else None
        sent_before = client.requests_sent
        writer = self.cache.begin_sync()
        writer.put(ACCOUNT, ACCOUNT_SECTION, "all", AccountSnapshot(client.account, client.settings))
        proofs = HomeProofs(self.cache, self.cache.clock(), trusting=self.recorder is None)
        jobs = proofs.order(self.plan(client, sections))
        failures: list[dict[str, Any]] = []
        for index, (_priority, spec, child, scope) in enumerate(jobs, start=1):
            child_key = child.name if child else ACCOUNT
            if proofs.unchanged(spec, child_key, scope):
                continue  # the home page proves the cached copy current
            try:
                again = spec.fetch_again if proofs.trusting else None  # a recorded sync reads all
                kept = self.cache.get(child_key, spec.name, scope, spec.value_type) if again else None
                if again and kept:  # what is final in the cached copy is not asked again
                    value = await again(client, child, scope, kept.value)
                else:
                    value = await spec.fetch(client, child, scope)
                items = spec.items_of(value, scope)
            except errors.PronoteError as exc:
                if aborts_sync(exc):
                    raise self._translate(exc) from exc
                # This dataset only: say which and why; its cached data stays as it was.
                report.problems.append(
                    _("{title} ({who}, {scope}) : {exc}").format(
                        title=_(spec.title_fr), who=child_key if child else _("compte"), scope=scope, exc=exc
                    )
                )
                report.failed.append((child_key, spec.name, scope))
                failures.append(failure_of(exc, child_key, spec.name, scope))
                continue
            except BaseException as exc:
                raise self._translate(exc) from exc
            writer.put(child_key, spec.name, scope, value, items, baseline=spec.baseline)
            proofs.seen(writer, spec, child_key, scope, value)
            report.datasets += 1
            if on_dataset:
                on_dataset(spec.name, child_key, scope, value)
            if on_progress:
                on_progress(index, len(jobs))
        report.changes, report.skipped = self._commit(writer), proofs.skipped
        if sections is None:  # a full sync: the failures the support bundle replays
            save_failures(self.cache, failures)
        if self.recorder is not None:
            self.recorder.save(self.cache, report.started_at.isoformat(timespec="seconds"))
        self._remember_default_scopes()
        self._mark_online()
        report.requests = client.requests_sent - sent_before
        report.finished_at = self.cache.clock()
        return report

    async def fetch(self, section: str, child: Child | None, scope: str | None = None) -> Cached:
        """Fetch one dataset now (e.g. a week not in the cache yet) and keep it."""
        spec = SECTIONS[section]
        if spec.per_child and child is None:
            raise PortalError(_("Choisissez un enfant."))
        async with self.session_use("lecture"):
            return await self._fetch_locked(spec, section, child, scope)

    async def _fetch_locked(
        self, spec: Section, section: str, child: Child | None, scope: str | None
    ) -> Cached:
        client = await self.connect()
        self._fresh_budget(client)
        try:
            current = client.current_child(child.name) if child is not None else None
        except errors.PronoteError as exc:
            raise PortalError(str(exc)) from exc
        if scope is None:
            ctx = Context(today=self.clock.today(), settings=client.settings, child=current)
            scope = spec.default_scope(ctx)
        if client.account and not spec.offered(client.account.tabs):
            raise PortalError(
                _("L'établissement n'ouvre pas la rubrique « {title_fr} » à ce compte.").format(
                    title_fr=_(spec.title_fr)
                )
            )
        try:
            value = await spec.fetch(client, current, scope)
        except BaseException as exc:
            raise self._translate(exc) from exc
        writer = self.cache.begin_sync(complete=False)
        child_key = self._child_key(spec, child)
        writer.put(
            child_key,
            section,
            scope,
            value,
            spec.items_of(value, scope),
            baseline=spec.baseline,
        )
        self._commit(writer)
        self._mark_online()
        cached = self.cache.get(child_key, section, scope, spec.value_type)
        assert cached is not None
        return cached

    async def run(self, action: Callable[[PronoteClient], Awaitable[Any]]) -> Any:
        """Run an action (reply, mark read, download…) in the account's session."""
        async with self.session_use("action"):
            client = await self.connect()
            self._fresh_budget(client)
            try:
                return await action(client)
            except BaseException as exc:
                raise self._translate(exc) from exc

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
