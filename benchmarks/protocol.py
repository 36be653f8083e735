"""Requests and wall time to log in and read one child's period grades and current week.

Our client and pronotepy 2.15.7, side by side, in one run, against the emulated server with an
added latency per request (50 ms by default), on loopback.

    python benchmarks/protocol.py [--latency-ms 50] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import date, timedelta

from goals import say_goal

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from espace_parents_tui.pronote.client import PronoteClient

CHILD = "MARTIN Léa"


def _server_requests(app: DemoServer) -> int:
    return app.stats.page_gets + app.stats.file_gets + sum(app.stats.requests.values())


async def _ours(url: str, today: date) -> None:
    async with PronoteClient(url) as client:
        await client.login_password("demo", "demo")
        report = await client.grades(CHILD)
        lessons = await client.timetable(CHILD, today)
        assert report.grades and report.averages and lessons


def _pronotepy(url: str, today: date) -> None:
    import pronotepy

    client = pronotepy.ParentClient(url, "demo", "demo")
    client.set_child(CHILD)
    period = client.current_period
    grades = period.grades
    averages = period.averages  # pronotepy asks DernieresNotes again for the averages
    monday = today - timedelta(days=today.weekday())
    lessons = client.lessons(monday, monday + timedelta(days=6))
    assert grades and averages and lessons


def measure(name: str, run, app: DemoServer, runs: int) -> dict:
    times, counts = [], []
    for _ in range(runs):
        app.reset_stats()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        counts.append(_server_requests(app))
    return {
        "name": name,
        "requests": statistics.median(counts),
        "wall": statistics.median(times),
        "all": times,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    today = date(2026, 11, 24)
    # The hidden-average subject is left out so that pronotepy can read the averages at all.
    school = demo_school(today)
    for child in school.children:
        child.hidden_averages = []
    app = DemoServer(school, ServerOptions(today=today, latency_ms=args.latency_ms))
    with ServerThread(app) as server:
        url = server.page_url
        rows = [
            measure("espace-parents", lambda: asyncio.run(_ours(url, today)), app, args.runs),
            measure("pronotepy 2.15.7", lambda: _pronotepy(url, today), app, args.runs),
        ]
    print(
        f"Log in, then one child's period grades + averages and current week "
        f"({args.latency_ms:.0f} ms added per request, median of {args.runs} runs)"
    )
    print(f"{'client':<18} {'HTTP requests':>14} {'wall time':>11}")
    for row in rows:
        print(f"{row['name']:<18} {row['requests']:>14.0f} {row['wall'] * 1000:>9.0f} ms")
    ours, theirs = rows
    say_goal("requests, espace-parents / pronotepy", ours["requests"] / theirs["requests"], 1.0)
    say_goal("wall time, espace-parents / pronotepy", ours["wall"] / theirs["wall"], 0.8)


if __name__ == "__main__":
    main()
