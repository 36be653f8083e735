"""The PRONOTE pages a parent reads, one module per area, each a mixin of :class:`PronoteClient`.

A mixin method builds the request ``data`` (as a callable, so that a transparent re-login can build
it again with the new session's ids), calls :meth:`CallsBase.call` with the page's tab and the child,
and hands the answer to the parser of :mod:`espace_parents_tui.pronote.parse`.
"""

from espace_parents_tui.pronote.calls.account import AccountCalls
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.pronote.calls.calendar import CalendarCalls
from espace_parents_tui.pronote.calls.grades import GradesCalls
from espace_parents_tui.pronote.calls.home import HomeCalls
from espace_parents_tui.pronote.calls.homework import HomeworkCalls
from espace_parents_tui.pronote.calls.meetings import MeetingsCalls
from espace_parents_tui.pronote.calls.menus import MenusCalls
from espace_parents_tui.pronote.calls.messaging import MessagingCalls
from espace_parents_tui.pronote.calls.news import NewsCalls
from espace_parents_tui.pronote.calls.presence import PresenceCalls
from espace_parents_tui.pronote.calls.reports import ReportsCalls
from espace_parents_tui.pronote.calls.team import TeamCalls
from espace_parents_tui.pronote.calls.timetable import TimetableCalls

__all__ = [
    "AccountCalls",
    "CalendarCalls",
    "CallsBase",
    "GradesCalls",
    "HomeCalls",
    "HomeworkCalls",
    "MeetingsCalls",
    "MenusCalls",
    "MessagingCalls",
    "NewsCalls",
    "PresenceCalls",
    "ReportsCalls",
    "TeamCalls",
    "TimetableCalls",
]
