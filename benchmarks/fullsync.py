"""A full sync of everything both clients can read, ours and pronotepy's, side by side.

One run against the emulated server with an added latency per request (50 ms by default).
pronotepy 2.15.7 logs in and, for each child, reads what it knows: every period's grades,
averages and absences, the current period's evaluations, three weeks of timetable, this week's
homework and menus, then the news and the discussions. Ours is ``Portal.sync()`` (login included,
a cold cache), twice: limited to the sections holding that same data (the goal's comparison), then
everything we read (for information: report cards, documents, orientation… which pronotepy cannot
read). Requests are counted by the server; wall time by the clock.

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


# Our sections holding what pronotepy reads above (grades and averages of every period, absences,
# evaluations, timetable, homework, menus, news, discussions).
BOTH_READ = ["grades", "school_life", "evaluations", "timetable", "homework", "menus", "news", "messages"]


async def _ours(url: str, folder: Path, sections: list[str] | None = None) -> int:
    clock = DayClock(TODAY)
    account = AccountConfig(id="demo", server_url=url, username="demo", storage="ask")
    store = MemoryStore()
    store.set("demo", "password", "demo")
    cache = Cache.open(folder / "demo.sqlite3", clock=clock.now)
    portal = Portal(account, store, cache, clock=clock)
    try:
        report = await portal.sync(sections=sections)
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
        for name, sections in (("espace-parents, everything", None), ("espace-parents, same data", BOTH_READ)):
            app.reset_stats()
            start = time.perf_counter()
            datasets = asyncio.run(_ours(server.page_url, Path(folder) / name.split()[-1], sections))
            rows.append((name, _requests(app), datasets, time.perf_counter() - start, []))
        app.reset_stats()
        start = time.perf_counter()
        read, failed = _pronotepy(server.page_url)
        rows.append(("pronotepy 2.15.7", _requests(app), read, time.perf_counter() - start, failed))
    print(f"Full sync, login included ({args.latency_ms:.0f} ms added per request)")
    print(f"{'client':<28} {'HTTP requests':>14} {'datasets':>9} {'wall time':>11} {'per request':>12}")
    for name, requests, datasets, wall, _failed in rows:
        print(
            f"{name:<28} {requests:>14} {datasets:>9} {wall * 1000:>8.0f} ms {wall / requests * 1000:>9.0f} ms"
        )
    for name, *_rest, failed in rows:
        if failed:
            print(f"{name} could not read: {', '.join(sorted(set(failed)))}")
    everything, same, theirs = rows
    print(
        f"everything: espace-parents reads {everything[2]} datasets (pronotepy {theirs[2]}), "
        "among them orientation, report cards, documents, meetings, which pronotepy cannot read;"
    )
    print(
        f"same data: only our sections holding what pronotepy reads ({', '.join(BOTH_READ)}); "
        "we ask no period that has not begun (nothing can be in it) and one DernieresNotes "
        "gives a period's grades and averages, where pronotepy asks every period, twice"
    )
    say_goal("full sync of the same data, wall time, espace-parents / pronotepy", same[3] / theirs[3], 0.8)
    say_goal("full sync of the same data, requests, espace-parents / pronotepy", same[1] / theirs[1], 1.0)
    print(
        "(no goal) everything we read / what pronotepy reads, wall time: "
        f"{everything[3] / theirs[3]:.2f}×, per dataset {(everything[3] / everything[2]) / (theirs[3] / theirs[2]):.2f}×"
    )


if __name__ == "__main__":
    main()
