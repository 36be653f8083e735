"""Vie scolaire forms: justify an absence or a delay, warn of an absence ahead ("Prévenir d'une
absence"). The reasons are the school's list; what the school asks (a comment, a document) is
checked before sending, and again by the school."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static, TextArea

from espace_parents_tui.models.school_life import Absence, Delay, SchoolLife
from espace_parents_tui.service.actions import school_life as actions
from espace_parents_tui.service.actions.school_life import Declaration, Justification
from espace_parents_tui.tui.screens.action_form import ActionForm, reason_options
from espace_parents_tui.tui.screens.file_picker import PathInput
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.store.drafts import Draft

HALVES = [(SafeText("matin"), "matin"), (SafeText(_("après-midi")), _("après-midi"))]


def event_title(event: Absence | Delay) -> str:
    if isinstance(event, Absence):
        if event.start.date() == event.end.date():
            return _("Absence du {start:%d/%m/%Y} {start:%Hh%M}–{end:%Hh%M}").format(
                start=event.start, end=event.end
            )
        return _("Absence du {start:%d/%m/%Y %Hh%M} au {end:%d/%m/%Y %Hh%M}").format(
            start=event.start, end=event.end
        )
    return _("Retard du {when:%d/%m/%Y à %Hh%M} ({minutes} min)").format(
        when=event.when, minutes=event.minutes
    )


def _text(widget: TextArea) -> str:
    return widget.text.strip()


def _choice(select: Select) -> str:
    value = select.value
    return value if isinstance(value, str) else ""


class JustifyScreen(ActionForm):
    """Justify an absence (reason, comment, one document) or a delay (reason, comment)."""

    def __init__(
        self, portal: Portal, child: Child, event: Absence | Delay, life: SchoolLife, scope: str | None
    ) -> None:
        self.portal, self.child, self.event, self.life, self.scope = portal, child, event, life, scope
        snap = portal.snapshot()
        self.account = snap.account if snap else None
        draft = actions.justify_draft(portal, child, event)
        self.form = Justification.from_draft(draft)
        if draft is None and event.pending:  # what the parents sent before, to replace
            self.form = Justification(event.parent_reason, getattr(event, "parent_comment", "") or "")
        super().__init__(SafeText(_("Justifier — ")) + SafeText(event_title(event)), draft)
        self.is_absence = isinstance(event, Absence)

    def compose_fields(self) -> ComposeResult:
        reasons = [r.label for r in actions.reasons_for(self.account, self.event)] if self.account else []
        lines: list[Text] = []
        if self.event.pending:
            waiting = self.event.server_message or _(
                "Votre justification attend la validation de l'établissement."
            )
            lines.append(SafeText(waiting, style="yellow"))
            lines.append(
                SafeText(_("Envoyer une nouvelle justification remplace la précédente."), style="dim")
            )
        reasons_here = actions.reasons_for(self.account, self.event) if self.account else ()
        required = self.life.comment_required_absence if self.is_absence else self.life.comment_required_delay
        if required:
            lines.append(SafeText(_("L'établissement demande un commentaire."), style="dim"))
        needs = [r.label for r in reasons_here if r.needs_justification]
        if needs:
            lines.append(
                SafeText(
                    _("Avec « {join} » : un commentaire ou un justificatif.").format(join=", ".join(needs)),
                    style="dim",
                )
            )
        info = SafeText("\n").join(lines)
        yield Static(info, classes="form-info")
        yield Static(SafeText(_("Motif")), classes="field-label")
        yield Select(
            reason_options(reasons),
            prompt=_("Choisir un motif"),
            value=self.form.reason if self.form.reason in reasons else Select.NULL,
            compact=True,
            id="form-reason",
        )
        yield Static(SafeText(_("Commentaire")), classes="field-label")
        yield TextArea(self.form.comment, id="form-comment", compact=True)
        if self.is_absence:
            yield Static(
                SafeText(_("Justificatif (PDF ou image, facultatif) — Tab : compléter")),
                classes="field-label",
            )
            yield PathInput(
                self.form.file, id="form-file", placeholder=_("chemin du fichier (ctrl+o : parcourir)")
            )

    def fields(self) -> Justification:
        file = self.query_one("#form-file", PathInput).value.strip() if self.is_absence else ""
        return Justification(
            _choice(self.query_one("#form-reason", Select)),
            _text(self.query_one("#form-comment", TextArea)),
            file,
        )

    def problem(self) -> str | None:
        if self.account is None:
            return _("Le compte n'est pas encore connu : synchronisez d'abord.")
        return actions.check_justification(self.account, self.life, self.event, self.fields())

    def keep_draft(self) -> Draft | None:
        return actions.keep_justify_draft(self.portal, self.child, self.event, self.fields())

    def current_draft(self) -> Draft | None:
        return actions.justify_draft(self.portal, self.child, self.event)

    async def deliver(self) -> str:
        after = await actions.justify(self.portal, self.child, self.event, self.fields(), scope=self.scope)
        return after.server_message or _("Justification envoyée : en attente de validation.")


def parse_day(text: str) -> date | None:
    """ "24/11/2026", "24/11" (this year) or "2026-11-24"."""
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class DeclareScreen(ActionForm):
    """Warn the school of an absence to come: from a half-day to a half-day, reason, comment, file."""

    def __init__(self, portal: Portal, child: Child, today: date) -> None:
        self.portal, self.child, self.today = portal, child, today
        draft = actions.declare_draft(portal, child)
        self.form = Declaration.from_fields(draft.fields if draft else {}, today)
        snap = portal.snapshot()
        self.account = snap.account if snap else None
        super().__init__(SafeText(_("Prévenir d'une absence — ")) + SafeText(child.name), draft)

    def compose_fields(self) -> ComposeResult:
        first, last = actions.declaration_window(self.portal, self.today)
        yield Static(
            SafeText(
                _("Dates possibles : du {first:%d/%m/%Y} au {last:%d/%m/%Y} (JJ/MM/AAAA).").format(
                    first=first, last=last
                ),
                style="dim",
            ),
            classes="form-info",
        )
        with Horizontal():
            yield Static(SafeText(_("Du  ")), classes="field-label")
            yield Input(f"{self.form.start:%d/%m/%Y}", id="form-start", compact=True, max_length=10)
            yield Select(
                HALVES,
                value="matin" if self.form.start_morning else _("après-midi"),
                allow_blank=False,
                compact=True,
                id="form-start-half",
            )
        with Horizontal():
            yield Static(SafeText(_("Au  ")), classes="field-label")
            yield Input(f"{self.form.end:%d/%m/%Y}", id="form-end", compact=True, max_length=10)
            yield Select(
                HALVES,
                value="matin" if self.form.end_morning else _("après-midi"),
                allow_blank=False,
                compact=True,
                id="form-end-half",
            )
        reasons = [r.label for r in self.account.absence_reasons] if self.account else []
        yield Static(SafeText(_("Motif")), classes="field-label")
        yield Select(
            reason_options(reasons),
            prompt=_("Choisir un motif"),
            value=self.form.reason if self.form.reason in reasons else Select.NULL,
            compact=True,
            id="form-reason",
        )
        yield Static(SafeText(_("Commentaire")), classes="field-label")
        yield TextArea(self.form.comment, id="form-comment", compact=True)
        yield Static(
            SafeText(_("Justificatif (PDF ou image, facultatif) — Tab : compléter")), classes="field-label"
        )
        yield PathInput(
            self.form.file, id="form-file", placeholder=_("chemin du fichier (ctrl+o : parcourir)")
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """A start moved past the end takes the end along (a one-day absence by default)."""
        if event.input.id != "form-start":
            return
        start, end = self._dates()
        if start is not None and (end is None or end < start):
            self.query_one("#form-end", Input).value = f"{start:%d/%m/%Y}"

    def _dates(self) -> tuple[date | None, date | None]:
        return (
            parse_day(self.query_one("#form-start", Input).value),
            parse_day(self.query_one("#form-end", Input).value),
        )

    def fields(self) -> Declaration:
        start, end = self._dates()
        start = start or self.form.start
        return Declaration(
            start,
            end or start,
            self.query_one("#form-start-half", Select).value == "matin",
            self.query_one("#form-end-half", Select).value == "matin",
            _choice(self.query_one("#form-reason", Select)),
            _text(self.query_one("#form-comment", TextArea)),
            self.query_one("#form-file", PathInput).value.strip(),
        )

    def problem(self) -> str | None:
        start, end = self._dates()
        if start is None:
            return _("Date de début illisible : « {value} » (JJ/MM/AAAA).").format(
                value=self.query_one("#form-start", Input).value
            )
        if end is None:
            return _("Date de fin illisible : « {value} » (JJ/MM/AAAA).").format(
                value=self.query_one("#form-end", Input).value
            )
        return actions.check_declaration(self.portal, self.child, self.fields(), self.today)

    def keep_draft(self) -> Draft | None:
        return actions.keep_declare_draft(self.portal, self.child, self.fields())

    def current_draft(self) -> Draft | None:
        return actions.declare_draft(self.portal, self.child)

    async def deliver(self) -> str:
        absence = await actions.declare(self.portal, self.child, self.fields(), self.today)
        if absence is not None and absence.server_message:
            return absence.server_message
        return _("Absence signalée à l'établissement.")
