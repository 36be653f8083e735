"""Modal dialogs: a lesson's details, a confirmation, an error, the help."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from espace_parents_tui.models import Lesson
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.week_grid import lesson_label, lesson_note
from espace_parents_tui.util.i18n import _, day_name


class InfoScreen(ModalScreen[None]):
    """A read-only modal text, closed with Escape."""

    BINDINGS = [Binding("escape,q", "dismiss", _("Fermer"), id="dialog.close")]
    DEFAULT_CSS = """
    InfoScreen { align: center middle; }
    InfoScreen > Vertical { width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1; }
    InfoScreen .dialog-title { text-style: bold; color: $accent; }
    InfoScreen VerticalScroll { height: auto; max-height: 18; }
    """

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self._title = title
        self._body = body

    def on_worker_state_changed(self, event) -> None:
        """Worker events do not bubble: hand a dialog worker's failure to the app's one handler."""
        handler = getattr(self.app, "_worker_failed", None)
        if handler is not None:
            handler(event)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(SafeText(self._title), classes="dialog-title")
            with VerticalScroll():
                yield Static(self._body)
            yield Static(SafeText(_("Échap : fermer"), style="dim"))


class LessonScreen(InfoScreen):
    def __init__(self, lesson: Lesson, extra: Text | None = None) -> None:
        day = day_name(lesson.start).capitalize()
        title = f"{lesson_label(lesson)} — {day} {lesson.start:%d/%m} {lesson.start:%H:%M}–{lesson.end:%H:%M}"
        body = SafeText()
        if lesson.teachers:
            body.append(_("Professeur : "), style="bold").append(", ".join(lesson.teachers) + "\n")
        if lesson.staff:
            body.append(_("Personnel : "), style="bold").append(", ".join(lesson.staff) + "\n")
        if lesson.rooms:
            body.append(_("Salle : "), style="bold").append(", ".join(lesson.rooms) + "\n")
        if lesson.groups:
            body.append(_("Groupe : "), style="bold").append(", ".join(lesson.groups) + "\n")
        note = lesson_note(lesson)
        if note:
            body.append(_("Statut : "), style="bold").append(
                note + "\n", style="red" if lesson.cancelled else "yellow"
            )
        if lesson.memo:
            body.append(_("Mémo : "), style="bold").append(lesson.memo + "\n")
        for video in lesson.videos:
            body.append(_("Visio : "), style="bold").append(video.label or _("lien"))
            body.append(f"\n  {video.url}\n")
            if video.comment:
                body.append(f"  {video.comment}\n")
        if lesson.has_homework:
            body.append(_("Travail à faire publié pour ce cours.\n"), style="italic")
        if extra is not None:
            body.append("\n").append_text(extra)
        super().__init__(title, body)
