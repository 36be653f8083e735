"""``--replay FILE``: a support bundle served by the emulated server, and a portal logged in to it.

The bundle's school file (``service/support/``) goes through the same protocol path as the demo
school (``demo.py``): the server on loopback, a memory credential store holding a password made up
for this run, a throw-away cache. "Today" is frozen at the moment the parent's data was fetched
(a ``DayClock`` starting at that time of day), so the replay shows the same week, the same relative
dates and the same periods as the parent saw.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

from espace_parents_tui.clock import DayClock
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.service.support.bundle import Bundle, BundleError, read_bundle
from espace_parents_tui.util.i18n import _
from espace_parents_tui.wiring.demo import demo_portal


def replay_clock(fetched_at: datetime) -> DayClock:
    """The replay's clock: the day the data was fetched, from that time of day."""
    return DayClock(fetched_at.date(), start=fetched_at.time().replace(microsecond=0))


def open_bundle(path: Path) -> tuple[Bundle, object]:
    """The bundle and its school, checked as the server checks any school file (``BundleError``)."""
    from espace_parents_tui.demo.school import SchoolFileError
    from espace_parents_tui.demo.school.fileformat import school_from_json

    bundle = read_bundle(path)
    try:
        school = school_from_json(bundle.school)
    except SchoolFileError as exc:
        raise BundleError(
            _("Le bundle {path} ne peut pas être rejoué : {reason}").format(path=path, reason=exc)
        ) from None
    if not school.parents:
        raise BundleError(_("Le bundle {path} ne contient aucun compte à rejouer.").format(path=path))
    school.parents[0].password = secrets.token_urlsafe(16)  # this run's only, never written anywhere
    return bundle, school


@contextlib.asynccontextmanager
async def replay_portal(path: Path, *, cache_dir: Path | None = None) -> AsyncIterator[Portal]:
    """The bundle at ``path`` replayed: ``portal.replay_of`` is when the parent's data was fetched."""
    bundle, school = open_bundle(path)
    clock = replay_clock(bundle.fetched_at)
    async with demo_portal(school=school, clock=clock, cache_dir=cache_dir) as portal:
        portal.replay_of = bundle.fetched_at  # type: ignore[attr-defined]  (shown as "données du …")
        yield portal
