"""Équipe pédagogique: the child's teachers (subjects, weekly hours, professeur principal) and the
staff (function), with the e-mail address where the school publishes it; ``y`` copies it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from espace_parents_tui.models.people import TeamMember
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _

MAIN_TEACHER = _("Professeur principal")


def _short(value: str, size: int) -> str:
    return value if len(value) <= size else value[: size - 1] + "…"


def member_role(member: TeamMember) -> str:
    if member.is_teacher:
        return ", ".join(s.name for s in member.subjects)
    return member.function or _("Personnel")


def member_hours(member: TeamMember) -> str:
    return ", ".join(s.weekly_hours for s in member.subjects if s.weekly_hours)


def member_tags(member: TeamMember) -> Text:
    tags = SafeText()
    if member.is_main_teacher:
        tags.append("PP", style="bold green")
    if member.is_tutor:
        tags.append((" " if tags else "") + "tuteur", style="green")
    if member.has_left:
        tags.append((" " if tags else "") + "parti", style="dim")
    return tags


def member_details(member: TeamMember) -> Text:
    body = SafeText()
    if member.is_main_teacher:
        body.append(MAIN_TEACHER + "\n", style="bold green")
    if member.is_tutor:
        body.append(_("Tuteur\n"), style="green")
    if member.is_teacher:
        for subject in member.subjects:
            body.append(_("Matière : "), style="bold").append(subject.name)
            if subject.parent_subject:
                body.append(f" ({subject.parent_subject})")
            if subject.weekly_hours:
                body.append(_(" — {weekly_hours} par semaine").format(weekly_hours=subject.weekly_hours))
            body.append("\n")
    else:
        body.append(_("Fonction : "), style="bold").append((member.function or _("Personnel")) + "\n")
    body.append(_("E-mail : "), style="bold")
    body.append(member.email or _("non communiquée par l'établissement"), style="" if member.email else "dim")
    body.append("\n")
    if member.has_left:
        body.append(_("Ne fait plus partie de l'équipe.\n"), style="dim")
    return body


class TeamView(SectionView):
    key = "team"
    letter = "p"
    title_text = N_("Équipe pédagogique")
    sections = ("team",)

    BINDINGS = [
        Binding(
            "y",
            "copy_email",
            _("Copier l'e-mail"),
            id="team.copy_email",
            tooltip=_("Copier l'adresse e-mail dans le presse-papiers du terminal"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.members: list[TeamMember] = []  # the lines of the table, in order

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="team-title")
        yield ListTable(id="team-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="team-empty")

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        name = self.child.name if self.child else ""
        self.query_one("#team-title", Static).update(
            text(_("Équipe pédagogique — {name}   (Entrée : détail, y : copier l'e-mail)").format(name=name))
        )
        table = self.query_one(DataTable)
        empty = self.query_one("#team-empty", Static)
        row = table.cursor_row
        table.clear(columns=True)
        self.members = []
        cached = self.read("team", "all")
        if cached is None:
            empty.update(text(_("Chargement de l'équipe pédagogique…")))
            empty.display = True
            if getattr(self.app, "current", None) == self.key:
                self.want("team", "all")
            return
        for column in (_("Nom"), _("Matière / fonction"), _("E-mail")):
            table.add_column(SafeText(column))
        members = sorted(
            cached.value,
            key=lambda m: (not m.is_teacher, m.has_left, not m.is_main_teacher, m.position or 0, m.name),
        )
        for member in members:
            name = SafeText(member.name, style="dim" if member.has_left else "bold")
            tags = member_tags(member)
            if tags:
                name.append(" ").append_text(tags)
            role = text(_short(member_role(member), 21 - len(member_hours(member))))
            if member_hours(member):
                role.append(f" {member_hours(member)}", style="dim")
            table.add_row(name, role, SafeText(member.email or "—", style="" if member.email else "dim"))
            self.members.append(member)
        if self.members:
            empty.display = False
            table.move_cursor(row=min(row, len(self.members) - 1))
        else:
            empty.update(text(_("L'établissement ne publie pas d'équipe pédagogique.")))
            empty.display = True

    def selected(self) -> TeamMember | None:
        row = self.query_one(DataTable).cursor_row
        return self.members[row] if 0 <= row < len(self.members) else None

    def action_copy_email(self) -> None:
        member = self.selected()
        if member is None:
            self.app.notify(_("Aucune personne sélectionnée."), markup=False)
            return
        if not member.email:
            self.app.notify(
                _("L'établissement ne communique pas d'adresse e-mail pour {name}.").format(name=member.name),
                severity="warning",
                markup=False,
            )
            return
        self.app.copy_to_clipboard(member.email)
        self.app.notify(
            _("Adresse copiée : {email} (presse-papiers du terminal, OSC 52)").format(email=member.email),
            title=member.name,
            markup=False,
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from espace_parents_tui.tui.screens.dialogs import InfoScreen

        if 0 <= event.cursor_row < len(self.members):
            member = self.members[event.cursor_row]
            self.app.push_screen(InfoScreen(member.name, member_details(member)))
