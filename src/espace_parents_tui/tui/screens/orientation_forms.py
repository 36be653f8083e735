"""The small dialogs of the Orientation section: a wish's comment (``e`` in the wishes form) and the
confirmation before a waiting draft of wishes is dropped (``x`` in the section)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from espace_parents_tui.tui.screens.base import line
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _

# The school refuses a longer comment (the demo server's rule, reference §6 says nothing): say it
# before sending rather than after.
MAX_COMMENT = 500


class CommentScreen(ModalScreen[str | None]):
    """The comment of one wish: Entrée keeps it, Échap leaves it as it was."""

    BINDINGS = [
        Binding(
            "escape",
            "dismiss",
            _("Annuler"),
            id="orientation.comment.cancel",
            tooltip=_("Garder le commentaire d'avant"),
        ),
        # q quits the app elsewhere: here it is a letter of the comment.
        Binding("q", "ignore", show=False, id="orientation.comment.no_quit"),
    ]
    DEFAULT_CSS = """
    CommentScreen { align: center middle; }
    CommentScreen > Vertical { width: 70; height: auto; border: round $accent; background: $surface;
        padding: 0 1; }
    """

    def __init__(self, track: str, comment: str) -> None:
        super().__init__()
        self.track, self.comment = track, comment

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                SafeText(_("Commentaire du vœu"), style="bold").append("  ").append_text(line(self.track, 40))
            )
            yield Input(self.comment, max_length=MAX_COMMENT, id="wish-comment")
            hint = _("Entrée : garder · Échap : annuler · {n} caractères au plus").format(n=MAX_COMMENT)
            yield Static(SafeText(hint, style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(" ".join(event.value.split()))

    def action_ignore(self) -> None:
        pass


class DropDraftScreen(ModalScreen[bool]):
    """Drop the wishes left unsent? Entrée drops them, Échap keeps them."""

    BINDINGS = [
        Binding("escape", "keep", _("Garder"), id="orientation.drop.keep", tooltip=_("Garder le brouillon")),
        Binding(
            "enter",
            "drop",
            _("Abandonner"),
            id="orientation.drop.confirm",
            tooltip=_("Abandonner le brouillon"),
        ),
    ]
    DEFAULT_CSS = """
    DropDraftScreen { align: center middle; }
    DropDraftScreen > Vertical { width: 64; height: auto; border: round $warning; background: $surface;
        padding: 0 1; }
    """

    def __init__(self, title: str, wishes: list[tuple[str, str]]) -> None:
        super().__init__()
        self._title, self.wishes = title, wishes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(SafeText(_("Abandonner les vœux non envoyés ?"), style="bold"))
            yield Static(line(self._title, 60))
            body = SafeText()
            for rank, (track, _comment) in enumerate(self.wishes, start=1):
                body.append(f"{rank}. ").append_text(line(track, 56)).append("\n")
            yield Static(body or SafeText(_("(aucun vœu choisi)"), style="dim"))
            yield Static(SafeText(_("Entrée : abandonner · Échap : garder"), style="dim"))

    def action_keep(self) -> None:
        self.dismiss(False)

    def action_drop(self) -> None:
        self.dismiss(True)
