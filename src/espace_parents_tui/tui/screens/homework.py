"""Cahier de textes: the week's homework by due date (ticked done or not), or the lesson contents.

``o`` switches between « Travail à faire » and « Contenu des cours »; ``,``/``.`` move by week;
Enter opens one item with its full text, attachments and links; space ticks homework done (the
school may refuse that from a parent: the server's answer is shown as it is).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from espace_parents_tui.models import Homework, LessonBookEntry
from espace_parents_tui.service.actions import homework as actions_homework
from espace_parents_tui.service.formatted import body_links, body_markdown, plain_markdown
from espace_parents_tui.service.sections import HOMEWORK_WEEKS, monday
from espace_parents_tui.tui.screens.attachments import AttachmentDialog, open_attachment
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _, day_name
from espace_parents_tui.util.textsafe import clean_line

HOMEWORK, CONTENTS = "homework", "contents"


def school_week(day: date) -> date:
    """The Monday of the week a parent looks at on ``day``: at the week-end, the coming one.

    The same rule as the portal's default scope, for when the cache does not know the school yet.
    """
    week = monday(day)
    return week + timedelta(weeks=1) if day.weekday() >= 5 else week


def short_day(day: date) -> str:
    return f"{day_name(day, 'abbreviated')} {day:%d/%m}"


def long_day(day: date) -> str:
    return f"{day_name(day)} {day:%d/%m/%Y}"


def one_line(value: str, size: int) -> str:
    value = clean_line(value)
    return value if len(value) <= size else value[: size - 1] + "…"


def subject_name(value: Any) -> str:
    return str(getattr(value, "name", value) or "")


def done_cell(done: bool) -> Text:
    return SafeText(_("✓ fait"), style="green") if done else SafeText(_("à faire"), style="yellow")


def homework_body(hw: Homework) -> Text:
    """The details of a homework (its text is shown formatted below them: :func:`homework_markdown`)."""
    body = SafeText()
    body.append(_("Pour le "), style="bold").append(long_day(hw.due))
    if hw.given:
        body.append(_("  ·  donné le "), style="bold").append(long_day(hw.given))
    body.append(_("\nÉtat : "), style="bold").append_text(
        SafeText(_("fait (coché par la famille)"), style="green")
        if hw.done
        else SafeText(_("pas encore fait"), style="yellow")
    )
    body.append(_("  (espace dans la liste pour changer)"), style="dim")
    details = [_(hw.hand_in_label), f"{hw.minutes} min" if hw.minutes else "", _(hw.difficulty_label)]
    if any(details):
        body.append("\n" + " · ".join(d for d in details if d), style="italic")
    if hw.themes:
        body.append(_("\nThèmes : "), style="bold").append_text(text(", ".join(hw.themes)))
    return body


def homework_markdown(hw: Homework) -> str:
    return body_markdown(hw.description_html, hw.description) or _("*(pas de texte)*")


def lesson_body(entry: LessonBookEntry) -> Text:
    """Who gave the lesson (its contents are shown formatted below: :func:`lesson_markdown`)."""
    body = SafeText()
    if entry.teachers:
        body.append(_("Professeur : "), style="bold").append_text(text(", ".join(entry.teachers)))
    if entry.groups:
        body.append("\n" if body else "").append(_("Groupe : "), style="bold")
        body.append_text(text(", ".join(entry.groups)))
    return body


def lesson_markdown(entry: LessonBookEntry) -> str:
    """Each content: its title in bold, its category, its formatted text, its themes."""
    parts = []
    for content in entry.contents:
        head = f"**{plain_markdown(content.title or _('(sans titre)'))}**"
        if content.category:
            head += f" — *{plain_markdown(content.category)}*"
        parts.append(head)
        description = body_markdown(content.description_html, content.description)
        if description:
            parts.append(description)
        if content.themes:
            parts.append(
                _("Thèmes : {plain_markdown}").format(
                    plain_markdown=plain_markdown(", ".join(content.themes))
                )
            )
    return "\n\n".join(parts)


class HomeworkView(SectionView):
    key = "homework"
    letter = "c"
    title_text = N_("Cahier de textes")
    sections = ("homework", "contents")

    BINDINGS = [
        Binding(
            "comma", "week(-1)", _("Sem. préc."), id="homework.previous", tooltip=_("Semaine précédente")
        ),
        Binding("full_stop", "week(1)", _("Sem. suiv."), id="homework.next", tooltip=_("Semaine suivante")),
        Binding(
            "t", "this_week", _("Cette semaine"), id="homework.today", tooltip=_("Revenir à cette semaine")
        ),
        Binding(
            "o",
            "toggle_mode",
            _("Travail/Contenu"),
            id="homework.mode",
            tooltip=_("Basculer travail à faire / contenu des cours"),
        ),
        Binding(
            "space",
            "toggle_done",
            _("Fait/à faire"),
            id="homework.done",
            tooltip=_("Cocher ce travail fait, ou le décocher"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week: date | None = None
        self.mode = HOMEWORK
        self.homework_rows: list[tuple[Homework, str]] = []  # (homework, the cached scope it came from)
        self.lesson_rows: list[LessonBookEntry] = []

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="homework-title")
        yield ListTable(id="homework-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="homework-empty")

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def _today(self) -> date:
        return self.app.today()  # type: ignore[attr-defined]

    def _text_width(self, used: int) -> int:
        width = self.app.size.width or 80
        return max(20, width - 2 - used)

    # --- data -------------------------------------------------------------------------------

    def cached_homework(self) -> tuple[list[tuple[Homework, str]], bool]:
        """The homework due this week, from the freshest cached dataset covering it."""
        assert self.week is not None
        found = []
        for back in range(HOMEWORK_WEEKS):
            scope = (self.week - timedelta(weeks=back)).isoformat()
            cached = self.read("homework", scope)
            if cached is not None:
                found.append((cached.fetched_at, back == 0, scope, cached.value))
        if not found:
            return [], False
        _at, _exact, scope, items = max(found, key=lambda f: (f[0], f[1]))
        end = self.week + timedelta(days=7)
        rows = [hw for hw in items if self.week <= hw.due < end]
        rows.sort(key=lambda hw: (hw.due, subject_name(hw.subject), hw.description))
        return [(hw, scope) for hw in rows], True

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        if self.week is None:
            scope = self.portal.default_scope("homework", self.child)
            self.week = date.fromisoformat(scope) if scope else school_week(self._today())
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        if self.mode == HOMEWORK:
            self._fill_homework(table)
        else:
            self._fill_contents(table)
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1), animate=False)

    def _title(self, what: str, extra: str = "") -> None:
        assert self.week is not None
        line = SafeText(
            _("{title} · {what} — semaine du {week:%d/%m/%Y}").format(
                title=self.title, what=what, week=self.week
            )
        )
        if extra:
            line.append(f"  {extra}", style="dim")
        self.query_one("#homework-title", Static).update(line)

    def _empty(self, message: str | None) -> None:
        empty = self.query_one("#homework-empty", Static)
        empty.display = message is not None
        if message is not None:
            empty.update(text(message))

    def _fill_homework(self, table: DataTable) -> None:
        rows, cached = self.cached_homework()
        self.homework_rows = rows
        todo = sum(1 for hw, _ in rows if not hw.done)
        self._title(_("Travail à faire"), _("{todo} à faire sur {len}").format(todo=todo, len=len(rows)))
        if not cached:
            self._empty(_("Chargement du cahier de textes…"))
            self.want("homework", self.week.isoformat())  # type: ignore[union-attr]
            return
        width = self._text_width(9 + 14 + 7 + 2 + 10 + 2)
        table.add_column(SafeText(_("Pour le")), width=9)
        table.add_column(SafeText(_("Matière")), width=14)
        table.add_column(SafeText(_("Travail")), width=width)
        table.add_column(SafeText(_("État")), width=7)
        table.add_column(SafeText(_("PJ")), width=2)
        for index, (hw, _scope) in enumerate(rows):
            due = SafeText(short_day(hw.due), style="bold" if hw.due == self._today() else "")
            table.add_row(
                due,
                text(subject_name(hw.subject)),
                text(one_line(hw.description, width)),
                done_cell(hw.done),
                text(len(hw.attachments) or ""),
                key=str(index),
            )
        self._empty(None if rows else _("Aucun travail à faire pour cette semaine."))

    def _fill_contents(self, table: DataTable) -> None:
        assert self.week is not None
        scope = self.week.isoformat()
        cached = self.read("contents", scope)
        self._title(_("Contenu des cours"))
        if cached is None:
            self.lesson_rows = []
            self._empty(_("Chargement du contenu des cours…"))
            self.want("contents", scope)
            return
        self.lesson_rows = sorted(cached.value, key=lambda e: e.start)
        width = self._text_width(15 + 14 + 2 + 8 + 2)
        table.add_column(SafeText(_("Cours")), width=15)
        table.add_column(SafeText(_("Matière")), width=14)
        table.add_column(SafeText(_("Contenu")), width=width)
        table.add_column(SafeText(_("PJ")), width=2)
        for index, entry in enumerate(self.lesson_rows):
            files = sum(len(c.attachments) for c in entry.contents)
            titles = " / ".join(c.title for c in entry.contents if c.title) or entry.category
            table.add_row(
                text(f"{short_day(entry.start.date())} {entry.start:%H:%M}"),
                text(subject_name(entry.subject)),
                text(one_line(titles, width)),
                text(files or ""),
                key=str(index),
            )
        self._empty(None if self.lesson_rows else _("Aucun contenu de cours cette semaine."))

    # --- actions ----------------------------------------------------------------------------

    def action_week(self, step: int) -> None:
        if self.week is not None:
            self.week += timedelta(weeks=step)
            self.refresh_view()

    def action_this_week(self) -> None:
        self.week = None
        self.refresh_view()

    def action_toggle_mode(self) -> None:
        self.mode = CONTENTS if self.mode == HOMEWORK else HOMEWORK
        self.refresh_view()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Lesson contents have nothing to tick: the key leaves the footer there.
        return self.mode == HOMEWORK if action == "toggle_done" else True

    def selected_homework(self) -> tuple[Homework, str] | None:
        table = self.query_one(DataTable)
        if self.mode != HOMEWORK or not self.homework_rows or table.row_count == 0:
            return None
        return self.homework_rows[min(table.cursor_row, len(self.homework_rows) - 1)]

    def action_toggle_done(self) -> None:
        picked = self.selected_homework()
        if picked is None or self.portal is None or self.child is None:
            return
        homework, scope = picked
        portal, child, done = self.portal, self.child, not homework.done

        async def tick() -> None:
            await actions_homework.set_done(portal, child, scope, homework, done)
            self.refresh_view()
            what = "fait" if done else _("à faire")
            self.app.notify(
                clean_line(
                    _("{subject_name} pour le {due:%d/%m} : {what}.").format(
                        subject_name=subject_name(homework.subject), due=homework.due, what=what
                    )
                ),
                title=_("Cahier de textes"),
                markup=False,
            )

        self.app.run_worker(tick(), group="homework-done", exit_on_error=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = int(event.row_key.value) if event.row_key.value is not None else -1
        if self.mode == HOMEWORK and 0 <= index < len(self.homework_rows):
            self.open_homework(*self.homework_rows[index])
        elif self.mode == CONTENTS and 0 <= index < len(self.lesson_rows):
            self.open_lesson(self.lesson_rows[index])

    def open_homework(self, hw: Homework, scope: str) -> None:
        title = _("{subject_name} — pour le {short_day}").format(
            subject_name=subject_name(hw.subject), short_day=short_day(hw.due)
        )
        self.app.push_screen(
            AttachmentDialog(
                title,
                homework_body(hw),
                hw.attachments,
                lambda attachment: open_attachment(self, "homework", scope, attachment, hw),
                markdown=homework_markdown(hw),
                links=body_links(hw.description_html),
            )
        )

    def open_lesson(self, entry: LessonBookEntry) -> None:
        assert self.week is not None
        scope = self.week.isoformat()
        owned = [(a, (entry, content)) for content in entry.contents for a in content.attachments]
        hours = f"{entry.start:%H:%M}" + (f"–{entry.end:%H:%M}" if entry.end else "")
        title = f"{subject_name(entry.subject) or 'Cours'} — {short_day(entry.start.date())} {hours}"

        def pick(attachment: Any) -> None:
            owner = next((o for a, o in owned if a is attachment), None)
            open_attachment(self, "contents", scope, attachment, owner)

        links = [link for content in entry.contents for link in body_links(content.description_html)]
        self.app.push_screen(
            AttachmentDialog(
                title,
                lesson_body(entry),
                [a for a, _ in owned],
                pick,
                markdown=lesson_markdown(entry),
                links=links,
            )
        )
