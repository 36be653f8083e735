"""Rencontres: the meeting sessions the school opened, for the child shown: each teacher with the
family's wish (Entrée: state or change it while the school takes wishes), and the published planning
of all the children, where two meetings that overlap are marked (the parent cannot be in both)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Select, Static

from espace_parents_tui.models.account import WISH_LABELS, Meeting, SessionMeetings
from espace_parents_tui.service.actions import meetings as actions
from espace_parents_tui.store.drafts import Drafts
from espace_parents_tui.tui.screens.action_form import ActionForm
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.store.drafts import Draft

NONE = "aucun"


def _short(value: str, size: int) -> str:
    return value if len(value) <= size else value[: size - 1] + "…"


class WishForm(ActionForm):
    """The family's wish for one teacher of a session (or none)."""

    hint = _("ctrl+s envoyer · Échap fermer (le brouillon est gardé)")

    def __init__(
        self, portal: Portal, child: Child, detail: SessionMeetings, meeting: Meeting, today
    ) -> None:
        self.portal, self.child, self.detail, self.meeting, self.today = portal, child, detail, meeting, today
        self.key = f"{detail.session.name}|{meeting.teacher}"
        draft = actions.wish_draft(portal, child, detail.session.name, meeting.teacher)
        self.initial = NONE if meeting.wish is None else str(meeting.wish)
        if draft is not None:
            label = draft.fields.get("wish", "")
            self.initial = next((str(k) for k, v in WISH_LABELS.items() if v == label), NONE)
        title = SafeText(_("Vœu — ")) + SafeText(f"{meeting.teacher} ({meeting.role})")
        super().__init__(title, draft)

    def compose_fields(self) -> ComposeResult:
        until = self.detail.wishes_until
        info = (
            _("{name} — vœux jusqu'au {until:%d/%m/%Y}").format(name=self.detail.session.name, until=until)
            if until
            else self.detail.session.name
        )
        yield Static(SafeText(info, style="dim"), classes="form-info")
        if self.meeting.requested_by_teacher:
            yield Static(
                SafeText(_("Le professeur demande à vous rencontrer."), style="yellow"), classes="form-info"
            )
        options = [(SafeText(_(label)), str(kind)) for kind, label in WISH_LABELS.items()]
        options.append((SafeText(_("Aucun vœu")), NONE))
        yield Static(SafeText(_("Vœu")), classes="field-label")
        yield Select(options, value=self.initial, allow_blank=False, compact=True, id="form-wish")

    def _wish(self) -> int | None:
        value = self.query_one("#form-wish", Select).value
        return None if value == NONE or not isinstance(value, str) else int(value)

    def problem(self) -> str | None:
        return actions.why_no_wish(self.detail, self.today)

    def keep_draft(self) -> Draft | None:
        fields = {
            "session": self.detail.session.name,
            "teacher": self.meeting.teacher,
            "wish": actions.wish_label(self._wish()),
        }
        return Drafts(self.portal.cache).save(self.child.name, actions.WISH, self.key, fields)

    def current_draft(self) -> Draft | None:
        return actions.wish_draft(self.portal, self.child, self.detail.session.name, self.meeting.teacher)

    async def deliver(self) -> str:
        meeting = await actions.set_wish(
            self.portal, self.child, self.detail.session.name, self.meeting.teacher, self._wish(), self.today
        )
        return _("Vœu enregistré : {teacher} — {wish_label}.").format(
            teacher=meeting.teacher, wish_label=actions.wish_label(meeting.wish)
        )


class MeetingsView(SectionView):
    key = "meetings"
    letter = "R"
    title_text = N_("Rencontres parents-professeurs")
    sections = ("meetings",)

    DEFAULT_CSS = """
    MeetingsView #meetings-table { height: auto; max-height: 12; }
    MeetingsView #meetings-body { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[SessionMeetings, Meeting | None]] = []

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="meetings-title")
        yield ListTable(id="meetings-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="meetings-body"):
            yield Static(id="meetings-text")

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def _offered(self) -> bool:
        from espace_parents_tui.service.actions.account import offered

        return self.portal is None or offered(self.portal, "meetings")

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        name = self.child.name if self.child else ""
        self.query_one("#meetings-title", Static).update(
            text(_("Rencontres — {name}   (Entrée : vœu)").format(name=name))
        )
        table = self.query_one(DataTable)
        body = self.query_one("#meetings-text", Static)
        row = table.cursor_row
        table.clear(columns=True)
        self.rows = []
        if not self._offered():
            table.display = False
            body.update(
                SafeText(
                    _("L'établissement n'ouvre pas les rencontres parents-professeurs à ce compte."),
                    style="dim",
                )
            )
            return
        cached = self.read("meetings", "all")
        if cached is None:
            table.display = False
            body.update(SafeText(_("Chargement des rencontres…"), style="dim"))
            if getattr(self.app, "current", None) == self.key:
                self.want("meetings", "all")
            return
        table.display = True
        for column in (_("Session / professeur"), _("Matière"), _("Vœu")):
            table.add_column(SafeText(column))
        notes = SafeText()
        for detail in cached.value.sessions:
            session = detail.session
            when = f"{session.day:%d/%m/%Y}" if session.day else ""
            status = detail.message or (
                _("vœux jusqu'au {wishes_until:%d/%m}").format(wishes_until=detail.wishes_until)
                if detail.wishes_open and detail.wishes_until
                else _("vœux clos")
            )
            table.add_row(
                SafeText(_short(session.name, 38), style="bold"),
                SafeText(when),
                SafeText(_short(status, 24), style="dim"),
            )
            self.rows.append((detail, None))
            for meeting in detail.meetings:
                wish = SafeText(actions.wish_label(meeting.wish))
                if meeting.requested_by_teacher:
                    wish.append(_(" ★ demandé"), style="yellow")
                table.add_row(
                    SafeText("  " + _short(meeting.teacher, 36)), SafeText(_short(meeting.role, 14)), wish
                )
                self.rows.append((detail, meeting))
        table.move_cursor(row=min(max(row, 0), max(len(self.rows) - 1, 0)))
        notes.append_text(self._planning())
        body.update(notes)

    def _planning(self) -> Text:
        assert self.portal is not None
        planned = actions.planning(self.portal, self.portal.children())
        block = SafeText()
        block.append(_("Planning publié\n"), style="bold underline")
        if not planned:
            block.append(_("  Aucun rendez-vous placé pour l'instant.\n"), style="dim")
        for item in planned:
            meeting = item.meeting
            who = ", ".join(meeting.teachers) or meeting.role
            line = SafeText(f"  {meeting.start:%d/%m %Hh%M}–{meeting.end:%Hh%M}  ")
            line.append(who, style="bold")
            line.append(f"  {item.child}" + (f", {meeting.room}" if meeting.room else ""), style="dim")
            if item.conflict:
                line.append(_("  ⚠ chevauchement"), style="bold red")
            block.append_text(line).append("\n")
        return block

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if not 0 <= event.cursor_row < len(self.rows) or self.portal is None or self.child is None:
            return
        detail, meeting = self.rows[event.cursor_row]
        if meeting is None:
            return
        today = self.app.today()  # type: ignore[attr-defined]
        why = actions.why_no_wish(detail, today)
        if why:
            self.app.notify(why, markup=False)
            return
        self.app.push_screen(WishForm(self.portal, self.child, detail, meeting, today), self._after)

    def _after(self, done: Any) -> None:
        self.refresh_view()
