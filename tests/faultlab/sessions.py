"""Sessions and lockout: expiry mid-sync, refused secrets, error 25, IP suspension, the network dropping.

- A session that expires anywhere in a sync costs at most one automatic re-login.
- A refused secret, PRONOTE's error 25 or an IP suspension: zero further login attempts (not a byte
  sent) until the user acts; the errors carry exit codes 2 and 3.
- The network drops mid-sync: reads are sent again after growing pauses (never a write, never a
  login step); past the retries the sync stops and the previous cache is kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import httpx

from espace_parents_tui.pronote.transport import is_idempotent
from espace_parents_tui.service.portal import CredentialsProblem, LockedOut, Offline, PortalError
from espace_parents_tui.settings.credentials import MemoryStore
from espace_parents_tui.settings.deferred import TypedSecret

from .network import FlakyNetwork
from .world import ACCOUNT_KEY, TODAY, Outcome, World, lost_between, open_cache, snapshot

RETRY_DELAYS = (0.01, 0.02, 0.04)


def _sent(w: World) -> int:
    return w.app.stats.page_gets + sum(w.app.stats.requests.values())


async def _sync(w: World, path: Path, outcome: Outcome, **portal_kwargs):
    """One sync on the cache at ``path``; the report, or ``None`` with the error kept in ``outcome``."""
    cache = open_cache(path)
    portal = w.portal(cache, **portal_kwargs)
    try:
        return await portal.sync(), portal
    except PortalError as exc:
        outcome.reported, outcome.message = True, str(exc)
        outcome.exit_code = exc.exit_code
        return None, portal
    except Exception as exc:  # noqa: BLE001
        outcome.traceback = f"{type(exc).__name__}: {exc}"[:300]
        return None, portal
    finally:
        client = portal._client
        portal.last_client = client  # type: ignore[attr-defined]
        await portal.close()
        cache.close()


# --- a session that expires mid-sync -------------------------------------------------------------


async def run_session_expiry(w: World, limits: list[int]) -> list[Outcome]:
    """Every session of the server dies at its ``k``-th call, for each ``k`` of ``limits``."""
    outcomes = []
    for limit in limits:
        outcome = Outcome("session_expiry", f"la session meurt à son appel n° {limit}")
        path = w.fresh_cache()
        before = w.baseline_snapshot
        logins = w.app.stats.login_attempts
        w.app.options.expire_after_calls = limit
        try:
            report, _portal = await _sync(w, path, outcome)
        finally:
            w.app.options.expire_after_calls = None
        made = w.app.stats.login_attempts - logins
        if made > 2:
            outcome.violation = f"{made - 1} reconnexions automatiques dans une synchronisation"
        if report is not None:
            outcome.tolerated = True
            outcome.lost = lost_between(before, snapshot(path))
        else:
            if outcome.traceback is None and not isinstance(outcome.message, str):
                outcome.violation = "échec sans message"
            outcome.lost = lost_between(before, snapshot(path), may_change={ACCOUNT_KEY})
        w.drop_case(path)
        outcomes.append(outcome)
    return outcomes


# --- refused secrets and lockouts ---------------------------------------------------------------


async def _blocked_attempts(w: World, path: Path, fault: str, expected: type, store, n: int) -> list[Outcome]:
    """``n`` later runs (fresh portals, as new processes would be): not a byte may reach the server."""
    outcomes = []
    before = snapshot(path)
    for attempt in range(1, n + 1):
        outcome = Outcome(fault, f"nouvelle tentative n° {attempt} sans action de l'utilisateur")
        sent = _sent(w)
        report, _ = await _sync(w, path, outcome, store=store)
        if report is not None or outcome.traceback:
            outcome.violation = outcome.violation or "la connexion a été retentée"
        elif _sent(w) != sent:
            outcome.violation = f"{_sent(w) - sent} requête(s) envoyée(s) malgré le blocage"
        elif outcome.exit_code != expected.exit_code:
            outcome.violation = f"code de sortie {outcome.exit_code} au lieu de {expected.exit_code}"
        outcome.lost = lost_between(before, snapshot(path), may_change={ACCOUNT_KEY})
        outcomes.append(outcome)
    return outcomes


async def _user_acts(w: World, path: Path, fault: str, store, **kwargs) -> Outcome:
    outcome = Outcome(fault, "l'utilisateur agit (sync --retry-login, ou un mot de passe saisi)")
    report, _ = await _sync(w, path, outcome, store=store, **kwargs)
    if report is None:
        outcome.violation = outcome.violation or f"la connexion reste impossible : {outcome.message}"
    else:
        outcome.tolerated = True
    return outcome


async def run_login_refusals(w: World, later_runs: int = 3) -> list[Outcome]:
    """A refused password, error 25 and an IP suspension, each followed by later runs, then the user."""
    outcomes: list[Outcome] = []
    password = w.store.get(w.account.id, "password")
    wrong = MemoryStore()  # a stored secret (keyring, file): it is not tried again once refused
    wrong.set(w.account.id, "password", "plus-le-bon-mot-de-passe")

    # 1. The stored password is refused (changed at school): exit 2, then silence.
    path = w.fresh_cache()
    first = Outcome("refused", "mot de passe enregistré refusé")
    report, _ = await _sync(w, path, first, store=wrong)
    if report is not None or first.exit_code != 2:
        first.violation = "refus non signalé par le code 2"
    outcomes.append(first)
    outcomes += await _blocked_attempts(w, path, "refused", CredentialsProblem, wrong, later_runs)
    typed = TypedSecret()
    typed.set(w.account.id, "password", password)
    outcomes.append(await _user_acts(w, path, "refused", typed))
    w.drop_case(path)

    # 2. PRONOTE's error 25: the server locks the account after one more bad attempt.
    path = w.fresh_cache()
    w.app.options.lockout_after = 1
    try:
        bad = Outcome("error_25", "un essai refusé, puis l'erreur 25 au suivant")
        await _sync(w, path, bad, store=wrong)
        locked = Outcome("error_25", "erreur 25 (trop d'erreurs d'authentification)")
        report, _ = await _sync(w, path, locked, retry_login=True)
        if report is not None or locked.exit_code != 3:
            locked.violation = "verrouillage non signalé par le code 3"
        outcomes += [bad, locked]
        outcomes += await _blocked_attempts(w, path, "error_25", LockedOut, w.store, later_runs)
    finally:
        w.app.options.lockout_after = None
        w.app.desk.consecutive_failures = 0
    outcomes.append(await _user_acts(w, path, "error_25", w.store, retry_login=True))
    w.drop_case(path)

    # 3. The IP suspended: the space page says so.
    path = w.fresh_cache()
    w.app.options.ip_suspended = True
    try:
        suspended = Outcome("ip_suspended", "adresse IP suspendue")
        report, _ = await _sync(w, path, suspended)
        if report is not None or suspended.exit_code != 3:
            suspended.violation = "suspension non signalée par le code 3"
        outcomes.append(suspended)
        outcomes += await _blocked_attempts(w, path, "ip_suspended", LockedOut, w.store, later_runs)
    finally:
        w.app.options.ip_suspended = False
    outcomes.append(await _user_acts(w, path, "ip_suspended", w.store, retry_login=True))
    w.drop_case(path)
    for outcome in outcomes:
        outcome.reported = outcome.reported or outcome.tolerated
    return outcomes


def cli_exit_codes(folder: Path | None = None) -> list[Outcome]:
    """The real command: a refused password exits 2, a lockout 3, and the next run sends nothing."""
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import ServerThread

    with tempfile.TemporaryDirectory(prefix="faultlab-cli-", dir=folder) as tmp:
        root = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
        for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"):
            env[var] = str(root / var.lower())
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        cli = [sys.executable, "-m", "espace_parents_tui", "--today", TODAY.isoformat()]

        def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
            return subprocess.run(
                [*cli, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60
            )

        app = DemoServer(demo_school(TODAY), ServerOptions(today=TODAY, lockout_after=2))
        outcomes = []
        with ServerThread(app) as thread:
            login = ("login", "--server", thread.page_url, "--username", "demo", "--password-stdin")
            done = run(*login, "--insecure-storage", "--account", "famille", stdin="demo\n")
            assert done.returncode == 0, done.stderr
            # The password changes at school: the stored one is refused (2), then never sent again.
            app.school.parents[0].password = "nouveau-mot-de-passe"
            for case, expected in (("mot de passe refusé", 2), ("relance sans action", 2)):
                sent = app.stats.page_gets + sum(app.stats.requests.values())
                done = run("sync")
                outcome = Outcome("cli_exit_codes", f"sync : {case}", message=done.stderr.strip())
                outcome.reported = bool(done.stderr.strip())
                if "Traceback" in done.stderr:
                    outcome.traceback = done.stderr[-300:]
                if done.returncode != expected:
                    outcome.violation = f"code {done.returncode} au lieu de {expected}"
                if (
                    case == "relance sans action"
                    and app.stats.page_gets + sum(app.stats.requests.values()) != sent
                ):
                    outcome.violation = "requêtes envoyées malgré le refus"
                outcomes.append(outcome)
            # Error 25 after one more wrong try: exit 3, and the next run sends nothing.
            for case in ("erreur 25", "relance après l'erreur 25"):
                sent = app.stats.page_gets + sum(app.stats.requests.values())
                done = run("sync", "--retry-login") if case == "erreur 25" else run("sync")
                if case == "erreur 25" and done.returncode == 2:  # the second wrong try, then 25
                    done = run("sync", "--retry-login")
                outcome = Outcome("cli_exit_codes", f"sync : {case}", message=done.stderr.strip())
                outcome.reported = bool(done.stderr.strip())
                if "Traceback" in done.stderr:
                    outcome.traceback = done.stderr[-300:]
                if done.returncode != 3:
                    outcome.violation = f"code {done.returncode} au lieu de 3"
                if case != "erreur 25" and app.stats.page_gets + sum(app.stats.requests.values()) != sent:
                    outcome.violation = "requêtes envoyées malgré le verrouillage"
                outcomes.append(outcome)
        return outcomes


# --- the network drops --------------------------------------------------------------------------


async def run_network_drops(w: World, plan: list[tuple[int, int]]) -> list[Outcome]:
    """For each (start, count): requests ``start`` … of a sync are lost, ``count`` of them in a row.

    With keep-alive off, a request is a connection: the relay drops it before the server sees it.
    """
    outcomes = []
    async with FlakyNetwork(int(w.url.split(":")[2].split("/")[0])).running() as net:
        account = replace(w.account, server_url=f"http://127.0.0.1:{net.port}/pronote/parent.html")
        http = httpx.AsyncClient(
            timeout=3.0, follow_redirects=True, limits=httpx.Limits(max_keepalive_connections=0)
        )
        try:
            for start, count in plan:
                outcomes.append(await _network_case(w, net, account, http, start, count))
            outcomes.append(await _write_case(w, net, account, http))
        finally:
            await http.aclose()
    return outcomes


async def _network_case(w, net, account, http, start: int, count: int) -> Outcome:
    outcome = Outcome("network_drop", f"requêtes {start} à {start + count - 1} perdues")
    pauses: list[float] = []

    async def sleep(delay: float) -> None:
        pauses.append(delay)

    path = w.fresh_cache()
    before = w.baseline_snapshot
    w.client_options = {"http": http, "retry_delays": RETRY_DELAYS, "sleep": sleep}
    net.fail(start, count)
    try:
        report, portal = await _sync(w, path, outcome, account=account)
    finally:
        net.heal()
        w.client_options = {}
    client = portal.last_client
    retried = client.retried if client is not None else []
    if any(name != "page" and not is_idempotent(name) for name in retried) or "page" in retried:
        outcome.violation = f"renvoyé alors que ce n'est pas une lecture : {retried}"
    elif pauses != list(RETRY_DELAYS[: len(pauses)]):
        outcome.violation = f"pauses {pauses} au lieu de pauses croissantes {RETRY_DELAYS}"
    if report is not None:
        outcome.tolerated = True
        outcome.lost = lost_between(before, snapshot(path))
    else:
        if not isinstance(outcome.message, str) or not outcome.message:
            outcome.violation = outcome.violation or "échec sans message"
        outcome.lost = lost_between(before, snapshot(path), may_change={ACCOUNT_KEY})
    w.drop_case(path)
    return outcome


async def _write_case(w, net, account, http) -> Outcome:
    """A write (``SaisieMessage``) that meets a dropped network is never sent twice."""
    outcome = Outcome("network_drop", "une écriture (SaisieMessage) sur un réseau coupé")
    path = w.fresh_cache()
    cache = open_cache(path)
    w.client_options = {"http": http, "retry_delays": RETRY_DELAYS, "sleep": _no_sleep}
    portal = w.portal(cache, account=account)
    try:
        await portal.connect()
        net.fail(1, 1)
        dropped = net.dropped
        try:
            await portal.run(lambda client: client.call("SaisieMessage", {"messages": []}))
            outcome.violation = "l'écriture n'a pas échoué"
        except Offline as exc:
            outcome.reported, outcome.message = True, str(exc)
        if net.dropped - dropped != 1 or portal._client.retried:
            outcome.violation = f"écriture renvoyée ({portal._client.retried})"
    finally:
        net.heal()
        w.client_options = {}
        await portal.close()
        cache.close()
        w.drop_case(path)
    return outcome


async def _no_sleep(_delay: float) -> None:
    return None
