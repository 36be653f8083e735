"""A big school: a full sync's time, peak memory and cache size, then section switches in the app.

The demo school, enlarged in this script (not by the generator): a third child, 1,000 grades per
child (the year's grades copied with a new label until there are enough), discussions copied until
the Messagerie holds 2,000 of them, 300 news items. It is served on loopback (no added latency).
A fresh process logs in and syncs everything into a throw-away cache (its peak RSS is read by the
parent, the server's memory is not counted) and fetches every week of the year's timetable; then
the app opens on that cache, headless at 120×40, with no sync, is left to settle as while a parent
reads its home page (it imports the views' modules ahead then), switches sections 100 times (timed
from the action to the refreshed screen; a view's first showing until the data it draws once
mounted is on screen, so that this drawing is not left to the next switch) and scrolls the
Messagerie's 2,000-row list.

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
    # Discussions copied until there are ``messages`` of them: at least as many messages, and a
    # Messagerie list of that many rows (the scroll test).
    base_threads = list(parent.discussions)
    copies = 0
    while len(parent.discussions) < messages and base_threads:
        copies += 1
        for thread in base_threads:
            if len(parent.discussions) >= messages:
                break
            extra = copy.deepcopy(thread)
            extra.key, extra.subject = f"{thread.key}-bis{copies}", f"{thread.subject} ({copies + 1})"
            parent.discussions.append(extra)
    count = sum(len(d.messages) for d in parent.discussions)
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
    # A full year of timetable: every week of the school year, for every child, into the cache.
    settings = portal.snapshot().settings
    week = settings.first_monday
    start = time.perf_counter()
    weeks = 0
    while week <= settings.last_date:
        for child in portal.children():
            await portal.fetch("timetable", child, week.isoformat())
            weeks += 1
        week += timedelta(weeks=1)
    year_wall = time.perf_counter() - start
    box = portal.read("messages").value
    held = {
        "discussions": len(box.discussions),
        "messages": sum(d.message_count for d in box.discussions),
        "grades": sum(len(portal.read("grades", child).value.grades) for child in portal.children()),
        "lessons": sum(
            len(portal.read("timetable", child, scope).value)
            for child in portal.children()
            for scope, _at in cache.scopes(child.name, "timetable")
        ),
    }
    await portal.close()
    cache.close()
    print(
        json.dumps(
            {"wall": wall, "datasets": report.datasets, "year_wall": year_wall, "weeks": weeks, "held": held}
        )
    )


async def _painted(app) -> float:
    """When the screen has been refreshed after what was just asked (the time, perf_counter)."""
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
    return await done


async def switch_sections(url: str, cache_file: Path, switches: int) -> dict[str, list[float]]:
    """The app on the big cache: section switches (the switch itself: from the action to the screen
    refreshed, no Pilot in between), then scrolling the Messagerie's list row by row and page by page."""
    from textual.widgets import DataTable

    from espace_parents_tui.tui.app import EspaceParentsApp
    from espace_parents_tui.tui.views import ALL_VIEWS, VIEWS

    @contextlib.asynccontextmanager
    async def opener():
        portal, cache = portal_for(url, cache_file)
        try:
            yield portal
        finally:
            await portal.close()
            cache.close()

    app = EspaceParentsApp(opener, clock=DayClock(TODAY), sync_on_start=False, watch_terminal=False)
    found: dict[str, list[float]] = {
        "first": [],
        "switch": [],
        "switch_cpu": [],
        "pilot": [],
        "row": [],
        "page": [],
        "page_cpu": [],
        "page_frame": [],
    }
    keys = [entry.key for entry in VIEWS]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # A parent reads the home page before the first key: by then the app has settled and
        # imported the views' modules ahead (tui/switching.py); at most 3 s are waited for that.
        for _ in range(60):
            if all(entry.imported for entry in ALL_VIEWS):
                break
            await asyncio.sleep(0.05)
        seen = {app.current}
        for index in range(switches):
            key = keys[(index + 1) % len(keys)]
            start, cpu = time.perf_counter(), time.process_time()
            app.action_section(key)
            end = await _painted(app)
            if key not in seen and app.current == key:
                # A view built draws its data once mounted, a refresh or two later: its first showing
                # ends when that is on screen (not in the middle of the next switch, as it did).
                view = app.view(key)
                for _ in range(20):
                    if view._drawn is not None or view.portal is None:
                        break
                    await _painted(app)
                end = await _painted(app)
            # A view's first showing imports its module and builds it: counted apart.
            found["first" if key not in seen else "switch"].append(end - start)
            if key in seen:  # the processor time of the switch: what a busy machine does not inflate
                found["switch_cpu"].append(time.process_time() - cpu)
            seen.add(key)
            await app.workers.wait_for_complete()
        # The same through the Pilot (press, then its pause), for comparison with older runs.
        for index in range(5):
            entry = VIEWS[(index + 1) % len(VIEWS)]
            start = time.perf_counter()
            await pilot.press(entry.letter)
            await pilot.pause()
            found["pilot"].append(time.perf_counter() - start)
        # Scrolling the Messagerie's list (one row per discussion).
        app.action_section("messages")
        await _painted(app)
        await app.workers.wait_for_complete()
        table = app.view("messages").query_one("#discussions-table", DataTable)
        table.focus()
        await _painted(app)
        found["rows"] = [float(table.row_count)]
        for _ in range(40):
            start = time.perf_counter()
            table.action_cursor_down()
            found["row"].append(await _painted(app) - start)
        # The frame itself: Textual's compositor drawing the screen's update (timed apart: past 1/60 s
        # Textual's screen timer skips to three periods after the frame's start).
        from textual._compositor import Compositor

        render_update = Compositor.render_update
        frames: list[float] = []

        def timed_update(self, *args, **kwargs):
            began = time.perf_counter()
            try:
                return render_update(self, *args, **kwargs)
            finally:
                frames.append(time.perf_counter() - began)

        Compositor.render_update = timed_update  # type: ignore[method-assign]
        try:
            for _ in range(20):
                start, cpu = time.perf_counter(), time.process_time()
                frames.clear()
                table.action_page_down()
                found["page"].append(await _painted(app) - start)
                found["page_cpu"].append(time.process_time() - cpu)
                found["page_frame"].append(sum(frames))
        finally:
            Compositor.render_update = render_update  # type: ignore[method-assign]
    found["pilot_bare"] = await bare_pilot_presses(5)
    return found


