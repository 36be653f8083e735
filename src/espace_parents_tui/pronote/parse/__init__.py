"""Response parsers: the decoded ``data`` of a PRONOTE answer → model objects.

Pure functions, no I/O. Each takes the object under ``dataSec.data`` (``donnees`` on older
servers) and returns :mod:`espace_parents_tui.models` objects. An answer that cannot be
understood raises :class:`~espace_parents_tui.pronote.errors.ProtocolError` naming the PRONOTE
function, never a bare ``KeyError``/``TypeError``/``ValueError``.

One module per area: ``settings`` (FonctionParametres), ``account`` (ParametresUtilisateur),
``grades`` (DernieresNotes), ``timetable`` (PageEmploiDuTemps); ``_read`` holds the shared readers.
"""

from espace_parents_tui.pronote.parse._read import parse_mark, to_date, to_datetime, unwrap
from espace_parents_tui.pronote.parse.account import flatten_permissions, flatten_tabs, parse_user_account
from espace_parents_tui.pronote.parse.account_info import parse_account_info
from espace_parents_tui.pronote.parse.agenda import parse_agenda
from espace_parents_tui.pronote.parse.attachments import parse_attachment, parse_attachments
from espace_parents_tui.pronote.parse.child_account import (
    parse_child_account,
    parse_password_reply,
    parse_password_rules,
)
from espace_parents_tui.pronote.parse.documents import parse_documents
from espace_parents_tui.pronote.parse.grades import parse_grades
from espace_parents_tui.pronote.parse.home import parse_home
from espace_parents_tui.pronote.parse.homework import (
    parse_digital_resources,
    parse_homework,
    parse_homework_book,
    parse_lesson_book,
    parse_write_reply,
)
from espace_parents_tui.pronote.parse.livret import parse_livret_year
from espace_parents_tui.pronote.parse.meetings import (
    parse_meeting_sessions,
    parse_planning,
    parse_session_meetings,
)
from espace_parents_tui.pronote.parse.menus import parse_menus
from espace_parents_tui.pronote.parse.messaging import (
    label_date,
    parse_mailbox,
    parse_participants,
    parse_recipients,
    parse_thread,
)
from espace_parents_tui.pronote.parse.news import parse_news, parse_news_answer, parse_news_details
from espace_parents_tui.pronote.parse.presence import parse_presence
from espace_parents_tui.pronote.parse.reports import (
    parse_evaluations,
    parse_grade_transcript,
    parse_pdf_url,
    parse_report_card,
)
from espace_parents_tui.pronote.parse.settings import parse_school_settings, parse_version
from espace_parents_tui.pronote.parse.team import parse_teaching_team
from espace_parents_tui.pronote.parse.timetable import lesson_end, parse_timetable

__all__ = [
    "flatten_permissions",
    "flatten_tabs",
    "label_date",
    "lesson_end",
    "parse_account_info",
    "parse_child_account",
    "parse_meeting_sessions",
    "parse_password_reply",
    "parse_password_rules",
    "parse_planning",
    "parse_session_meetings",
    "parse_agenda",
    "parse_attachment",
    "parse_attachments",
    "parse_digital_resources",
    "parse_documents",
    "parse_evaluations",
    "parse_grade_transcript",
    "parse_grades",
    "parse_home",
    "parse_homework",
    "parse_homework_book",
    "parse_lesson_book",
    "parse_mailbox",
    "parse_mark",
    "parse_menus",
    "parse_news",
    "parse_news_answer",
    "parse_news_details",
    "parse_participants",
    "parse_pdf_url",
    "parse_presence",
    "parse_recipients",
    "parse_report_card",
    "parse_school_settings",
    "parse_teaching_team",
    "parse_thread",
    "parse_timetable",
    "parse_user_account",
    "parse_version",
    "parse_write_reply",
    "parse_livret_year",
    "to_date",
    "to_datetime",
    "unwrap",
]
