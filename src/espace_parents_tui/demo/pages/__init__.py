"""The emulated server's pages: one builder per PRONOTE function, school data in, raw PRONOTE JSON out.

The contract (``PageRequest``, ``IdMinter``, ``PageFault``, the ``PAGES``/``PAGE_TABS`` registry and
the ``@page`` decorator) lives in :mod:`.contract`; each module here registers its builders when it
is imported, which importing this package does. The builders build JSON by hand from the school
model and never import the client's parsers or models.
"""

from __future__ import annotations

from . import (  # noqa: F401  (importing a module registers its pages)
    account,
    agenda,
    deposits,
    grades,
    home,
    homework,
    internships,
    livret,
    meetings,
    menus,
    messaging,
    news,
    orientation,
    params,
    past_cards,
    presence,
    records,
    reports,
    team,
    timetable,
)
from .contract import PAGE_TABS, PAGES, IdMinter, PageBuilder, PageFault, PageRequest, child_id, page
from .files import open_file

__all__ = [
    "PAGES",
    "PAGE_TABS",
    "IdMinter",
    "PageBuilder",
    "PageFault",
    "PageRequest",
    "child_id",
    "open_file",
    "page",
]
