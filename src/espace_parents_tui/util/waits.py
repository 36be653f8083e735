"""Waiting for another thread without a timed lock.

``threading.Event.wait(timeout)``, ``Thread.join(timeout)`` and their kin compute an absolute
deadline on the monotonic clock and hand it to the kernel's semaphore wait. libfaketime (how the
suite is run at other hours: ``faketime -f "@2026-12-05 00:30:00" python -m pytest``) fakes the
clock Python reads but not the one the kernel waits on, so such a wait never ends under it.
``time.sleep`` is faked consistently, so the app polls with short sleeps instead: a few wake-ups
a second, only while it waits for a thread it started.
"""

from __future__ import annotations

import time
from collections.abc import Callable

STEP_S = 0.005


def wait_until(done: Callable[[], bool], timeout: float, *, step: float = STEP_S) -> bool:
    """Poll ``done()`` until it holds or ``timeout`` seconds pass; whether it holds."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() >= deadline:
            return done()
        time.sleep(step)
    return True
