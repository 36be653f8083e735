"""Every section the portal keeps, by name, in the order a sync plans them.

Adding a section: define it in the module of its subject, then list it here.
"""

from __future__ import annotations

from espace_parents_tui.service.sections.account import CHILD_ACCOUNT, MEETINGS
from espace_parents_tui.service.sections.base import Section
from espace_parents_tui.service.sections.documents import DOCUMENTS
from espace_parents_tui.service.sections.grades import EVALUATIONS, GRADES, REPORT
from espace_parents_tui.service.sections.homework import CONTENTS, HOMEWORK
from espace_parents_tui.service.sections.livret import LIVRET
from espace_parents_tui.service.sections.messaging import MESSAGES, NEWS
from espace_parents_tui.service.sections.orientation import INTERNSHIPS, ORIENTATION
from espace_parents_tui.service.sections.records import RECORD, TEXTBOOKS
from espace_parents_tui.service.sections.school import ACCOUNT_INFO, CALENDAR, HOME, MENUS, TEAM
from espace_parents_tui.service.sections.school_life import SCHOOL_LIFE
from espace_parents_tui.service.sections.timetable import TIMETABLE

SECTIONS: dict[str, Section] = {
    section.name: section
    for section in (
        GRADES,
        TIMETABLE,
        HOMEWORK,
        CONTENTS,
        SCHOOL_LIFE,
        MESSAGES,
        NEWS,
        EVALUATIONS,
        REPORT,
        MENUS,
        TEAM,
        CALENDAR,
        HOME,
        ACCOUNT_INFO,
        DOCUMENTS,
        MEETINGS,
        CHILD_ACCOUNT,
        ORIENTATION,
        INTERNSHIPS,
        TEXTBOOKS,
        RECORD,
        LIVRET,
    )
}
