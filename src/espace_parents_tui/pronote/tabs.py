"""PRONOTE tab (onglet) numbers the client uses: cheap to import (no protocol code)."""

# Tab (onglet) numbers, from PRONOTE's GenreOnglet enum (parent-features.md §14).
TAB_HOME = 7
TAB_NEWS = 8
TAB_AGENDA = 9
TAB_MENUS = 10
TAB_REPORT = 12
TAB_REPORT_CARD = 13
TAB_TIMETABLE = 16
TAB_SCHOOL_LIFE = 19
TAB_TEAM = 37
TAB_ACCOUNT = 49
TAB_HOMEWORK = 88
TAB_LESSON_CONTENT = 89
TAB_MESSAGES = 131
TAB_GRADES = 198
TAB_EVALUATIONS = 201
TAB_DOCUMENTS = 148
