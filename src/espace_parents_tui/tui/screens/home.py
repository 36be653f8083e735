"""Accueil: today (or the next school day) at a glance for the chosen child.

Most urgent first, so that 80×24 shows what matters (the rest scrolls): what is new since the last
visit, the day's lessons (changes, cancellations), homework due that day or the next, absences to
justify, unread messages and news, the latest grades, absent teachers. Items new since the last
visit carry a "Nouveau" marker until the parent opens their section (``screens/novelty.py``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from espace_parents_tui.models import Lesson
from espace_parents_tui.service.sections import week_scope
from espace_parents_tui.service.wording import mark_text
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.screens.novelty import new_mark, new_objects, unseen, watch_sections_opened
from espace_parents_tui.tui.screens.school_life import absence_span
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.week_grid import lesson_label, lesson_note
from espace_parents_tui.util.i18n import N_, _, day_name, ngettext

SHOWN = 5  # lines per list before "… et N autres"
MEETING_DAYS = 14  # the parent–teacher meetings shown: those of the coming two weeks
# The sections whose changes the "what is new" line counts.
NEW_SECTIONS = ("grades", "messages", "news", "timetable", "school_life", "homework", "evaluations", "report")


def new_label(section: str, n: int) -> str:
    """``n`` changes of ``section`` in words: « 1 note », « 3 notes »."""
    labels = {
        "grades": ngettext("{n} note", "{n} notes", n),
        "messages": ngettext("{n} message", "{n} messages", n),
        "news": ngettext("{n} information", "{n} informations", n),
        "timetable": ngettext("{n} cours modifié", "{n} cours modifiés", n),
        "school_life": ngettext("{n} en vie scolaire", "{n} en vie scolaire", n),
        "homework": ngettext("{n} travail à faire", "{n} travaux à faire", n),
        "evaluations": ngettext("{n} compétence", "{n} compétences", n),
        "report": ngettext("{n} bulletin", "{n} bulletins", n),
    }
    return labels[section].format(n=n)


def _turns(meeting: Any) -> tuple[datetime, datetime]:
    """When a planned meeting enters the home page (``MEETING_DAYS`` before it) and leaves it."""
    return meeting.start - timedelta(days=MEETING_DAYS), meeting.end


def _day_label(day: date) -> str:
    return f"{day_name(day)} {day:%d/%m}"


class HomeView(SectionView):
    DEFAULT_CSS = """
    HomeView #home-body > Static { text-wrap: nowrap; text-overflow: ellipsis; }
    """
    key = "home"
    letter = "a"
    title_text = N_("Accueil")
    sections = ("timetable", "grades", "homework", "messages", "news", "school_life", "home", "meetings")
    valid_until: datetime | None = None  # when the drawing may change with the hour alone (_meetings)
    drawn_day: date | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="home-title")
        with VerticalScroll(id="home-body"):
            yield Static(id="home-new")
            yield Static(id="home-meetings")
            yield Static(id="home-day")
            yield Static(id="home-staff")
            yield Static(id="home-homework")
            yield Static(id="home-school-life")
            yield Static(id="home-messages")
            yield Static(id="home-news")
            yield Static(id="home-grades")

    def drawn_from(self) -> tuple[str, ...]:
        return (*self.sections, *NEW_SECTIONS)  # its own and every section counted in "Nouveautés"

    def on_mount(self) -> None:
        watch_sections_opened(self)
        super().on_mount()

    def on_section_shown(self) -> None:
        self.query_one("#home-body").focus()

    def _today(self) -> date:
        return self.app.today()  # type: ignore[attr-defined]

    def school_day(self) -> tuple[date, list]:
        """Today, or the next day with lessons within a week (looking in the cached weeks)."""
        day, lessons, _week, _scope = self._school_day()
        return day, lessons

    def _school_day(self) -> tuple[date, list[Lesson], list[Lesson], str]:
        today = self._today()
        for offset in range(0, 10):
            day = today + timedelta(days=offset)
            scope = week_scope(day)
            cached = self.read("timetable", scope)
            if cached is None:
                continue
            lessons = [les for les in cached.value if les.start.date() == day]
            if lessons:
                return day, sorted(lessons, key=lambda les: les.start), cached.value, scope
        return today, [], [], week_scope(today)

    def _next_school_day(self, day: date) -> date:
        """The next day with lessons in the cache, else the next weekday."""
        for offset in range(1, 8):
            other = day + timedelta(days=offset)
            cached = self.read("timetable", week_scope(other))
            if cached is not None and any(les.start.date() == other for les in cached.value):
                return other
        other = day + timedelta(days=1)
        while other.weekday() >= 5:
            other += timedelta(days=1)
        return other

    def _new_keys(self, section: str) -> set[str]:
        if self.portal is None:
            return set()
        return {c.key for c in unseen(self.portal, self.child, [section])}

    def _line(self, body: Text, is_new: bool = False) -> Text:
        line = SafeText("  ")
        if is_new:
            line.append_text(new_mark()).append(" ")
        return line.append_text(body)

    @staticmethod
    def _block(title: str, lines: list[Text], *, empty: str | None = None, more: int = 0) -> Text:
        block = SafeText(no_wrap=True, overflow="ellipsis")
        block.append(title + "\n", style="bold underline")
        if not lines and empty:
            block.append(f"  {empty}\n", style="dim")
        for line in lines:
            block.append_text(line).append("\n")
        if more > 0:
            block.append(
                ngettext("  … et {more} autre\n", "  … et {more} autres\n", more).format(more=more),
                style="dim",
            )
        return block

    def _show(self, widget_id: str, content: Text | None) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.display = content is not None
        if content is not None:
            widget.update(content)

    # --- drawing ----------------------------------------------------------------------------

    def refresh_view(self) -> None:
        if self.portal is None or self.child is None:
            return
        day, lessons, week, scope = self._school_day()
        self.drawn_day = self._today()
        when = _("Aujourd'hui") if day == self._today() else f"{day_name(day).capitalize()} {day:%d/%m}"
        self.query_one("#home-title", Static).update(
            text(_("Accueil — {name} — {when}").format(name=self.child.name, when=when))
        )
        self._show("home-new", self._what_is_new())
        self._show("home-meetings", self._meetings())
        self._show("home-day", self._lessons(lessons, week, scope))
        self._show("home-staff", self._staff())
        self._show("home-homework", self._homework(day))
        self._show("home-school-life", self._to_justify())
        self._show("home-messages", self._messages())
        self._show("home-news", self._news())
        self._show("home-grades", self._grades())

    def _meetings(self) -> Text | None:
        """The parent–teacher meetings of the coming two weeks (every child: one parent, one evening)."""
        from espace_parents_tui.service.actions.meetings import planning, upcoming

        assert self.portal is not None
        now = self.app.clock.now()  # type: ignore[attr-defined]
        soon = upcoming(self.portal, self.portal.children(), now, days=MEETING_DAYS)
        # What is drawn here changes when a meeting ends or comes within the days shown (tui/kept.py).
        moments = [m for p in planning(self.portal, self.portal.children()) for m in _turns(p.meeting)]
        self.valid_until = min((m for m in moments if m >= now), default=None)
        if not soon:
            return None
        lines = []
        for item in soon[:3]:
            meeting = item.meeting
            line = SafeText(f"{_day_label(meeting.start.date())} {meeting.start:%Hh%M}  ")
            line.append(", ".join(meeting.teachers) or meeting.role, style="bold")
            line.append(
                f"  {item.child.split()[-1]}" + (f", {meeting.room}" if meeting.room else ""), style="dim"
            )
            if item.conflict:
                line.append(_("  ⚠ chevauchement"), style="bold red")
            lines.append(self._line(line))
        return self._block(_("Rencontres parents-professeurs (R)"), lines, more=len(soon) - 3)

    def _what_is_new(self) -> Text | None:
        assert self.portal is not None
        counts = Counter(c.section for c in unseen(self.portal, self.child, NEW_SECTIONS))
        if not counts:
            return None
        line = SafeText(no_wrap=True, overflow="ellipsis")
        line.append_text(new_mark()).append(_(" depuis votre dernière visite : "), style="bold")
        line.append(" · ".join(new_label(s, n) for s, n in counts.items()))
        return line.append("\n")

    def _lessons(self, lessons: list[Lesson], week: list[Lesson], scope: str) -> Text:
        fresh = new_objects("timetable", week, scope, week, self._new_keys("timetable"))
        lines = []
        for lesson in lessons:
            line = SafeText(f"{lesson.start:%H:%M}–{lesson.end:%H:%M}  ")
            label = SafeText(lesson_label(lesson), style="bold")
            if lesson.cancelled:
                label.stylize("strike red")
            line.append_text(label)
            if lesson.rooms:
                line.append(f"  {', '.join(lesson.rooms)}", style="dim")
            note = lesson_note(lesson)
            if note:
                line.append(f"  ⚠ {note}", style="red" if lesson.cancelled else "yellow")
            lines.append(self._line(line, id(lesson) in fresh))
        return self._block(
            _("Cours"), lines, empty=_("Pas de cours trouvé (synchronisation en cours ou vacances).")
        )

    def _homework(self, day: date) -> Text | None:
        cached = self.read("homework")
        if cached is None:
            return None
        following = self._next_school_day(day)
        due = sorted(
            (hw for hw in cached.value if hw.due in (day, following)),
            key=lambda hw: (hw.due, getattr(hw.subject, "name", "")),
        )
        lines = []
        for hw in due:
            line = SafeText(f"{_day_label(hw.due)}  ")
            line.append(getattr(hw.subject, "name", str(hw.subject)), style="bold")
            line.append("  " + " ".join(hw.description.split()))
            if hw.done:
                line = SafeText("✓ ", style="green").append_text(line)
                line.stylize("dim")
            lines.append(self._line(line))
        title = _("Travail à faire pour {day_label} et {day_label2}").format(
            day_label=_day_label(day), day_label2=_day_label(following)
        )
        return self._block(title, lines, empty=_("Rien à faire pour ces deux jours."))

    def _to_justify(self) -> Text | None:
        """Absences and delays the school asks the parents to justify, in every period cached
        (not those the parents answered, waiting for the school)."""
        assert self.portal is not None and self.child is not None
        absences, delays = {}, {}
        for scope, _at in self.portal.cache.scopes(self.child.name, "school_life"):
            cached = self.read("school_life", scope)
            if cached is None:
                continue
            for absence in cached.value.absences:
                if absence.to_justify_by_parents and not absence.justified and not absence.pending:
                    absences[(absence.start, absence.end)] = absence
            for delay in cached.value.delays:
                if delay.to_justify_by_parents and not delay.justified and not delay.pending:
                    delays[delay.when] = delay
        lines = []
        for absence in sorted(absences.values(), key=lambda a: a.start, reverse=True):
            line = SafeText(_("Absence "), style="bold").append(absence_span(absence, full=True))
            if absence.hours:
                line.append(f" ({absence.hours})", style="dim")
            lines.append(self._line(line))
        for delay in sorted(delays.values(), key=lambda d: d.when, reverse=True):
            line = SafeText(_("Retard "), style="bold").append(
                _("le {when:%d/%m %Hh%M} ({minutes} min)").format(when=delay.when, minutes=delay.minutes)
            )
            lines.append(self._line(line))
        if not lines:
            return None
        shown = lines[:SHOWN]
        return self._block(_("À justifier (Vie scolaire, touche v)"), shown, more=len(lines) - len(shown))

    def _messages(self) -> Text | None:
        assert self.portal is not None
        cached = self.portal.read("messages", None, "all")
        if cached is None:
            return None
        box = cached.value
        fresh = new_objects("messages", box, "all", box.discussions, self._new_keys("messages"))
        unread = [d for d in box.discussions if d.unread and not d.in_trash and not d.is_draft]
        unread.sort(key=lambda d: (id(d) not in fresh, -(d.date.timestamp() if d.date else 0)))
        lines = []
        for discussion in unread[:SHOWN]:
            line = SafeText(discussion.subject, style="bold")
            if discussion.initiator:
                line.append(f" — {discussion.initiator}", style="dim")
            if discussion.date_label:
                line.append(f"  {discussion.date_label}", style="dim")
            lines.append(self._line(line, id(discussion) in fresh))
        if not unread:
            return None
        return self._block(
            _("Messages non lus ({len})").format(len=len(unread)), lines, more=len(unread) - SHOWN
        )

    def _news(self) -> Text | None:
        cached = self.read("news", "all")
        if cached is None:
            return None
        feed = cached.value
        fresh = new_objects("news", feed, "all", feed.items, self._new_keys("news"))
        unread = [item for item in feed.items if not item.read]
        unread.sort(key=lambda i: (id(i) not in fresh, -(i.created.timestamp() if i.created else 0)))
        lines = []
        for item in unread[:SHOWN]:
            line = SafeText(item.title, style="bold")
            if item.is_survey:
                line.append(_(" (sondage)"), style="italic")
            if item.author:
                line.append(f" — {item.author}", style="dim")
            lines.append(self._line(line, id(item) in fresh))
        if not unread:
            return None
        return self._block(
            _("Informations non lues ({len})").format(len=len(unread)), lines, more=len(unread) - SHOWN
        )

    def _grades(self) -> Text:
        assert self.portal is not None
        scope = self.portal.default_scope("grades", self.child) or ""
        cached = self.read("grades")
        lines = []
        if cached is not None:
            report = cached.value
            fresh = new_objects("grades", report, scope, report.grades, self._new_keys("grades"))
            recent = sorted(report.grades, key=lambda g: (id(g) in fresh, g.day), reverse=True)[:SHOWN]
            for grade in recent:
                line = SafeText(f"{grade.day:%d/%m}  ")
                line.append(grade.subject.name, style="bold")
                line.append(f"  {mark_text(grade.mark, grade.out_of)}")
                if grade.comment:
                    line.append(f"  {grade.comment}", style="dim")
                lines.append(self._line(line, id(grade) in fresh))
        return self._block(_("Dernières notes"), lines, empty=_("Aucune note récente."))

    def _staff(self) -> Text | None:
        cached = self.read("home")
        if cached is None:
            return None
        page: Any = cached.value
        lines = []
        for person in page.absent_staff:
            for absence in person.absences or (None,):
                line = SafeText(person.name, style="bold")
                if absence is not None and absence.detail:
                    line.append(f" : {absence.detail}")
                lines.append(self._line(line))
        for lesson in page.lessons_not_held:
            line = SafeText(_("Cours non assuré "), style="bold")
            line.append(lesson.start_label or (f"{lesson.when:%d/%m %Hh%M}" if lesson.when else ""))
            line.append(f"  {lesson.teacher}")
            extra = [
                x
                for x in (
                    lesson.class_name,
                    _("salle {room}").format(room=lesson.room) if lesson.room else "",
                )
                if x
            ]
            if extra:
                line.append(f" ({', '.join(extra)})", style="dim")
            if lesson.replacement:
                line.append(f" — {lesson.replacement}", style="yellow")
            lines.append(self._line(line))
        if not lines:
            return None
        return self._block(_("Professeurs absents"), lines)
