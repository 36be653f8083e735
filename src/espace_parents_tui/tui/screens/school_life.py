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
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _

# The filter ``f`` goes through: (kind, label).
FILTERS = (
    (None, _("Tout")),
    ("absence", _("Absences")),
    ("delay", _("Retards")),
    ("punishment", _("Punitions")),
    ("observation", _("Observations")),
    ("measure", _("Mesures conservatoires")),
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
        state = SafeText(_("en attente"), style="yellow")
    elif absence.justified:
        state = SafeText(_("justifiée") if isinstance(absence, Absence) else _("justifié"), style="green")
    elif absence.to_justify_by_parents:
        state = SafeText(_("à justifier"), style="bold red")
    else:
        state = SafeText(
            _("non justifiée") if isinstance(absence, Absence) else _("non justifié"), style="yellow"
        )
    if absence.settled:
        state.append(_(", réglée") if isinstance(absence, Absence) else _(", réglé"), style="dim")
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
        detail = ", ".join(obj.reasons) or (_("motif non encore connu") if obj.reason_unknown else "")
        hours = obj.hours or (f"{obj.days} j" if obj.days else "")
        return (
            SafeText(absence_span(obj)),
            SafeText(_("Absence")),
            SafeText(_short(" · ".join(x for x in (hours, detail) if x), 17)),
            absence_state(obj),
        )
    if isinstance(obj, Delay):
        detail = ", ".join(obj.reasons) or obj.justification
        return (
            SafeText(_at(obj.when)),
            SafeText(_("Retard")),
            SafeText(_short(" · ".join(x for x in (f"{obj.minutes} min", detail) if x), 17)),
            absence_state(obj),
        )
    if isinstance(obj, Punishment):
        when = _at(obj.given_at) if obj.given_at else _day(obj.given)
        state = SafeText()
        if obj.sessions:
            first = obj.sessions[0]
            state.append(
                _("le {day:%d/%m}").format(day=first.day) + (f" {first.start:%Hh%M}" if first.start else "")
            )
        if obj.needs_acknowledgement and not obj.acknowledged:
            state.append(_(" à signer") if state else _("à signer"), style="bold red")
        return (
            SafeText(when),
            SafeText(_short(obj.nature, 14), style="bold"),
            SafeText(_short(", ".join(obj.reasons) or obj.circumstances, 17)),
            state,
        )
    if isinstance(obj, Observation):
        what = _(obj.kind.label) if obj.kind is not None else _("Observation")
        style = "green" if obj.kind == ObservationKind.ENCOURAGEMENT else ""
        state = SafeText("lue", style="dim") if obj.read else SafeText(_("non lue"), style="bold")
        return (
            SafeText(_day(obj.day)),
            SafeText(_short(what, 14), style=style),
            SafeText(_short(" · ".join(x for x in (obj.title, obj.teacher) if x), 17)),
            state,
        )
    measure: PrecautionaryMeasure = obj
    return (
        SafeText(f"{measure.start:%d/%m} → {measure.end:%d/%m}"),
        SafeText(_("Mesure cons."), style="bold red"),
        SafeText(
            _short(measure.nature + (" · " + ", ".join(measure.reasons) if measure.reasons else ""), 17)
        ),
        SafeText(", ".join(_(f.label) for f in measure.forbidden_access)),
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
        line(_("Du"), f"{obj.start:%d/%m/%Y %Hh%M}")
        line(_("Au"), f"{obj.end:%d/%m/%Y %Hh%M}" + (_(" (en cours)") if obj.open else ""))
        line(_("Heures manquées"), obj.hours)
        line(_("Jours"), str(obj.days) if obj.days else "")
        line(_("Motif"), ", ".join(obj.reasons) or (_("non encore connu") if obj.reason_unknown else ""))
        line(_("État"), absence_state(obj))
        _parents_side(obj, line)
        return _("Absence signalée par vous") if obj.created_by_parent else _("Absence"), body
    if isinstance(obj, Delay):
        line(_("Le"), f"{obj.when:%d/%m/%Y à %Hh%M}")
        line(_("Retard"), f"{obj.minutes} min")
        line(_("Motif"), ", ".join(obj.reasons) or (_("non encore connu") if obj.reason_unknown else ""))
        line(_("Justification"), obj.justification)
        line(_("État"), absence_state(obj))
        _parents_side(obj, line)
        return _("Retard"), body
    if isinstance(obj, Punishment):
        line(
            _("Demandée le"), f"{obj.given_at:%d/%m/%Y à %Hh%M}" if obj.given_at else f"{obj.given:%d/%m/%Y}"
        )
        line(_("Demandée par"), obj.requested_by)
        line(_("Matière"), obj.subject or "")
        line(_("Motifs"), ", ".join(obj.reasons))
        line(_("Circonstances"), obj.circumstances)
        line(_("Travail à faire"), obj.homework)
        for document in (*obj.circumstance_documents, *obj.homework_documents):
            line(_("Document"), document.name)
        line(_("Durée"), f"{obj.minutes} min" if obj.minutes else "")
        for session in obj.sessions:
            when = f"{session.day:%d/%m/%Y}" + (
                _(" à {start:%Hh%M}").format(start=session.start) if session.start else ""
            )
            line(
                _("Séance programmée"),
                when + (_(" ({minutes} min)").format(minutes=session.minutes) if session.minutes else ""),
            )
        if obj.needs_acknowledgement:
            line(_("Prise de connaissance"), "faite" if obj.acknowledged else _("demandée aux parents"))
        if obj.is_exclusion:
            line(_("Exclusion"), "oui")
        return obj.nature, body
    if isinstance(obj, Observation):
        line(_("Le"), f"{obj.day:%d/%m/%Y}")
        line(_("Type"), _(obj.kind.label) if obj.kind is not None else "")
        line(_("Professeur"), obj.teacher)
        line(_("Matière"), obj.subject or "")
        line(_("Commentaire"), obj.comment)
        line(_("Lue"), "oui" if obj.read else "non")
        if obj.needs_acknowledgement:
            line(_("Prise de connaissance"), _("demandée aux parents"))
        return obj.title or _("Observation"), body
    measure: PrecautionaryMeasure = obj
    line(_("Du"), f"{measure.start:%d/%m/%Y}")
    line(_("Au"), f"{measure.end:%d/%m/%Y}")
    line(_("Interdiction d'accès"), ", ".join(_(f.label) for f in measure.forbidden_access))
    line(_("Décidée le"), f"{measure.given:%d/%m/%Y %Hh%M}" if measure.given else "")
    decided = measure.decided_by + (
        f" ({measure.decided_by_function})" if measure.decided_by_function else ""
    )
    line(_("Décidée par"), decided)
    line(_("Demandée par"), measure.requested_by)
    line(_("Motifs"), ", ".join(measure.reasons))
    line(_("Circonstances"), measure.circumstances)
    line(_("Commentaire"), measure.comment)
    if measure.is_exclusion:
        line(_("Exclusion"), "oui")
    return measure.nature or _("Mesure conservatoire"), body


def _parents_side(obj: Absence | Delay, line: Any) -> None:
    """What the parents sent, the school's words about it, and whether it can be justified."""
    from espace_parents_tui.service.actions.school_life import why_not_justifiable

    line(_("Votre motif"), obj.parent_reason)
    if isinstance(obj, Absence):
        line(_("Votre commentaire"), obj.parent_comment)
        for document in obj.documents:
            line(_("Justificatif"), document.name)
    line(_("Établissement"), obj.server_message)
    why = why_not_justifiable(obj)
    if why is None:
        line(_("Justifier"), _("touche j") + (_(" (remplace votre justification)") if obj.pending else ""))
    elif not obj.justified and not obj.settled:
        line(_("Justifier"), why)


class SchoolLifeView(SeenTracking, SectionView):
    key = "school_life"
    letter = "v"
    title_text = N_("Vie scolaire")
    sections = ("school_life",)

    BINDINGS = [
        Binding(
            "full_stop",
            "period(1)",
            _("Période suiv."),
            id="school_life.period",
            tooltip=_("Période suivante"),
        ),
        Binding(
            "comma",
            "period(-1)",
            _("Période préc."),
            id="school_life.period_previous",
            tooltip=_("Période précédente"),
        ),
        Binding(
            "f",
            "filter",
            _("Filtrer"),
            id="school_life.filter",
            tooltip=_("Tout, absences, retards, punitions, observations, mesures"),
        ),
        Binding(
            "j",
            "justify",
            _("Justifier"),
            id="school_life.justify",
            tooltip=_("Justifier l'absence ou le retard choisi (motif, commentaire, justificatif)"),
        ),
        Binding(
            "a",
            "declare",
            _("Prévenir"),
            id="school_life.declare",
            tooltip=_("Prévenir l'établissement d'une absence à venir"),
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
        yield ListTable(id="school-life-table", cursor_type="row", zebra_stripes=True)
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
            text(
                _("Vie scolaire — {value}{shown}   (j : justifier, a : prévenir d'une absence)").format(
                    value=self.period or "", shown=shown
                )
            )
        )
        table = self.query_one(DataTable)
        summary = self.query_one("#school-life-summary", Static)
        empty = self.query_one("#school-life-empty", Static)
        table.clear(columns=True)
        self.events = []
        cached = self.read("school_life", self.period) if self.period else None
        if cached is None:
            summary.display = False
            empty.update(text(_("Chargement de la vie scolaire…")))
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
        for column in (_("Quand"), _("Quoi"), _("Détail"), _("État")):
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
                text(
                    _("Rien à signaler pour cette période.")
                    if kind is None
                    else _("Aucune ligne : {label}.").format(label=label)
                )
            )
            empty.display = True

    @staticmethod
    def _summary(life: SchoolLife) -> Text:
        to_justify = sum(
            1 for a in life.absences if a.to_justify_by_parents and not a.justified and not a.pending
        )
        line = SafeText()
        line.append(_("Absences {len}").format(len=len(life.absences)))
        if to_justify:
            line.append(_(" ({to_justify} à justifier)").format(to_justify=to_justify), style="bold red")
        line.append(
            _(" · Retards {len} · Punitions {len2}").format(len=len(life.delays), len2=len(life.punishments))
        )
        line.append(_(" · Observations {len}").format(len=len(life.observations)))
        if life.measures:
            line.append(_(" · Mesures conservatoires {len}").format(len=len(life.measures)), style="bold red")
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
            self.notify(_("Choisissez une absence ou un retard à justifier."), markup=False)
            return
        why = why_not_justifiable(chosen.obj)
        if why:
            self.notify(why, title=_("Justification impossible"), severity="warning", markup=False)
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
            self.notify(why, title=_("Prévenir d'une absence"), severity="warning", markup=False)
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
