"""Requests and wall time of a first full sync and of a second sync of the demo account.

The demo school is served on loopback with an added latency per request (50 ms by default); the
portal logs in through the full protocol path and syncs every section into a throw-away cache.

    python benchmarks/sync.py [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import date
from pathlib import Path

from goals import say_goal

from espace_parents_tui.clock import DayClock
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import MemoryStore
from espace_parents_tui.store import Cache

TODAY = date(2026, 11, 24)  # a Tuesday of the second trimester: the tests' day, so runs compare


async def main(latency_ms: float) -> None:
    clock = DayClock(TODAY)
    school = demo_school(TODAY)
    app = DemoServer(school, ServerOptions(today=TODAY, latency_ms=latency_ms), clock=clock)
    with tempfile.TemporaryDirectory() as folder:
        async with running_server(app) as root:
            account = AccountConfig(
                id="demo", server_url=f"{root}/parent.html", username="demo", storage="ask"
            )
            store = MemoryStore()
            store.set("demo", "password", "demo")
            cache = Cache.open(Path(folder) / "demo.sqlite3", clock=clock.now)
            rows = []
            asked: dict[str, dict[str, int]] = {}
            for label in ("first sync (cold cache)", "second sync"):
                portal = Portal(account, store, cache, clock=clock)
                app.reset_stats()
                start = time.perf_counter()
                report = await portal.sync()
                wall = time.perf_counter() - start
                requests = app.stats.page_gets + sum(app.stats.requests.values())
                rows.append((label, requests, report.datasets, report.skipped, len(report.changes), wall))
                asked[label] = dict(app.stats.requests)
                await portal.close()
            size = sum(p.stat().st_size for p in Path(folder).glob("demo.sqlite3*"))
            cache.close()
    print(f"Demo account sync, {latency_ms:.0f} ms added per request (login included)")
    print(f"{'':<26} {'HTTP requests':>13} {'datasets':>9} {'skipped':>8} {'changes':>8} {'wall time':>10}")
    for label, requests, datasets, skipped, changes, wall in rows:
        print(f"{label:<26} {requests:>13} {datasets:>9} {skipped:>8} {changes:>8} {wall * 1000:>8.0f} ms")
    print("skipped: datasets the home page's widgets proved unchanged (service/home_proofs.py)")
    print(f"cache file after both: {size / 1024:.0f} KiB")
    for label, calls in asked.items():
        print(f"{label}: " + ", ".join(f"{name} {count}" for name, count in sorted(calls.items())))
    (_, first, *_), (_, second, *_) = rows
    say_goal("second sync requests / first sync requests (nothing changed)", second / first, 0.25, "%")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    asyncio.run(main(parser.parse_args().latency_ms))
