"""Orientation: the steps of the year (the family's intentions and final wishes, the class council's
answers) and the tracks on offer. ``w`` edits the wishes of the step open now (Entrée adds or
removes a track, ctrl+↑/↓ moves it, ``e`` edits its comment, ctrl+s sends: the first is rank 1);
``a`` acknowledges the council's answer where the school asks for it. A refused send keeps the form
open with the order the parent chose and says why, in the school's words. The choices are a draft
saved as the parent edits: the form reopens (even after a restart) as it was left, with why it was
not sent; the section says when such a draft is waiting, and ``x`` drops it (after a confirmation)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from espace_parents_tui.models.orientation import OrientationPage, OrientationStep
from espace_parents_tui.service.actions import orientation as actions_orientation
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.tui.screens.base import SectionView, line, text
from espace_parents_tui.tui.screens.orientation_forms import CommentScreen, DropDraftScreen
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import N_, _


def step_state(step: OrientationStep, today: date) -> str:
    if not step.for_family:
        if not step.published:
            return _("pas encore publié")
        if step.acknowledgement_asked and step.acknowledged:
            return _("accusé de réception fait le {day}").format(day=f"{step.acknowledged_on:%d/%m/%Y}" if step.acknowledged_on else "")
        if step.acknowledgement_asked:
            return _("accusé de réception demandé (a)")
        return _("publié")
    if step.opens and today < step.opens:
        return _("ouvre le {day}").format(day=f"{step.opens:%d/%m/%Y}")
    if step.closes and today > step.closes:
        return _("close depuis le {day}").format(day=f"{step.closes:%d/%m/%Y}")
    if step.closes:
        return _("ouverte jusqu'au {day} (w : saisir)").format(day=f"{step.closes:%d/%m/%Y}")
    return _("ouverte (w : saisir)")


def open_step(page: OrientationPage, today: date) -> OrientationStep | None:
    """The family's step open now, if any."""
    for step in page.steps:
        if step.for_family and (step.opens is None or step.opens <= today) and (step.closes is None or today <= step.closes):
            return step
    return None


def page_body(page: OrientationPage, today: date) -> Text:
    body = SafeText()
    body.append_text(line(page.level, style="bold")).append("\n")
    for step in page.steps:
        body.append("\n").append_text(line(step.title, style="bold"))
        body.append("  ").append(step_state(step, today), style="dim").append("\n")
        if step.for_family and step.max_wishes:
            body.append("  " + _("{n} vœux au plus").format(n=step.max_wishes) + "\n", style="dim")
        for wish in step.wishes:
            body.append(f"  {wish.rank}. ").append_text(line(wish.track))
            if wish.comment:
                body.append(" — ").append_text(line(wish.comment, style="italic"))
            body.append("\n")
        if step.council_comment:
            body.append("  ").append_text(text(step.council_comment, "italic")).append("\n")
    body.append("\n" + _("Voies proposées : "), style="bold")
    body.append_text(line(", ".join(t.name for t in page.tracks)))
    return body


