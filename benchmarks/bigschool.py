"""A big school: a full sync's time, peak memory and cache size, then section switches in the app.

The demo school, enlarged in this script (not by the generator): a third child, 1,000 grades per
child (the year's grades copied with a new label until there are enough), discussions copied until
the Messagerie holds 2,000 messages, 300 news items. It is served on loopback (no added latency).
A fresh process logs in and syncs everything into a throw-away cache (its peak RSS is read by the
parent, the server's memory is not counted); then the app opens on that cache, headless at
120×40 under Textual's Pilot, with no sync, and switches sections 100 times.

    python benchmarks/bigschool.py [--switches 100] [--grades 1000] [--messages 2000] [--news 300]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
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
SECTION_KEYS = ["a", "n", "e", "c", "v", "m", "d", "r", "p", "k"]


def big_school(grades: int, messages: int, news: int):
    school = demo_school(TODAY)
    parent = school.parents[0]
    third = copy.deepcopy(school.children[-1])
    third.key, third.name = "zoe", "MARTIN Zoé"
    school.children.append(third)
    parent.children.append(third)
    for child in school.children:
        base = list(child.grades)
        copies = 0
        while len(child.grades) < grades and base:
            for grade in base:
                if len(child.grades) >= grades:
                    break
                extra = copy.copy(grade)
                extra.comment = f"{grade.comment or 'Évaluation'} (bis {copies + 1})"
                child.grades.append(extra)
            copies += 1
        child.grades.sort(key=lambda g: g.date)
    base_threads = list(parent.discussions)
    count = sum(len(d.messages) for d in parent.discussions)
    copies = 0
    while count < messages and base_threads:
        copies += 1
        for thread in base_threads:
            if count >= messages:
                break
            extra = copy.deepcopy(thread)
            extra.key, extra.subject = f"{thread.key}-bis{copies}", f"{thread.subject} ({copies + 1})"
            parent.discussions.append(extra)
            count += len(extra.messages)
    base_news = list(school.news)
    copies = 0
    while len(school.news) < news and base_news:
        copies += 1
        for item in base_news:
            if len(school.news) >= news:
                break
            extra = copy.deepcopy(item)
            extra.key, extra.title = f"{item.key}-bis{copies}", f"{item.title} ({copies + 1})"
            school.news.append(extra)
    return school, count


def portal_for(url: str, cache_file: Path) -> tuple[Portal, Cache]:
    account = AccountConfig(id="demo", server_url=url, username="demo", storage="ask")
    store = MemoryStore()
    store.set("demo", "password", "demo")
    cache = Cache.open(cache_file)
    return Portal(account, store, cache, clock=DayClock(TODAY), timeout=30), cache


async def sync_child(url: str, cache_file: Path) -> None:
    """In its own process: one full sync; prints its wall time."""
    portal, cache = portal_for(url, cache_file)
    start = time.perf_counter()
    report = await portal.sync()
    wall = time.perf_counter() - start
    await portal.close()
    cache.close()
    print(json.dumps({"wall": wall, "datasets": report.datasets}))


async def switch_sections(url: str, cache_file: Path, switches: int) -> tuple[list[float], list[float]]:
    from espace_parents_tui.tui.app import EspaceParentsApp

    @contextlib.asynccontextmanager
    async def opener():
        portal, cache = portal_for(url, cache_file)
        try:
            yield portal
        finally:
            await portal.close()
            cache.close()

    app = EspaceParentsApp(opener, clock=DayClock(TODAY), sync_on_start=False, watch_terminal=False)
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for index in range(switches):
            key = SECTION_KEYS[(index + 1) % len(SECTION_KEYS)]
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()  # the new section painted
            times.append(time.perf_counter() - start)
            await app.workers.wait_for_complete()
        # Pilot's own cost: the same press and pause for a key nothing is bound to.
        floor: list[float] = []
        for _ in range(20):
            start = time.perf_counter()
            await pilot.press("f19")
            await pilot.pause()
            floor.append(time.perf_counter() - start)
    return times, floor


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=100)
    parser.add_argument("--grades", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--news", type=int, default=300)
    parser.add_argument("--sync-child", nargs=2, metavar=("URL", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sync_child:
        asyncio.run(sync_child(args.sync_child[0], Path(args.sync_child[1])))
        return
    started = time.perf_counter()
    school, messages = big_school(args.grades, args.messages, args.news)
    app = DemoServer(school, ServerOptions(today=TODAY), clock=DayClock(TODAY))
    with tempfile.TemporaryDirectory() as folder, ServerThread(app) as server:
        cache_file = Path(folder) / "demo.sqlite3"
        app.reset_stats()
        child = subprocess.Popen(
            [sys.executable, __file__, "--sync-child", server.page_url, str(cache_file)],
            stdout=subprocess.PIPE,
            text=True,
        )
        out = child.stdout.read() if child.stdout else ""
        _pid, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            raise SystemExit(f"the sync failed (status {status})")
        synced = json.loads(out)
        requests = app.stats.page_gets + sum(app.stats.requests.values())
        rss = usage.ru_maxrss / 1024
        size = sum(p.stat().st_size for p in Path(folder).glob("demo.sqlite3*"))
        switches, floor = asyncio.run(switch_sections(server.page_url, cache_file, args.switches))
    kids = len(school.children)
    grades = sum(len(c.grades) for c in school.children)
    print(
        f"Big school: {kids} children, {grades} grades, {messages} messages, {len(school.news)} news items "
        f"(built in {time.perf_counter() - started:.0f} s in all)"
    )
    print(
        f"full sync (fresh process, no added latency): {synced['wall'] * 1000:.0f} ms, {requests} requests,"
    )
    print(f"  {synced['datasets']} datasets, peak RSS {rss:.0f} MiB, cache file {size / 1024 / 1024:.1f} MiB")
    print(
        f"section switches in the app ({len(switches)}, headless 120x40, Pilot): "
        f"median {sorted(switches)[len(switches) // 2] * 1000:.0f} ms, p95 {p95(switches) * 1000:.0f} ms, "
        f"max {max(switches) * 1000:.0f} ms"
    )
    print(
        f"  Pilot's own floor (a key bound to nothing, 20 presses): median "
        f"{sorted(floor)[len(floor) // 2] * 1000:.0f} ms, p95 {p95(floor) * 1000:.0f} ms"
    )
    say_goal("section switch, p95 over the switches", p95(switches) * 1000, 50, " ms")
    say_goal("full sync, peak RSS of the syncing process", rss, 200, " MiB")


if __name__ == "__main__":
    main()
