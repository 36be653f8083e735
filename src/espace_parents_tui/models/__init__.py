"""Plain data shared by every layer: what a parent sees, with no I/O and no protocol detail.

PRONOTE ids (``id`` fields, the wire's ``N``) are only valid for the server session that produced
them; the cache never keys on them. Dates and times are the school's local time, naive.

This package only re-exports: the core model (``core.py``) and each area's module.
"""

from espace_parents_tui.models.calendar import AgendaEvent, EventKind, SchoolCalendar  # noqa: F401
from espace_parents_tui.models.core import (  # noqa: F401
    Attachment,
    Child,
    ChildClass,
    ChildTabPeriods,
    Grade,
    GradeReport,
    Holiday,
    Lesson,
    Mark,
    Period,
    Reason,
    SchoolSettings,
    SpecialGrade,
    Subject,
    SubjectAverage,
    UserAccount,
    VideoLink,
)
from espace_parents_tui.models.homework import (  # noqa: F401
    DigitalResource,
    HandIn,
    Homework,
    HomeworkBook,
    LessonBookEntry,
    LessonContent,
)
from espace_parents_tui.models.menus import Course, Dish, FoodTag, MealKind, Menu, MenuCourse  # noqa: F401
from espace_parents_tui.models.messaging import (  # noqa: F401
    Discussion,
    DiscussionLabel,
    DiscussionThread,
    LabelKind,
    Mailbox,
    Message,
    Recipient,
    RecipientKind,
    ReplyButton,
)
from espace_parents_tui.models.news import (  # noqa: F401
    AnswerKind,
    NewsAnswer,
    NewsCategory,
    NewsChoice,
    NewsFeed,
    NewsItem,
    NewsQuestion,
)
from espace_parents_tui.models.people import AccountInfo, TaughtSubject, TeamMember  # noqa: F401
from espace_parents_tui.models.reports import (  # noqa: F401
    Acquisition,
    Evaluation,
    GeneralAppraisal,
    GradeTranscript,
    ReportCard,
    ReportSubject,
    TranscriptGrade,
    TranscriptSubject,
)
from espace_parents_tui.models.school_life import (  # noqa: F401
    Absence,
    AbsentStaff,
    Delay,
    ForbiddenAccess,
    HomePage,
    LessonNotHeld,
    Observation,
    ObservationKind,
    PrecautionaryMeasure,
    Punishment,
    PunishmentSession,
    SchoolLife,
    StaffAbsence,
    TimetableChange,
)
