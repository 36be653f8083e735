"""Vie scolaire: absences, delays, punishments, observations and encouragements, precautionary
measures of a period, in one table (newest first); Enter opens the details, ``f`` keeps one kind.

Justified / "à justifier" / settled are shown exactly as the server flags them, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from espace_parents_tui.models.school_life import (
    Absence,
    Delay,
    Observation,
    ObservationKind,
    PrecautionaryMeasure,
    Punishment,
    SchoolLife,
)
from espace_parents_tui.service.sections import SECTIONS
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.screens.novelty import SeenTracking, new_mark, new_objects
from espace_parents_tui.tui.widgets.safe_text import SafeText

# The filter ``f`` goes through: (kind, label).
FILTERS = (
    (None, "Tout"),
    ("absence", "Absences"),
    ("delay", "Retards"),
    ("punishment", "Punitions"),
    ("observation", "Observations"),
    ("measure", "Mesures conservatoires"),
)


@dataclass(frozen=True)
class Event:
    """One line of the table: what it is, when, and the server's object."""

    kind: str
    when: datetime
    obj: Any


def _at(moment: datetime) -> str:
    return f"{moment:%d/%m %Hh%M}"


def _day(day: date) -> str:
    return f"{day:%d/%m}"


def absence_state(absence: Absence | Delay) -> Text:
    """Justified / to justify / not justified, as the server flags it (and settled); a justification
    (or a declaration) of the parents waiting for the school is "en attente"."""
    if absence.pending and not absence.justified:
        state = SafeText("en attente", style="yellow")
    elif absence.justified:
        state = SafeText("justifiée" if isinstance(absence, Absence) else "justifié", style="green")
    elif absence.to_justify_by_parents:
        state = SafeText("à justifier", style="bold red")
    else:
        state = SafeText("non justifiée" if isinstance(absence, Absence) else "non justifié", style="yellow")
    if absence.settled:
        state.append(", réglée" if isinstance(absence, Absence) else ", réglé", style="dim")
    return state


def absence_span(absence: Absence, *, full: bool = False) -> str:
    """Short: "23/11 08h00–12h00", or "06/10 → 07/10" over several days (``full``: with the times)."""
    if absence.start.date() == absence.end.date():
        return f"{_day(absence.start.date())} {absence.start:%Hh%M}–{absence.end:%Hh%M}"
    if full:
        return f"{absence.start:%d/%m %Hh%M} → {absence.end:%d/%m %Hh%M}"
    return f"{absence.start:%d/%m} → {absence.end:%d/%m}"


def events_of(life: SchoolLife) -> list[Event]:
    events = [Event("absence", a.start, a) for a in life.absences]
    events += [Event("delay", d.when, d) for d in life.delays]
    events += [
        Event("punishment", p.given_at or datetime.combine(p.given, datetime.min.time()), p)
        for p in life.punishments
    ]
    events += [
        Event("observation", datetime.combine(o.day, datetime.min.time()), o) for o in life.observations
    ]
    events += [
        Event("measure", m.given or datetime.combine(m.start, datetime.min.time()), m) for m in life.measures
    ]
    return sorted(events, key=lambda e: e.when, reverse=True)


