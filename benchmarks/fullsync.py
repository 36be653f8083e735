"""A full sync of everything both clients can read, ours and pronotepy's, side by side.

One run against the emulated server with an added latency per request (50 ms by default). Ours is
``Portal.sync()`` (login included, a cold cache). pronotepy 2.15.7 logs in and, for each child,
reads what it knows of the same sections: every period's grades, averages and absences, the
current period's evaluations, three weeks of timetable, this week's homework and menus, then the
news and the discussions. Requests are counted by the server; wall time by the clock.

    python benchmarks/fullsync.py [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from goals import say_goal

from espace_parents_tui.clock import DayClock
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import MemoryStore
from espace_parents_tui.store import Cache

TODAY = date(2026, 11, 24)


def _requests(app: DemoServer) -> int:
    return app.stats.page_gets + app.stats.file_gets + sum(app.stats.requests.values())


async def _ours(url: str, folder: Path) -> int:
    clock = DayClock(TODAY)
    account = AccountConfig(id="demo", server_url=url, username="demo", storage="ask")
    store = MemoryStore()
    store.set("demo", "password", "demo")
    cache = Cache.open(folder / "demo.sqlite3", clock=clock.now)
    portal = Portal(account, store, cache, clock=clock)
    try:
        report = await portal.sync()
    finally:
        await portal.close()
        cache.close()
    assert not report.problems, report.problems
    return report.datasets


def _pronotepy(url: str) -> tuple[int, list[str]]:
    import pronotepy

    client = pronotepy.ParentClient(url, "demo", "demo")
    monday = TODAY - timedelta(days=TODAY.weekday())
    read, failed = 0, []

    def attempt(label: str, fn) -> None:
        nonlocal read
        try:
            fn()
            read += 1
        except Exception as exc:  # noqa: BLE001 - what pronotepy cannot read is reported
            failed.append(f"{label}: {type(exc).__name__}")

    for child in client.children:
        client.set_child(child)
        for period in client.periods:
            attempt("grades", lambda p=period: p.grades)
            attempt("averages", lambda p=period: p.averages)
            attempt("absences", lambda p=period: p.absences)
        attempt("evaluations", lambda: client.current_period.evaluations)
        attempt("lessons", lambda: client.lessons(monday - timedelta(weeks=1), monday + timedelta(days=13)))
        attempt("homework", lambda: client.homework(monday, monday + timedelta(days=6)))
        attempt("menus", lambda: client.menus(monday, monday + timedelta(days=6)))
    attempt("news", client.information_and_surveys)
    attempt("discussions", client.discussions)
    return read, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    import pronotepy  # noqa: F401 - imported before the clock starts, as for ours

    school = demo_school(TODAY)
    for child in school.children:
        child.hidden_averages = []  # pronotepy cannot read a hidden average at all
    app = DemoServer(school, ServerOptions(today=TODAY, latency_ms=args.latency_ms), clock=DayClock(TODAY))
    rows = []
    with ServerThread(app) as server, tempfile.TemporaryDirectory() as folder:
        app.reset_stats()
        start = time.perf_counter()
        datasets = asyncio.run(_ours(server.page_url, Path(folder)))
        rows.append(("espace-parents sync", _requests(app), datasets, time.perf_counter() - start, []))
        app.reset_stats()
        start = time.perf_counter()
        read, failed = _pronotepy(server.page_url)
        rows.append(("pronotepy 2.15.7", _requests(app), read, time.perf_counter() - start, failed))
    print(f"Full sync, login included ({args.latency_ms:.0f} ms added per request)")
    print(f"{'client':<22} {'HTTP requests':>14} {'datasets':>9} {'wall time':>11} {'per request':>12}")
    for name, requests, datasets, wall, _failed in rows:
        print(
            f"{name:<22} {requests:>14} {datasets:>9} {wall * 1000:>8.0f} ms {wall / requests * 1000:>9.0f} ms"
        )
    for name, *_rest, failed in rows:
        if failed:
            print(f"{name} could not read: {', '.join(sorted(set(failed)))}")
    (_, ours_requests, ours_datasets, ours_wall, _), (_, their_requests, their_datasets, their_wall, _) = rows
    print(
        f"espace-parents reads {ours_datasets} datasets (pronotepy {their_datasets}): "
        "the ratios below compare unequal work"
    )
    say_goal("full sync wall time, espace-parents / pronotepy", ours_wall / their_wall, 1.0)
    say_goal(
        "full sync time per dataset, espace-parents / pronotepy",
        (ours_wall / ours_datasets) / (their_wall / their_datasets),
        0.8,
    )


if __name__ == "__main__":
    main()
