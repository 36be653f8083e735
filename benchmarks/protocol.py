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


async def _ours(url: str, today: date, http=None) -> None:
    async with PronoteClient(url, http=http) as client:
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


async def _wire(url: str, today: date) -> dict:
    """One more run of ours, watched: TCP connections used, bytes received, HTTP compression."""
    import httpx

    streams, sizes, encodings = set(), [], set()

    async def seen(response: httpx.Response) -> None:
        await response.aread()
        streams.add(id(response.extensions.get("network_stream")))
        sizes.append(int(response.headers.get("content-length", len(response.content))))
        encodings.add(response.headers.get("content-encoding") or "none")

    http = httpx.AsyncClient(event_hooks={"response": [seen]})
    await _ours(url, today, http)
    await http.aclose()
    return {"connections": len(streams), "bytes": sum(sizes), "answers": len(sizes), "encodings": encodings}


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
        wire = asyncio.run(_wire(url, today))
    print(
        f"Log in, then one child's period grades + averages and current week "
        f"({args.latency_ms:.0f} ms added per request, median of {args.runs} runs)"
    )
    print(f"{'client':<18} {'HTTP requests':>14} {'wall time':>11}")
    for row in rows:
        print(f"{row['name']:<18} {row['requests']:>14.0f} {row['wall'] * 1000:>9.0f} ms")
    latency = args.latency_ms / 1000
    for row in rows:
        beyond = row["wall"] - row["requests"] * latency
        print(
            f"{row['name']:<18} {row['requests'] * latency * 1000:>6.0f} ms of added latency, "
            f"{beyond * 1000:>4.0f} ms beyond it ({beyond / row['requests'] * 1000:.1f} ms per request: "
            "server and client processing, shared loopback)"
        )
    ours, theirs = rows
    print(
        f"on the wire (ours): {wire['answers']} answers over {wire['connections']} TCP connection(s) "
        f"(keep-alive), {wire['bytes']} bytes, HTTP content-encoding {', '.join(sorted(wire['encodings']))} "
        "(PRONOTE deflates and encrypts dataSec itself)"
    )
    # Login is 5 sequential requests (the space page, then FonctionParametres, Identification,
    # Authentification, ParametresUtilisateur, each needing the one before), then one request per
    # dataset; the numbered orders (no = 1, 3, 5…, checked in order) forbid two requests of one
    # session in flight. So even a client and server costing nothing cannot beat this:
    print(
        f"bound: {ours['requests']:.0f} sequential requests x {args.latency_ms:.0f} ms = "
        f"{ours['requests'] * latency * 1000:.0f} ms = "
        f"{ours['requests'] * latency / theirs['wall']:.2f}x this run's pronotepy time "
        "(at zero processing time)"
    )
    say_goal("requests, espace-parents / pronotepy", ours["requests"] / theirs["requests"], 1.0)
    say_goal("wall time, espace-parents / pronotepy", ours["wall"] / theirs["wall"], 0.8)


if __name__ == "__main__":
    main()