async def bare_pilot_presses(count: int) -> list[float]:
    """The Pilot's own time: press and pause of a key bound to nothing, in a bare Textual app with
    one label (the Pilot waits for the process to be idle in steps of 1/50 s)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("x")

    times = []
    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(count):
            start = time.perf_counter()
            await pilot.press("z")
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return times


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
        measured = asyncio.run(switch_sections(server.page_url, cache_file, args.switches))
    if not measured["switch"]:
        raise SystemExit("no switch to a view already built: --switches must exceed the sections' count")
    kids = len(school.children)
    grades = sum(len(c.grades) for c in school.children)
    held = synced["held"]
    print(
        f"Big school: {kids} children, {grades} grades, {len(school.parents[0].discussions)} discussions "
        f"({messages} messages), {len(school.news)} news items "
        f"(built and measured in {time.perf_counter() - started:.0f} s in all)"
    )
    print(
        f"full sync (fresh process, no added latency): {synced['wall'] * 1000:.0f} ms, {requests} requests,"
    )
    print(f"  {synced['datasets']} datasets, peak RSS {rss:.0f} MiB, cache file {size / 1024 / 1024:.1f} MiB")
    print(f"  then a full year of timetable: {synced['weeks']} child-weeks in {synced['year_wall']:.1f} s")
    print(
        f"  the cache holds {held['discussions']} discussions ({held['messages']} messages counted by the "
        f"server; their texts are read when a discussion is opened), {held['grades']} grades of the "
        f"current period, {held['lessons']} lessons"
    )

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name:<46} n={len(values):>3}  median {median_ms(values):>5.1f} ms  "
            f"p95 {p95(values) * 1000:>5.1f} ms  max {max(values) * 1000:>6.1f} ms"
        )

    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"in the app, headless 120x40, from the action to the screen refreshed (load average {load};")
    print("  wall time includes the wait for Textual's next screen refresh: at most 1/60 s after a frame")
    print("  drawn within 1/60 s, up to 3/60 s after a longer one, Textual's timer skipping a period):")
    print("  " + line("section switch (view already built)", measured["switch"]))
    print("  " + line("  its processor time", measured["switch_cpu"]))
    print("  " + line("first showing of a view (built, drawn)", measured["first"]))
    print("  " + line("every switch, first showings included", measured["first"] + measured["switch"]))
    print("  " + line("switch through the Pilot (press and pause)", measured["pilot"]))
    print("  " + line("  the Pilot alone (bare app, unbound key)", measured["pilot_bare"]))
    print("  " + line(f"scroll one row ({measured['rows'][0]:.0f}-row list)", measured["row"]))
    print("  " + line("scroll one page", measured["page"]))
    print("  " + line("  its processor time", measured["page_cpu"]))
    print("  " + line("  its frame (the screen's update drawn)", measured["page_frame"]))
    every = measured["first"] + measured["switch"]
    say_goal(
        f"section switch, p95 over all {len(every)} switches (first showings included)",
        p95(every) * 1000,
        50,
        " ms",
    )
    say_goal("section switch to a view already built, p95", p95(measured["switch"]) * 1000, 50, " ms")
    say_goal("section switch, p95 of its processor time", p95(measured["switch_cpu"]) * 1000, 50, " ms")
    say_goal("scroll a 2,000-row list, p95 of one page", p95(measured["page"]) * 1000, 50, " ms")
    say_goal("full sync, peak RSS of the syncing process", rss, 200, " MiB")


def median_ms(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] * 1000


if __name__ == "__main__":
    main()