class WishesScreen(ModalScreen[None]):
    """The wishes of one step: chosen tracks in rank order, then the others."""

    BINDINGS = [
        Binding("escape", "dismiss", _("Annuler"), id="orientation.cancel", tooltip=_("Fermer sans envoyer")),
        Binding("ctrl+up", "move(-1)", _("Monter"), id="orientation.up", tooltip=_("Monter ce vœu d'un rang")),
        Binding("ctrl+down", "move(1)", _("Descendre"), id="orientation.down", tooltip=_("Descendre ce vœu d'un rang")),
        Binding("ctrl+s", "send", _("Envoyer"), id="orientation.send", tooltip=_("Envoyer ces vœux à l'établissement")),
        Binding("e", "comment", _("Commentaire"), id="orientation.comment", tooltip=_("Écrire le commentaire de ce vœu")),
    ]
    DEFAULT_CSS = """
    WishesScreen { align: center middle; }
    WishesScreen > Vertical { width: 74; height: auto; max-height: 22; border: round $accent;
        background: $surface; padding: 0 1; }
    WishesScreen #wishes-problem { color: $error; }
    """

    def __init__(self, view: OrientationView, page: OrientationPage, step: OrientationStep) -> None:
        super().__init__()
        self.view, self.page, self.step = view, page, step
        self.chosen: list[str] = [w.track for w in step.wishes]
        self.comments = {w.track: w.comment for w in step.wishes}
        self.problem: str | None = None  # why the last send was not kept, in the school's words
        draft = None
        if view.portal is not None and view.child is not None:
            draft = actions_orientation.wishes_draft(view.portal, view.child, step.kind)
        if draft is not None:  # what the parent left unsent, as it was left
            wishes, problem = draft
            self.chosen = [name for name, _comment in wishes]
            self.comments = dict(wishes)
            self.problem = problem or None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(line(self.step.title, style="bold"))
            limit = _("{n} vœux au plus").format(n=self.step.max_wishes) if self.step.max_wishes else ""
            yield Static(SafeText(_("Entrée : choisir / retirer · ctrl+↑↓ : ordre · ctrl+s : envoyer · ") + limit, style="dim"))
            yield Static(SafeText(_("e : commentaire du vœu choisi"), style="dim"))
            yield OptionList(id="wishes-list")
            yield Static(id="wishes-problem")

    def on_mount(self) -> None:
        self._fill(0)
        self.query_one(OptionList).focus()
        if self.problem:
            self.query_one("#wishes-problem", Static).update(text(_("Non envoyé : ") + self.problem))

    def _wishes(self) -> list[tuple[str, str]]:
        return [(name, self.comments.get(name, "")) for name in self.chosen]

    def _keep_draft(self) -> None:
        portal, child = self.view.portal, self.view.child
        if portal is not None and child is not None:
            actions_orientation.keep_draft(portal, child, self.step.kind, self._wishes())

    def _order(self) -> list[str]:
        return self.chosen + [t.name for t in self.page.tracks if t.name not in self.chosen]

    def _fill(self, highlight: int) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for name in self._order():
            if name in self.chosen:
                label = SafeText(f"{self.chosen.index(name) + 1}. ", style="bold") + line(name)
                if self.comments.get(name):
                    label = label + SafeText(" — ", style="dim") + line(self.comments[name], 40, style="italic")
            else:
                label = SafeText("   ") + line(name, style="dim")
            options.add_option(Option(label))
        options.highlighted = min(highlight, len(self._order()) - 1) if self._order() else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = self._order()[event.option_index]
        if name in self.chosen:
            self.chosen.remove(name)
        else:
            self.chosen.append(name)
        self._keep_draft()
        self._fill(event.option_index)

    def action_move(self, delta: int) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.chosen):
            return
        target = index + delta
        if 0 <= target < len(self.chosen):
            self.chosen[index], self.chosen[target] = self.chosen[target], self.chosen[index]
            self._keep_draft()
            self._fill(target)

    def action_comment(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.chosen):
            self.app.notify(_("Choisissez d'abord cette voie (Entrée), puis écrivez son commentaire."), markup=False)
            return
        name = self.chosen[index]

        def written(comment: str | None) -> None:
            if comment is None:
                return
            self.comments[name] = comment
            self._keep_draft()
            self._fill(index)

        self.app.push_screen(CommentScreen(name, self.comments.get(name, "")), written)

    def action_send(self) -> None:
        portal, child = self.view.portal, self.view.child
        if portal is None or child is None:
            return
        wishes = self._wishes()
        problem = self.query_one("#wishes-problem", Static)

        async def send() -> None:
            try:
                await actions_orientation.set_wishes(portal, child, self.step.kind, wishes)
            except PortalError as exc:
                # The form stays as the parent left it (and its draft, with why): nothing was kept.
                self.problem = exc.user_message
                problem.update(text(_("Non envoyé : ") + exc.user_message))
                return
            self.app.notify(_("Vœux enregistrés par l'établissement."), title=self.step.title, markup=False)
            self.view.refresh_view()
            self.dismiss(None)

        problem.update(SafeText(_("Envoi…"), style="dim"))
        self.run_worker(send(), group="orientation", exit_on_error=False)


