"""Informations et sondages: one item, its text and attachments; acknowledge it; answer a survey.

A survey shows each question with what answers it: a text area for a written answer, radio buttons
for a single choice, a selection list for several choices (no more than the school allows). The
answers go through :mod:`espace_parents_tui.service.actions.messaging`, where the client checks them before
anything is sent; a refusal is one sentence from the app's error handler and the answers stay here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Footer,
    Markdown,
    OptionList,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from espace_parents_tui.models import Attachment
from espace_parents_tui.models.news import AnswerKind, NewsItem, NewsQuestion
from espace_parents_tui.service.actions import messaging as actions
from espace_parents_tui.service.formatted import body_links, body_markdown
from espace_parents_tui.tui.screens.attachments import attachment_label, offer_link, open_link
from espace_parents_tui.tui.screens.base import line, sent_text, text
from espace_parents_tui.tui.screens.compose import app_worker
from espace_parents_tui.tui.widgets.formatted import FormattedText
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _, ngettext
from espace_parents_tui.util.textsafe import clean

if TYPE_CHECKING:
    from espace_parents_tui.tui.screens.base import SectionView

ANSWERED_KINDS = (AnswerKind.TEXT, AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE)


def survey_questions(item: NewsItem) -> list[tuple[int, NewsQuestion]]:
    """The questions the parent answers in the form (an acknowledgement has its own key)."""
    return [(i, q) for i, q in enumerate(item.questions) if q.kind in ANSWERED_KINDS]


class NewsScreen(ModalScreen[None]):
    """An information or a survey. ``j`` acknowledges, ctrl+s sends the answers, Escape closes."""

    BINDINGS: ClassVar = [
        Binding(
            "j",
            "acknowledge",
            _("J'ai pris connaissance"),
            id="news.acknowledge",
            tooltip=_("Accuser réception de cette information"),
        ),
        Binding(
            "ctrl+s",
            "send",
            _("Envoyer les réponses"),
            id="news.send",
            tooltip=_("Envoyer les réponses au sondage"),
        ),
        Binding("escape,q", "close", _("Fermer"), id="news.close", tooltip=_("Revenir à la liste")),
    ]
    DEFAULT_CSS = """
    NewsScreen { align: center middle; }
    NewsScreen > Vertical { width: 100%; max-width: 110; height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    NewsScreen .dialog-title { text-style: bold; color: $accent; height: auto; }
    NewsScreen .news-meta { color: $text-muted; height: auto; }
    NewsScreen #news-scroll { height: 1fr; }
    NewsScreen .question-title { text-style: bold; margin-top: 1; height: auto; }
    NewsScreen .question-note { color: $text-muted; height: auto; }
    NewsScreen TextArea { height: 4; }
    NewsScreen SelectionList { height: auto; }
    NewsScreen RadioSet { height: auto; }
    NewsScreen #news-files { height: auto; max-height: 4; }
    """

    def __init__(self, view: SectionView, item: NewsItem) -> None:
        super().__init__()
        self.view = view
        self.child = view.child  # the child the item was listed for
        self.item = item
        self.sending = False

    @property
    def links(self) -> list[Attachment]:
        """The links of the item (attached, or in its texts), each once, to open or copy."""
        found = [a for a in self.item.attachments if a.is_link]
        for question in self.item.questions:
            found += [link for link in body_links(question.html) if link.url not in {a.url for a in found}]
        return found

    @property
    def portal(self) -> Any:
        return self.view.portal

    # --- drawing ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical():
            kind = _("Sondage") if item.is_survey else _("Information")
            yield Static(SafeText(f"{kind} — ") + text(item.title), classes="dialog-title")
            meta = text(item.category or "")
            if item.author and not item.anonymous:
                meta.append(" · ").append_text(text(item.author))
            if item.created:
                meta.append(f" · {sent_text(item.created)}")
            if item.is_survey and item.anonymous:
                meta.append(_(" · réponses anonymes"))
            yield Static(meta, classes="news-meta")
            with VerticalScroll(id="news-scroll"):
                for index, question in enumerate(item.questions):
                    yield from self._question(index, question)
                yield Static(self._status(), id="news-status", classes="question-note")
            files = [
                Option(SafeText(_("Télécharger : ")) + line(a.name), id=str(n))
                for n, a in enumerate(item.attachments)
                if not a.is_link
            ]
            links = [Option(attachment_label(link), id=f"link:{n}") for n, link in enumerate(self.links)]
            if files or links:
                yield OptionList(*files, *links, id="news-files")
        yield Footer()

    def _question(self, index: int, question: NewsQuestion) -> ComposeResult:
        if question.title:
            yield Static(text(question.title), classes="question-title")
        if question.text.strip():
            yield FormattedText(body_markdown(question.html, question.text.strip()))
        for attachment in question.attachments:
            if attachment.is_link:
                yield Static(
                    SafeText(_("Lien : ")) + text(attachment.name) + text(f" — {attachment.url or ''}")
                )
            else:
                yield Static(SafeText(_("Pièce jointe : ")) + text(attachment.name), classes="question-note")
        answer = question.answer if question.answered else None
        if question.kind == AnswerKind.ACKNOWLEDGE:
            if answer is not None:
                when = (
                    _(" le {sent_text}").format(sent_text=sent_text(answer.answered_at))
                    if answer.answered_at
                    else ""
                )
                yield Static(
                    SafeText(_("Vous avez pris connaissance de cette information{when}.").format(when=when)),
                    classes="question-note",
                )
            else:
                yield Static(
                    SafeText(
                        _("Cette information demande un accusé de lecture : touche j."), style="bold yellow"
                    )
                )
        elif question.kind == AnswerKind.TEXT:
            limit = (
                _(" ({max_length} caractères au plus)").format(max_length=question.max_length)
                if question.max_length
                else ""
            )
            yield Static(SafeText(_("Votre réponse{limit} :").format(limit=limit)), classes="question-note")
            yield TextArea(clean(answer.text) if answer else "", id=f"q-{index}")
        elif question.kind == AnswerKind.SINGLE_CHOICE:
            chosen = set(answer.choices) if answer else set()
            yield Static(SafeText(_("Un seul choix (flèches, Espace) :")), classes="question-note")
            yield RadioSet(
                *[RadioButton(text(c.label), value=c.rank in chosen) for c in question.choices],
                id=f"q-{index}",
            )
        elif question.kind == AnswerKind.MULTIPLE_CHOICE:
            chosen = set(answer.choices) if answer else set()
            limit = (
                _("{max_choices} choix au plus").format(max_choices=question.max_choices)
                if question.max_choices
                else _("plusieurs choix")
            )
            yield Static(
                SafeText(_("{capitalize} (Espace pour cocher) :").format(capitalize=limit.capitalize())),
                classes="question-note",
            )
            yield SelectionList[int](
                *[(text(c.label), c.rank, c.rank in chosen) for c in question.choices], id=f"q-{index}"
            )
        if answer is not None and question.kind in ANSWERED_KINDS and answer.answered_at:
            yield Static(
                SafeText(
                    _("Réponse envoyée le {sent_text}.").format(sent_text=sent_text(answer.answered_at))
                ),
                classes="question-note",
            )

    def _status(self) -> Text:
        item = self.item
        if survey_questions(item):
            left = [q for _, q in survey_questions(item) if not q.answered]
            if left:
                return SafeText(
                    ngettext(
                        "{len} question sans réponse · ctrl+s : envoyer les réponses",
                        "{len} questions sans réponse · ctrl+s : envoyer les réponses",
                        len(left),
                    ).format(len=len(left)),
                    style="bold",
                )
            return SafeText(_("Vous avez répondu à toutes les questions (ctrl+s pour modifier)."))
        return SafeText("")

    def on_mount(self) -> None:
        for files in self.query("#news-files").results(OptionList):
            files.highlighted = 0
        first = self.query("#news-scroll TextArea, #news-scroll RadioSet, #news-scroll SelectionList")
        (first.first() if first else self.query_one("#news-scroll")).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides the key in the footer: only what this item asks for is offered.
        if action == "acknowledge":
            return self.item.needs_acknowledgement
        if action == "send":
            return bool(survey_questions(self.item))
        return True

    # --- answers ------------------------------------------------------------------------------

    def answers(self) -> dict[int, str | list[int]]:
        """What the form holds, by the question's place in the item (empty answers left out)."""
        found: dict[int, str | list[int]] = {}
        for index, question in survey_questions(self.item):
            widget = self.query_one(f"#q-{index}")
            if isinstance(widget, TextArea):
                if widget.text.strip():
                    found[index] = widget.text.strip()
            elif isinstance(widget, RadioSet):
                if widget.pressed_index >= 0:
                    found[index] = [question.choices[widget.pressed_index].rank]
            elif isinstance(widget, SelectionList) and widget.selected:
                found[index] = sorted(widget.selected)
        return found

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled) -> None:
        """Several choices, but no more than the school allows."""
        widget = event.selection_list
        if not (widget.id or "").startswith("q-"):
            return
        question = self.item.questions[int(widget.id[2:])]
        if question.max_choices and len(widget.selected) > question.max_choices:
            widget.deselect(event.selection)
            self.notify(
                _("{max_choices} choix au plus.").format(max_choices=question.max_choices),
                severity="warning",
                markup=False,
            )

    def action_send(self) -> None:
        if self.sending or not survey_questions(self.item):
            return
        answers = self.answers()
        if not answers:
            self.notify(_("Aucune réponse à envoyer."), severity="warning", markup=False)
            return
        self.sending = True
        self.send_answers(answers)

    @app_worker("news-write", exclusive=True)
    async def send_answers(self, answers: dict[int, str | list[int]]) -> None:
        try:
            fresh = await actions.answer_survey(
                self.portal, self.child, self.item.title, self.item.created, answers
            )
        finally:
            self.sending = False
        await self._redraw(fresh)
        self.notify(_("Réponses envoyées."), markup=False)

    def action_acknowledge(self) -> None:
        if self.item.needs_acknowledgement and not self.sending:
            self.sending = True
            self.acknowledge()

    @app_worker("news-write", exclusive=True)
    async def acknowledge(self) -> None:
        try:
            fresh = await actions.acknowledge_news(
                self.portal, self.child, self.item.title, self.item.created
            )
        finally:
            self.sending = False
        await self._redraw(fresh)
        self.notify(_("Accusé de lecture envoyé."), markup=False)

    async def _redraw(self, fresh: NewsItem) -> None:
        self.item = fresh
        self.view.refresh_view()
        await self.recompose()
        self.on_mount()
        self.refresh_bindings()

    def action_close(self) -> None:
        self.dismiss(None)

    # --- attachments --------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and event.option.id.startswith("link:"):
            open_link(self.app, self.links[int(event.option.id[5:])])
        elif event.option.id is not None:
            self.download(self.item.attachments[int(event.option.id)].name)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        offer_link(self.app, event.href)

    @app_worker("news-download")
    async def download(self, name: str) -> None:
        path = await actions.download_news_attachment(
            self.portal, self.child, self.item.title, self.item.created, name
        )
        self.notify(clean(_("Enregistré : {path}").format(path=path)), title=_("Pièce jointe"), markup=False)
