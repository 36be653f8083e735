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
from espace_parents_tui.pronote.parse.agenda import parse_agenda
from espace_parents_tui.pronote.parse.attachments import parse_attachment, parse_attachments
from espace_parents_tui.pronote.parse.grades import parse_grades
from espace_parents_tui.pronote.parse.homework import (
    parse_digital_resources,
    parse_homework,
    parse_homework_book,
    parse_lesson_book,
    parse_write_reply,
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
from espace_parents_tui.pronote.parse.settings import parse_school_settings, parse_version
from espace_parents_tui.pronote.parse.timetable import lesson_end, parse_timetable

__all__ = [
    "parse_attachment",
    "parse_attachments",
    "flatten_permissions",
    "flatten_tabs",
    "lesson_end",
    "parse_grades",
    "parse_mark",
    "parse_school_settings",
    "parse_timetable",
    "parse_user_account",
    "parse_version",
    "to_date",
    "to_datetime",
    "unwrap",
    "parse_agenda",
    "parse_digital_resources",
    "parse_homework",
    "parse_homework_book",
    "parse_lesson_book",
    "parse_menus",
    "parse_write_reply",
    "label_date",
    "parse_mailbox",
    "parse_participants",
    "parse_recipients",
    "parse_thread",
    "parse_news",
    "parse_news_answer",
    "parse_news_details",
]