class OrientationView(SectionView):
    key = "orientation"
    letter = "i"
    title_text = N_("Orientation")
    sections = ("orientation",)

    BINDINGS = [
        Binding("w", "wishes", _("Vœux"), id="orientation.wishes", tooltip=_("Saisir et ordonner les vœux de l'étape ouverte")),
        Binding("a", "acknowledge", _("Accuser réception"), id="orientation.acknowledge", tooltip=_("Accuser réception de l'avis du conseil de classe")),
        Binding("x", "drop_draft", _("Abandonner le brouillon"), id="orientation.drop", tooltip=_("Abandonner les vœux non envoyés")),
    ]

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="orientation-title")
        with VerticalScroll(id="orientation-scroll", can_focus=True):
            yield Static(id="orientation-body")

    def drawn_from(self) -> None:
        return None  # it also shows the drafts of unsent wishes: any write redraws it

    def on_section_shown(self) -> None:
        self.query_one("#orientation-scroll").focus()

    def page(self) -> OrientationPage | None:
        cached = self.read("orientation", "all")
        return cached.value if cached is not None else None

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        name = self.child.name if self.child else ""
        self.query_one("#orientation-title", Static).update(text(_("Orientation — {name}").format(name=name)))
        body = self.query_one("#orientation-body", Static)
        page = self.page()
        if page is None:
            body.update(text(_("Chargement de l'orientation…")))
            if getattr(self.app, "current", None) == self.key:
                self.want("orientation", "all")
            return
        if not page.offered:
            body.update(text(page.message))
            return
        shown = page_body(page, self.app.today())  # type: ignore[attr-defined]
        for step, wishes, problem in self.drafts(page):
            shown.append("\n\n").append(_("Brouillon non envoyé — {step}").format(step=step.title), style="bold yellow")
            listed = ", ".join(f"{rank}. {track}" for rank, (track, _comment) in enumerate(wishes, start=1))
            shown.append("\n  ").append_text(line(listed or _("(aucun vœu choisi)")))
            if problem:
                shown.append("\n  ").append_text(line(_("Non envoyé : ") + problem, style="red"))
            shown.append("\n  " + _("w : le reprendre · x : l'abandonner"), style="dim")
        body.update(shown)
        self.refresh_bindings()

    def drafts(self, page: OrientationPage) -> list[tuple[OrientationStep, list[tuple[str, str]], str]]:
        """The family's steps with wishes left unsent (a draft), with them and why they were not sent."""
        if self.portal is None or self.child is None:
            return []
        found = []
        for step in page.steps:
            if step.for_family:
                draft = actions_orientation.wishes_draft(self.portal, self.child, step.kind)
                if draft is not None:
                    found.append((step, *draft))
        return found

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drop_draft":
            page = self.page()
            return bool(page is not None and page.offered and self.drafts(page))
        return True

    def action_drop_draft(self) -> None:
        page, portal, child = self.page(), self.portal, self.child
        drafts = self.drafts(page) if page is not None else []
        if not drafts or portal is None or child is None:
            return
        today = self.app.today()  # type: ignore[attr-defined]
        current = open_step(page, today) if page is not None else None
        step, wishes, _problem = next((d for d in drafts if current is not None and d[0].kind == current.kind), drafts[0])

        def chosen(drop: bool | None) -> None:
            if drop:
                actions_orientation.drop_draft(portal, child, step.kind)
                self.app.notify(_("Brouillon abandonné : rien n'a été envoyé."), title=step.title, markup=False)
                self.refresh_view()

        self.app.push_screen(DropDraftScreen(step.title, wishes), chosen)

    def action_wishes(self) -> None:
        page = self.page()
        step = open_step(page, self.app.today()) if page else None  # type: ignore[attr-defined]
        if page is None or step is None:
            self.app.notify(_("Aucune étape de vœux n'est ouverte en ce moment."), severity="warning", markup=False)
            return
        self.app.push_screen(WishesScreen(self, page, step), lambda _done: self.refresh_view())

    def action_acknowledge(self) -> None:
        page, portal, child = self.page(), self.portal, self.child
        step = next((s for s in page.steps if s.acknowledgement_asked and not s.acknowledged), None) if page else None
        if step is None or portal is None or child is None:
            self.app.notify(_("Aucun accusé de réception n'est demandé."), markup=False)
            return

        async def acknowledge() -> None:
            await actions_orientation.acknowledge(portal, child, step.kind)
            self.app.notify(_("Accusé de réception envoyé."), title=step.title, markup=False)
            self.refresh_view()

        self.run_worker(acknowledge(), group="orientation", exit_on_error=False)
