"""Menus: the canteen's meals of the week, dish by course, with food labels and allergens."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from espace_parents_tui.models import Course, Dish, MealKind, Menu
from espace_parents_tui.models.menus import COURSE_ORDER
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.screens.homework import school_week
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import N_, _, day_name

LABEL_WIDTH = 19  # « Fromage ou laitage » and a space


def meal_label(menu: Menu) -> str:
    kind = _(menu.meal.label) if isinstance(menu.meal, MealKind) else _("Repas")
    return f"{kind} — {menu.name}" if menu.name and menu.name != kind else kind


def course_rank(kind: Course | int) -> int:
    return COURSE_ORDER.index(kind) if kind in COURSE_ORDER else len(COURSE_ORDER)


def dish_tags(dish: Dish) -> Text:
    """The dish's labels (green) and allergens (yellow), or an empty text."""
    tags = SafeText()
    if dish.labels:
        tags.append(", ".join(tag.name for tag in dish.labels), style="green")
    if dish.allergens:
        if dish.labels:
            tags.append(" · ")
        tags.append(_("allergènes : ") + ", ".join(tag.name for tag in dish.allergens), style="yellow")
    return tags


def week_menu(menus: list[Menu], today: date | None = None, width: int = 76) -> Text:
    """The week's meals as text: a heading per day and meal, a line per dish (server text as is).

    A dish's labels and allergens follow its name when the line fits in ``width``, else they go
    on the next line, under the name.
    """
    body = SafeText()
    ordered = sorted(menus, key=lambda m: (m.day, int(m.meal)))
    for index, menu in enumerate(ordered):
        if index:
            body.append("\n")
        heading = f"{day_name(menu.day).capitalize()} {menu.day:%d/%m} · {meal_label(menu)}"
        style = "bold reverse" if menu.day == today else "bold underline"
        body.append(heading, style=style)
        if menu.day == today:
            body.append(_("  aujourd'hui"), style="bold")
        body.append("\n")
        courses = sorted((c for c in menu.courses if c.dishes), key=lambda c: course_rank(c.kind))
        if not courses:
            body.append(_("  (menu non communiqué)\n"), style="dim")
        for course in courses:
            for position, dish in enumerate(course.dishes):
                label = _(course.label) if position == 0 else ""
                body.append(f"  {label:<{LABEL_WIDTH}}", style="bold").append(dish.name)
                tags = dish_tags(dish)
                if tags.plain:
                    fits = 2 + LABEL_WIDTH + len(dish.name) + 2 + len(tags.plain) <= width
                    body.append("  " if fits else "\n" + " " * (2 + LABEL_WIDTH)).append_text(tags)
                body.append("\n")
    return body


class MenusView(SectionView):
    key = "menus"
    letter = "r"
    title_text = N_("Menus")
    sections = ("menus",)

    BINDINGS = [
        Binding("comma", "week(-1)", _("Sem. préc."), id="menus.previous", tooltip=_("Semaine précédente")),
        Binding("full_stop", "week(1)", _("Sem. suiv."), id="menus.next", tooltip=_("Semaine suivante")),
        Binding("t", "this_week", _("Cette semaine"), id="menus.today", tooltip=_("Revenir à cette semaine")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week: date | None = None
        self.menus: list[Menu] = []

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="menus-title")
        with VerticalScroll(id="menus-body"):
            yield Static(id="menus-text")
        yield Static(classes="view-empty", id="menus-empty")

    def on_section_shown(self) -> None:
        self.query_one("#menus-body").focus()

    def _today(self) -> date:
        return self.app.today()  # type: ignore[attr-defined]

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        if self.week is None:
            scope = self.portal.default_scope("menus", self.child)
            self.week = date.fromisoformat(scope) if scope else school_week(self._today())
        scope = self.week.isoformat()
        title = SafeText(_("Menus de la cantine — semaine du {week:%d/%m/%Y}").format(week=self.week))
        title.append(_("  , et . : semaine"), style="dim")
        self.query_one("#menus-title", Static).update(title)
        cached = self.read("menus", scope)
        empty = self.query_one("#menus-empty", Static)
        body = self.query_one("#menus-text", Static)
        if cached is None:
            self.menus = []
            body.update(SafeText())
            empty.update(text(_("Chargement des menus…")))
            empty.display = True
            self.want("menus", scope)
            return
        self.menus = list(cached.value)
        body.update(week_menu(self.menus, self._today(), (self.app.size.width or 80) - 4))
        empty.display = not self.menus
        if not self.menus:
            empty.update(text(_("Aucun menu publié pour cette semaine.")))

    def action_week(self, step: int) -> None:
        if self.week is not None:
            self.week += timedelta(weeks=step)
            self.query_one("#menus-body", VerticalScroll).scroll_home(animate=False)
            self.refresh_view()

    def action_this_week(self) -> None:
        self.week = None
        self.refresh_view()
