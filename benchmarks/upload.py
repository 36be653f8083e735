"""Wall time and HTTP requests of a justification with a certificate, by size of the certificate.

The demo school is served on loopback with an added latency per request (50 ms by default); the
protocol client logs in, lists the vie scolaire, then justifies the absence to justify with a file
of each size (a fresh school and session each time: the upload in slices of 100 KiB, then the
``SaisieVieScolaire`` write). The HTTP requests are counted by the server (each slice, then the write).

    python benchmarks/upload.py [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date

from espace_parents_tui.clock import clock_for
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.pronote.client import PronoteClient
from espace_parents_tui.pronote.upload import FileToSend

SIZES = [10 * 1024, 100 * 1024, 1024 * 1024, 5 * 1024 * 1024]
TODAY = date(2026, 11, 24)  # the demo school has an absence to justify that day


async def one(size: int, latency_ms: float) -> tuple[float, int]:
    app = DemoServer(
        demo_school(TODAY), ServerOptions(today=TODAY, latency_ms=latency_ms), clock=clock_for(TODAY)
    )
    async with running_server(app) as root:
        async with PronoteClient(f"{root}/parent.html") as client:
            client.today = lambda: TODAY
            await client.login_password("demo", "demo")
            lea = client.account.children[0]
            life = await client.school_life(lea)
            target = next(a for a in life.absences if a.editable and not a.pending)
            reason = client.account.absence_reasons[0]
            app.reset_stats()
            started = time.perf_counter()
            await client.justify(lea, target, reason, "Malade.", FileToSend("certificat.pdf", b"%" * size))
            elapsed = time.perf_counter() - started
            return elapsed, sum(app.stats.requests.values())  # as the server counted them


async def main(latency_ms: float) -> None:
    print(f"justification with a certificate, {latency_ms:g} ms latency per request")
    print(f"{'size':>10}  {'HTTP requests':>13}  {'wall time':>9}")
    for size in SIZES:
        elapsed, requests = await one(size, latency_ms)
        print(f"{size / 1024:>7.0f} Ko  {requests:>13}  {elapsed * 1000:>6.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    asyncio.run(main(parser.parse_args().latency_ms))
