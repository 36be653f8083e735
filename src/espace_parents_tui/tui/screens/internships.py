"""Stages: the child's internship sheets (company, tutor, dates, schedule, subject, evaluation) and
the company list the school shares."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from espace_parents_tui.models.orientation import InternshipsPage
from espace_parents_tui.tui.screens.base import SectionView, line, text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import N_, _


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "?"


def internships_body(page: InternshipsPage) -> Text:
    body = SafeText()
    if not page.internships:
        body.append_text(text(page.message or _("Aucun stage pour cet enfant."))).append("\n")
    for item in page.internships:
        body.append_text(line(item.subject, style="bold")).append("\n")
        rows = [
            (_("Dates"), f"{_day(item.start)} → {_day(item.end)}" + (_(" ({n} j)").format(n=item.days) if item.days else "")),
            (_("Entreprise"), " — ".join(x for x in (item.company, item.company_address) if x)),
            (_("Tuteur"), item.tutor),
            (_("Professeur référent"), ", ".join(item.referents)),
            (_("Horaires"), item.schedule),
            (_("Sujet"), item.details),
            (_("Évaluation"), item.evaluation or _("pas encore saisie")),
        ]
        for label, value in rows:
            if value:
                body.append(f"  {label} : ", style="bold").append_text(text(value)).append("\n")
        body.append("\n")
    if page.companies:
        body.append(_("Entreprises proposées par l'établissement") + "\n", style="bold")
        for firm in page.companies:
            body.append("  • ").append_text(line(firm.name, style="bold"))
            where = ", ".join(x for x in (firm.activity, firm.city) if x)
            if where:
                body.append(" — ").append_text(line(where))
            body.append("\n")
            contact = " · ".join(x for x in (firm.phone, firm.email, firm.website) if x)
            if contact:
                body.append("    ").append_text(line(contact, style="dim")).append("\n")
            for offer in firm.offers:
                body.append("    " + _("Offre : ")).append_text(line(offer)).append("\n")
    return body


class InternshipsView(SectionView):
    key = "internships"
    letter = "g"
    title_text = N_("Stages")
    sections = ("internships",)

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="internships-title")
        with VerticalScroll(id="internships-scroll", can_focus=True):
            yield Static(id="internships-body")

    def on_section_shown(self) -> None:
        self.query_one("#internships-scroll").focus()

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        name = self.child.name if self.child else ""
        self.query_one("#internships-title", Static).update(text(_("Stages — {name}").format(name=name)))
        body = self.query_one("#internships-body", Static)
        cached = self.read("internships", "all")
        if cached is None:
            body.update(text(_("Chargement des stages…")))
            if getattr(self.app, "current", None) == self.key:
                self.want("internships", "all")
            return
        body.update(internships_body(cached.value))
