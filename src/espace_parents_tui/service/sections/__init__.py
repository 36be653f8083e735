"""The sections of the Espace Parents the portal keeps: what to fetch, for which scopes, what to watch.

``base`` defines a :class:`Section`; one module per subject defines its sections (``grades``,
``timetable``, ``homework``, ``school_life``, ``messaging``, ``school``); ``registry`` lists them all
in :data:`SECTIONS`. This package only re-exports.
"""

from espace_parents_tui.service.sections.base import (
    ACCOUNT,
    Context,
    Fetch,
    Section,
    current_period_name,
    elapsed_period_names,
    monday,
    school_week,
    subject_name,
    this_week,
    week_scope,
)
from espace_parents_tui.service.sections.homework import HOMEWORK_WEEKS
from espace_parents_tui.service.sections.registry import SECTIONS
from espace_parents_tui.service.sections.school import CalendarData

__all__ = [
    "ACCOUNT",
    "HOMEWORK_WEEKS",
    "SECTIONS",
    "CalendarData",
    "Context",
    "Fetch",
    "Section",
    "current_period_name",
    "elapsed_period_names",
    "monday",
    "school_week",
    "subject_name",
    "this_week",
    "week_scope",
]