def _short(value: str, size: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= size else value[: size - 1] + "…"


def row_cells(event: Event) -> tuple[Text, Text, Text, Text]:
    """When, what, detail, state: four cells of plain text."""
    obj = event.obj
    if isinstance(obj, Absence):
        detail = ", ".join(obj.reasons) or ("motif non encore connu" if obj.reason_unknown else "")
        hours = obj.hours or (f"{obj.days} j" if obj.days else "")
        return (
            SafeText(absence_span(obj)),
            SafeText("Absence"),
            SafeText(_short(" · ".join(x for x in (hours, detail) if x), 17)),
            absence_state(obj),
        )
    if isinstance(obj, Delay):
        detail = ", ".join(obj.reasons) or obj.justification
        return (
            SafeText(_at(obj.when)),
            SafeText("Retard"),
            SafeText(_short(" · ".join(x for x in (f"{obj.minutes} min", detail) if x), 17)),
            absence_state(obj),
        )
    if isinstance(obj, Punishment):
        when = _at(obj.given_at) if obj.given_at else _day(obj.given)
        state = SafeText()
        if obj.sessions:
            first = obj.sessions[0]
            state.append(f"le {first.day:%d/%m}" + (f" {first.start:%Hh%M}" if first.start else ""))
        if obj.needs_acknowledgement and not obj.acknowledged:
            state.append(" à signer" if state else "à signer", style="bold red")
        return (
            SafeText(when),
            SafeText(_short(obj.nature, 14), style="bold"),
            SafeText(_short(", ".join(obj.reasons) or obj.circumstances, 17)),
            state,
        )
    if isinstance(obj, Observation):
        what = obj.kind.label if obj.kind is not None else "Observation"
        style = "green" if obj.kind == ObservationKind.ENCOURAGEMENT else ""
        state = SafeText("lue", style="dim") if obj.read else SafeText("non lue", style="bold")
        return (
            SafeText(_day(obj.day)),
            SafeText(_short(what, 14), style=style),
            SafeText(_short(" · ".join(x for x in (obj.title, obj.teacher) if x), 17)),
            state,
        )
    measure: PrecautionaryMeasure = obj
    return (
        SafeText(f"{measure.start:%d/%m} → {measure.end:%d/%m}"),
        SafeText("Mesure cons.", style="bold red"),
        SafeText(
            _short(measure.nature + (" · " + ", ".join(measure.reasons) if measure.reasons else ""), 17)
        ),
        SafeText(", ".join(f.label for f in measure.forbidden_access)),
    )


def details(event: Event) -> tuple[str, Text]:
    """The dialog's title and body for one event."""
    obj = event.obj
    body = SafeText()

    def line(label: str, value: str | Text) -> None:
        if value:
            body.append(f"{label} : ", style="bold")
            body.append_text(value if isinstance(value, Text) else SafeText(value))
            body.append("\n")

    if isinstance(obj, Absence):
        line("Du", f"{obj.start:%d/%m/%Y %Hh%M}")
        line("Au", f"{obj.end:%d/%m/%Y %Hh%M}" + (" (en cours)" if obj.open else ""))
        line("Heures manquées", obj.hours)
        line("Jours", str(obj.days) if obj.days else "")
        line("Motif", ", ".join(obj.reasons) or ("non encore connu" if obj.reason_unknown else ""))
        line("État", absence_state(obj))
        _parents_side(obj, line)
        return "Absence signalée par vous" if obj.created_by_parent else "Absence", body
    if isinstance(obj, Delay):
        line("Le", f"{obj.when:%d/%m/%Y à %Hh%M}")
        line("Retard", f"{obj.minutes} min")
        line("Motif", ", ".join(obj.reasons) or ("non encore connu" if obj.reason_unknown else ""))
        line("Justification", obj.justification)
        line("État", absence_state(obj))
        _parents_side(obj, line)
        return "Retard", body
    if isinstance(obj, Punishment):
        line("Demandée le", f"{obj.given_at:%d/%m/%Y à %Hh%M}" if obj.given_at else f"{obj.given:%d/%m/%Y}")
        line("Demandée par", obj.requested_by)
        line("Matière", obj.subject or "")
        line("Motifs", ", ".join(obj.reasons))
        line("Circonstances", obj.circumstances)
        line("Travail à faire", obj.homework)
        for document in (*obj.circumstance_documents, *obj.homework_documents):
            line("Document", document.name)
        line("Durée", f"{obj.minutes} min" if obj.minutes else "")
        for session in obj.sessions:
            when = f"{session.day:%d/%m/%Y}" + (f" à {session.start:%Hh%M}" if session.start else "")
            line("Séance programmée", when + (f" ({session.minutes} min)" if session.minutes else ""))
        if obj.needs_acknowledgement:
            line("Prise de connaissance", "faite" if obj.acknowledged else "demandée aux parents")
        if obj.is_exclusion:
            line("Exclusion", "oui")
        return obj.nature, body
    if isinstance(obj, Observation):
        line("Le", f"{obj.day:%d/%m/%Y}")
        line("Type", obj.kind.label if obj.kind is not None else "")
        line("Professeur", obj.teacher)
        line("Matière", obj.subject or "")
        line("Commentaire", obj.comment)
        line("Lue", "oui" if obj.read else "non")
        if obj.needs_acknowledgement:
            line("Prise de connaissance", "demandée aux parents")
        return obj.title or "Observation", body
    measure: PrecautionaryMeasure = obj
    line("Du", f"{measure.start:%d/%m/%Y}")
    line("Au", f"{measure.end:%d/%m/%Y}")
    line("Interdiction d'accès", ", ".join(f.label for f in measure.forbidden_access))
    line("Décidée le", f"{measure.given:%d/%m/%Y %Hh%M}" if measure.given else "")
    decided = measure.decided_by + (
        f" ({measure.decided_by_function})" if measure.decided_by_function else ""
    )
    line("Décidée par", decided)
    line("Demandée par", measure.requested_by)
    line("Motifs", ", ".join(measure.reasons))
    line("Circonstances", measure.circumstances)
    line("Commentaire", measure.comment)
    if measure.is_exclusion:
        line("Exclusion", "oui")
    return measure.nature or "Mesure conservatoire", body


def _parents_side(obj: Absence | Delay, line: Any) -> None:
    """What the parents sent, the school's words about it, and whether it can be justified."""
    from espace_parents_tui.service.actions.school_life import why_not_justifiable

    line("Votre motif", obj.parent_reason)
    if isinstance(obj, Absence):
        line("Votre commentaire", obj.parent_comment)
        for document in obj.documents:
            line("Justificatif", document.name)
    line("Établissement", obj.server_message)
    why = why_not_justifiable(obj)
    if why is None:
        line("Justifier", "touche j" + (" (remplace votre justification)" if obj.pending else ""))
    elif not obj.justified and not obj.settled:
        line("Justifier", why)


class SchoolLifeView(SeenTracking, SectionView):
    key = "school_life"
    letter = "v"
    title_key = "section.school_life"
    sections = ("school_life",)

    BINDINGS = [
        Binding(
            "full_stop", "period(1)", "Période suiv.", id="school_life.period", tooltip="Période suivante"
        ),
        Binding(
            "comma",
            "period(-1)",
            "Période préc.",
            id="school_life.period_previous",
            tooltip="Période précédente",
        ),
        Binding(
            "f",
            "filter",
            "Filtrer",
            id="school_life.filter",
            tooltip="Tout, absences, retards, punitions, observations, mesures",
        ),
        Binding(
            "j",
            "justify",
            "Justifier",
            id="school_life.justify",
            tooltip="Justifier l'absence ou le retard choisi (motif, commentaire, justificatif)",
        ),
        Binding(
            "a",
            "declare",
            "Prévenir",
            id="school_life.declare",
            tooltip="Prévenir l'établissement d'une absence à venir",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period: str | None = None
        self.filter_index = 0
        self.events: list[Event] = []  # the lines of the table, in order

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="school-life-title")
        yield Static(id="school-life-summary")
        yield DataTable(id="school-life-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="school-life-empty")

    def on_mount(self) -> None:
        self.track_leaving()
        super().on_mount()

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def periods(self) -> list[str]:
        if self.portal is None or self.child is None:
            return []
        entry = self.child.periods_for(SECTIONS["school_life"].tab or 0)
        if entry:
            return [p.name for p in entry.periods]
        snap = self.portal.snapshot()
        return [p.name for p in snap.settings.periods] if snap else []

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        if self.period is None:
            self.period = self.portal.default_scope("school_life", self.child)
        kind, label = FILTERS[self.filter_index]
        shown = "" if kind is None else f" — {label}"
        self.query_one("#school-life-title", Static).update(
            text(f"Vie scolaire — {self.period or ''}{shown}   (j : justifier, a : prévenir d'une absence)")
        )
        table = self.query_one(DataTable)
        summary = self.query_one("#school-life-summary", Static)
        empty = self.query_one("#school-life-empty", Static)
        table.clear(columns=True)
        self.events = []
        cached = self.read("school_life", self.period) if self.period else None
        if cached is None:
            summary.display = False
            empty.update(text("Chargement de la vie scolaire…"))
            empty.display = True
            if self.period:
                self.want_missing("school_life", self.period)
            return
        life: SchoolLife = cached.value
        summary.update(self._summary(life))
        summary.display = True
        watched = (*life.absences, *life.delays, *life.punishments, *life.observations)
        fresh = new_objects(
            "school_life", life, self.period or "", watched, self.new_keys("school_life", self.period, life)
        )
        for column in ("Quand", "Quoi", "Détail", "État"):
            table.add_column(SafeText(column))
        for event in events_of(life):
            if kind is not None and event.kind != kind:
                continue
            when, what, detail, state = row_cells(event)
            if id(event.obj) in fresh:
                when = Text.assemble(new_mark(), " ", when)
            table.add_row(when, what, detail, state)
            self.events.append(event)
        if self.events:
            empty.display = False
        else:
            empty.update(
                text("Rien à signaler pour cette période." if kind is None else f"Aucune ligne : {label}.")
            )
            empty.display = True

    @staticmethod
    def _summary(life: SchoolLife) -> Text:
        to_justify = sum(
            1 for a in life.absences if a.to_justify_by_parents and not a.justified and not a.pending
        )
        line = SafeText()
        line.append(f"Absences {len(life.absences)}")
        if to_justify:
            line.append(f" ({to_justify} à justifier)", style="bold red")
        line.append(f" · Retards {len(life.delays)} · Punitions {len(life.punishments)}")
        line.append(f" · Observations {len(life.observations)}")
        if life.measures:
            line.append(f" · Mesures conservatoires {len(life.measures)}", style="bold red")
        return line

    def action_period(self, step: int) -> None:
        names = self.periods()
        if not names:
            return
        index = names.index(self.period) if self.period in names else 0
        self.period = names[(index + step) % len(names)]
        self.refresh_view()

    def action_filter(self) -> None:
        self.filter_index = (self.filter_index + 1) % len(FILTERS)
        self.refresh_view()

    def selected(self) -> Event | None:
        row = self.query_one(DataTable).cursor_row
        return self.events[row] if 0 <= row < len(self.events) else None

    def action_justify(self) -> None:
        from espace_parents_tui.service.actions.school_life import why_not_justifiable
        from espace_parents_tui.tui.screens.school_life_forms import JustifyScreen

        chosen = self.selected()
        if self.portal is None or self.child is None or chosen is None:
            return
        if not isinstance(chosen.obj, Absence | Delay):
            self.notify("Choisissez une absence ou un retard à justifier.", markup=False)
            return
        why = why_not_justifiable(chosen.obj)
        if why:
            self.notify(why, title="Justification impossible", severity="warning", markup=False)
            return
        cached = self.read("school_life", self.period)
        if cached is None:
            return
        screen = JustifyScreen(self.portal, self.child, chosen.obj, cached.value, self.period)
        self.app.push_screen(screen, self._form_closed)

    def action_declare(self) -> None:
        from espace_parents_tui.service.actions.school_life import why_no_declaration
        from espace_parents_tui.tui.screens.school_life_forms import DeclareScreen

        snap = self.portal.snapshot() if self.portal is not None else None
        if snap is None or self.child is None:
            return
        why = why_no_declaration(snap.account)
        if why:
            self.notify(why, title="Prévenir d'une absence", severity="warning", markup=False)
            return
        self.app.push_screen(DeclareScreen(self.portal, self.child, self.app.today()), self._form_closed)  # type: ignore[attr-defined]

    def _form_closed(self, sent: bool | None) -> None:
        if sent:
            self.refresh_view()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from espace_parents_tui.tui.screens.dialogs import InfoScreen

        if 0 <= event.cursor_row < len(self.events):
            title, body = details(self.events[event.cursor_row])
            self.app.push_screen(InfoScreen(title, body))
