"""What the parents' action forms share (justify, warn of an absence, deposit a document).

A form keeps its draft in the account's cache as the parent types (so closing the form or the app
loses nothing), sends with ctrl+s through the action it is given, and closes only once the school
has the write. When sending fails, the app's single error handler says why, the form stays open,
and its last line says what was not sent. ctrl+o opens the file picker for the form's file field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Select, Static, TextArea

from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.tui.screens.compose import app_worker
from espace_parents_tui.tui.screens.file_picker import FilePickerScreen, PathInput
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.store.drafts import Draft


def draft_status(draft: Draft | None) -> Text:
    """The form's last line: what was not sent and why, or that a draft is kept."""
    if draft is None:
        return SafeText("")
    when = f"{draft.saved_at:%d/%m %Hh%M}"
    if draft.problem:
        line = SafeText(_("Non envoyé ({when}) : ").format(when=when), style="bold yellow")
        return line.append(draft.problem)
    return SafeText(
        _("Brouillon gardé ({when}) : rien n'est envoyé sans ctrl+s.").format(when=when), style="dim"
    )


def reason_options(labels: list[str]) -> list[tuple[Text, str]]:
    return [(SafeText(label), label) for label in labels]


class ActionForm(ModalScreen[bool]):
    """A modal form: fields (``compose_fields``), a status line, ctrl+s to send, Échap to close."""

    BINDINGS = [
        Binding("ctrl+s", "send", _("Envoyer"), id="form.send", tooltip=_("Envoyer à l'établissement")),
        Binding("ctrl+o", "browse", _("Parcourir"), id="form.browse", tooltip=_("Choisir le fichier")),
        Binding(
            "escape", "close", _("Fermer"), id="form.close", tooltip=_("Fermer (le brouillon est gardé)")
        ),
        # q quits the app elsewhere: here it is a letter of the comment.
        Binding("q", "ignore", show=False, id="form.no_quit"),
    ]
    DEFAULT_CSS = """
    ActionForm { align: center middle; }
    ActionForm > Vertical { width: 100%; max-width: 90; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    ActionForm .dialog-title { text-style: bold; color: $accent; height: auto; }
    ActionForm .field-label { color: $text-muted; height: 1; }
    ActionForm .form-info { height: auto; }
    ActionForm TextArea { height: 3; }
    ActionForm #form-status { height: auto; }
    ActionForm .dialog-hint { color: $text-muted; height: 1; }
    ActionForm Horizontal { height: 1; }
    ActionForm Horizontal .field-label { width: 4; }
    ActionForm Horizontal Input { width: 13; }
    ActionForm Horizontal Select { width: 16; margin-left: 1; }
    """
    hint = _("ctrl+s envoyer · ctrl+o parcourir · Échap fermer (le brouillon est gardé)")

    def __init__(self, title: Text, draft: Draft | None) -> None:
        super().__init__()
        self._title = title
        self.draft = draft
        self.sending = False
        self._ready = False

    # --- to fill in by each form ------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:  # pragma: no cover - every form overrides it
        yield from ()

    def problem(self) -> str | None:
        """What keeps the form from being sent (checked before sending), or None."""
        return None

    def keep_draft(self) -> Draft | None:
        """Save the fields as the draft (None: nothing worth keeping)."""
        return None

    def current_draft(self) -> Draft | None:
        return self.draft

    async def deliver(self) -> str:  # pragma: no cover - every form overrides it
        """Send; returns what to tell the parent."""
        raise NotImplementedError

    # --- shared -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="dialog-title")
            yield from self.compose_fields()
            yield Static(draft_status(self.draft), id="form-status")
            yield Static(SafeText(self.hint), classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        self._ready = True
        focusable = [w for w in self.query("Select, TextArea, Input") if w.focusable]
        if focusable:
            focusable[0].focus()

    def on_worker_state_changed(self, event: Any) -> None:
        handler = getattr(self.app, "_worker_failed", None)
        if handler is not None:
            handler(event)

    def show_status(self, draft: Draft | None) -> None:
        self.draft = draft
        self.query_one("#form-status", Static).update(draft_status(draft))

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _changed(self, event: Any) -> None:
        if self._ready and not self.sending:
            self.show_status(self.keep_draft())

    def action_ignore(self) -> None:
        pass

    def action_close(self) -> None:
        if not self.sending:
            self.dismiss(False)

    def action_browse(self) -> None:
        fields = list(self.query(PathInput))
        if not fields:
            self.notify(_("Ce formulaire ne prend pas de fichier."), markup=False)
            return
        field = fields[0]

        def chosen(path: str | None) -> None:
            if path:
                field.value = path
                field.focus()

        self.app.push_screen(FilePickerScreen(field.value), chosen)

    def action_send(self) -> None:
        if self.sending:
            return
        problem = self.problem()
        if problem:
            self.notify(problem, severity="warning", markup=False)
            return
        self.sending = True
        self.query_one("#form-status", Static).update(SafeText(_("Envoi en cours…"), style="italic"))
        self._send()

    @app_worker("action-form", exclusive=True)
    async def _send(self) -> None:
        try:
            said = await self.deliver()
        except PortalError:
            self.show_status(self.current_draft())  # what was not sent, and why
            raise
        finally:
            self.sending = False
        self.app.notify(said, title=_("Envoyé"), markup=False)
        self.dismiss(True)
