"""Writing in the Messagerie: a reply, a new message (recipients, subject, text).

A dialog sends through the ``send`` callable it is given and closes only once the server took the
message: when sending fails the app shows why (its single error handler) and the text stays here.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, SelectionList, Static, TextArea

from espace_parents_tui.models.messaging import Recipient
from espace_parents_tui.service.actions.messaging import Chosen, chosen_of
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.textsafe import clean_line

if TYPE_CHECKING:
    from espace_parents_tui.store.drafts import Draft

SEND = Binding("ctrl+s", "send", _("Envoyer"), id="compose.send", tooltip=_("Envoyer le message"))


def app_worker(group: str, *, exclusive: bool = False) -> Callable[..., Any]:
    """Like ``@work``, but the worker belongs to the app, so that a failure reaches the app's single
    error handler (``Worker.StateChanged`` does not bubble up from a view or a dialog)."""

    def decorate(method: Callable[..., Coroutine[Any, Any, Any]]) -> Callable[..., Any]:
        @functools.wraps(method)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            return self.app.run_worker(
                method(self, *args, **kwargs),
                group=group,
                exclusive=exclusive,
                exit_on_error=False,
                description=method.__name__,
            )

        return run

    return decorate


CANCEL = Binding("escape", "cancel", _("Annuler"), id="compose.cancel", tooltip=_("Fermer sans envoyer"))


def recipient_label(recipient: Recipient) -> Text:
    """A recipient with what they do: "M. GARNIER P. — MATHÉMATIQUES", "Mme MOREAU C. — CPE"."""
    detail = ", ".join(recipient.subjects) if recipient.is_teacher else recipient.function
    label = SafeText(clean_line(recipient.name), style="bold")
    if detail:
        label.append(" — ").append(clean_line(detail))
    if not recipient.is_teacher and not detail:
        label.append(_(" — personnel"))
    return label


class ComposeDialog(ModalScreen[bool]):
    """What both dialogs share: send once (ctrl+s), cancel (Escape), close when sent."""

    BINDINGS = [
        SEND,
        CANCEL,
        # q quits the app elsewhere: here it must not throw a message away (Escape cancels).
        Binding("q", "ignore", show=False, id="compose.no_quit", tooltip=_("Échap pour annuler")),
    ]
    DEFAULT_CSS = """
    ComposeDialog { align: center middle; }
    ComposeDialog > Vertical { width: 100%; max-width: 100; height: 100%; max-height: 30;
        border: round $accent; background: $surface; padding: 0 1; }
    ComposeDialog .dialog-title { text-style: bold; color: $accent; height: auto; }
    ComposeDialog .field-label { color: $text-muted; height: 1; }
    ComposeDialog TextArea { height: 1fr; min-height: 4; }
    ComposeDialog SelectionList { height: auto; max-height: 7; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.sending = False

    def action_ignore(self) -> None:
        pass

    def action_cancel(self) -> None:
        if not self.sending:
            self.dismiss(False)

    def action_send(self) -> None:
        if self.sending:
            return
        problem = self.problem()
        if problem:
            self.notify(problem, severity="warning", markup=False)
            return
        self.sending = True
        self._send()

    def problem(self) -> str | None:
        return None

    async def deliver(self) -> None:  # pragma: no cover - each dialog overrides it
        raise NotImplementedError

    @app_worker("compose", exclusive=True)
    async def _send(self) -> None:
        try:
            await self.deliver()
        finally:
            self.sending = False
        self.dismiss(True)


class ReplyScreen(ComposeDialog):
    """A reply in a discussion: a text, sent with ctrl+s."""

    def __init__(self, subject: str, send: Callable[[str], Awaitable[None]], text: str = "") -> None:
        super().__init__()
        self.subject = subject
        self._deliver = send
        self.draft_text = text  # a reply kept from before (not sent, or its send cut)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(SafeText(_("Répondre — ")) + SafeText(clean_line(self.subject)), classes="dialog-title")
            yield TextArea(self.draft_text, id="reply-text", placeholder=_("Votre réponse…"))
            yield Static(SafeText(_("ctrl+s : envoyer · Échap : annuler"), style="dim"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def problem(self) -> str | None:
        return None if self.query_one(TextArea).text.strip() else _("Le message est vide.")

    async def deliver(self) -> None:
        await self._deliver(self.query_one(TextArea).text.strip())


class NewMessageScreen(ComposeDialog):
    """A new discussion: recipients (teachers with their subjects, staff with their function)."""

    def __init__(
        self,
        about: str,
        recipients: Sequence[Recipient],
        send: Callable[[list[Chosen], str, str], Awaitable[None]],
        draft: Draft | None = None,
    ) -> None:
        super().__init__()
        self.about = about
        self.recipients = [r for r in recipients if r.can_discuss]
        self._deliver = send
        self.draft = draft  # a message kept from before (its send failed or was cut): prefilled

    def compose(self) -> ComposeResult:
        with Vertical():
            title = SafeText(_("Nouveau message"))
            if self.about:
                title.append(_(" — à propos de ")).append(clean_line(self.about))
            yield Static(title, classes="dialog-title")
            yield Static(SafeText(_("Destinataires (Espace pour cocher)")), classes="field-label")
            kept = {(c.name, c.kind) for c in chosen_of(self.draft)} if self.draft else set()
            yield SelectionList[int](
                *[
                    (recipient_label(r), i, (r.name, int(r.kind)) in kept)
                    for i, r in enumerate(self.recipients)
                ],
                id="new-recipients",
            )
            fields = self.draft.fields if self.draft else {}
            yield Input(fields.get("subject", ""), placeholder=_("Objet"), id="new-subject", compact=True)
            yield TextArea(fields.get("text", ""), id="new-text", placeholder=_("Votre message…"))
            yield Static(SafeText(_("Tab : champ suivant · ctrl+s : envoyer · Échap : annuler"), style="dim"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def chosen(self) -> list[Chosen]:
        picked = self.query_one(SelectionList).selected
        return [Chosen(self.recipients[i].name, int(self.recipients[i].kind)) for i in sorted(picked)]

    def problem(self) -> str | None:
        if not self.chosen():
            return _("Choisissez au moins un destinataire.")
        if not self.query_one("#new-subject", Input).value.strip():
            return _("Indiquez l'objet du message.")
        if not self.query_one("#new-text", TextArea).text.strip():
            return _("Le message est vide.")
        return None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#new-text", TextArea).focus()

    async def deliver(self) -> None:
        await self._deliver(
            self.chosen(),
            self.query_one("#new-subject", Input).value.strip(),
            self.query_one("#new-text", TextArea).text.strip(),
        )
