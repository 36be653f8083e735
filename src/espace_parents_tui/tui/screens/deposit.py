"""Documents à fournir: deposit (or replace) the file the school asks for."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from espace_parents_tui.models.documents import DepositState, RequestedDocument
from espace_parents_tui.service.actions import documents as actions
from espace_parents_tui.tui.screens.action_form import ActionForm
from espace_parents_tui.tui.screens.file_picker import PathInput
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.store.drafts import Draft


def state_text(wanted: RequestedDocument, today: date) -> Text:
    """ "à fournir", "fourni", "validé", "refusé", and "date dépassée" when it is."""
    style = {
        DepositState.MISSING: "bold red",
        DepositState.PROVIDED: "yellow",
        DepositState.VALIDATED: "green",
        DepositState.REFUSED: "bold red",
    }[wanted.state]
    if wanted.state is DepositState.MISSING and wanted.past_deadline(today):
        return SafeText(_("date dépassée"), style="red")
    return SafeText(_(wanted.state.label), style=style)


class DepositScreen(ActionForm):
    """The file to deposit for one document to provide (a PDF or an image)."""

    def __init__(self, portal: Portal, child: Child, wanted: RequestedDocument, today: date) -> None:
        self.portal, self.child, self.wanted, self.today = portal, child, wanted, today
        draft = actions.deposit_draft(portal, child, wanted.name)
        self.path = draft.fields.get("file", "") if draft else ""
        verb = _("Remplacer") if wanted.file is not None else _("Déposer")
        super().__init__(SafeText(f"{verb} — ") + SafeText(wanted.name), draft)

    def compose_fields(self) -> ComposeResult:
        info = SafeText(_("État : "), style="dim").append_text(state_text(self.wanted, self.today))
        if self.wanted.deadline:
            info.append(
                _(" · à fournir avant le {deadline:%d/%m/%Y}").format(deadline=self.wanted.deadline),
                style="dim",
            )
        if self.wanted.file is not None:
            info.append(_("\nDéposé : "), style="dim").append(self.wanted.file.name)
            if self.wanted.deposited_on:
                info.append(
                    _(" le {deposited_on:%d/%m/%Y}").format(deposited_on=self.wanted.deposited_on),
                    style="dim",
                )
        if self.wanted.refusal:
            info.append(_("\nRefusé par l'établissement : "), style="bold red").append(self.wanted.refusal)
        yield Static(info, classes="form-info")
        yield Static(SafeText(_("Fichier à déposer (PDF ou image) — Tab : compléter")), classes="field-label")
        yield PathInput(self.path, id="form-file", placeholder=_("chemin du fichier (ctrl+o : parcourir)"))

    def file(self) -> str:
        return self.query_one("#form-file", PathInput).value.strip()

    def problem(self) -> str | None:
        if not self.file():
            return _("Choisissez le fichier à déposer (ctrl+o pour parcourir).")
        return actions.why_no_deposit(self.wanted, self.today)

    def keep_draft(self) -> Draft | None:
        return actions.keep_deposit_draft(self.portal, self.child, self.wanted.name, self.file())

    def current_draft(self) -> Draft | None:
        return actions.deposit_draft(self.portal, self.child, self.wanted.name)

    async def deliver(self) -> str:
        after = await actions.deposit(self.portal, self.child, self.wanted.name, self.file(), self.today)
        return f"« {after.name} » : {_(after.state.label)}."
