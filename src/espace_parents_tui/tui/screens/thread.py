"""A discussion's thread: its messages oldest first, replying, read/unread, attachments and links.

Opened from Messagerie (:mod:`espace_parents_tui.tui.screens.messages`); the writes go through
:mod:`espace_parents_tui.service.actions.messaging`, then the list behind is redrawn.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from espace_parents_tui.models import Attachment
from espace_parents_tui.models.messaging import Discussion, DiscussionThread
from espace_parents_tui.service.actions import messaging as actions
from espace_parents_tui.service.formatted import body_links, body_markdown
from espace_parents_tui.tui.screens.attachments import attachment_label, offer_link, open_link
from espace_parents_tui.tui.screens.base import SectionView, line, sent_text, text
from espace_parents_tui.tui.screens.compose import app_worker
from espace_parents_tui.tui.widgets.formatted import FormattedText
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _, ngettext
from espace_parents_tui.util.textsafe import clean


def discussion_state(discussion: Discussion) -> str:
    states = []
    if discussion.in_trash:
        states.append("corbeille")
    if discussion.is_draft or discussion.drafts:
        states.append(_("brouillon"))
    if discussion.closed:
        states.append(_("fermée"))
    return ", ".join(states)


class ThreadScreen(ModalScreen[None]):
    """A discussion's messages, oldest first; ``r`` replies, ``u`` marks unread/read, Enter on an
    attachment downloads it."""

    BINDINGS: ClassVar = [
        Binding("r", "reply", _("Répondre"), id="thread.reply", tooltip=_("Répondre dans cette discussion")),
        Binding(
            "u",
            "toggle_read",
            _("Lu/Non lu"),
            id="thread.read",
            tooltip=_("Marquer la discussion lue / non lue"),
        ),
        Binding("escape,q", "close", _("Fermer"), id="thread.close", tooltip=_("Revenir à la liste")),
    ]
    DEFAULT_CSS = """
    ThreadScreen { align: center middle; }
    ThreadScreen > Vertical { width: 100%; max-width: 110; height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    ThreadScreen .dialog-title { text-style: bold; color: $accent; height: auto; }
    ThreadScreen #thread-meta { color: $text-muted; height: auto; }
    ThreadScreen #thread-scroll { height: 1fr; }
    ThreadScreen #thread-files { height: auto; max-height: 5; }
    ThreadScreen #thread-body { height: auto; }
    ThreadScreen .message-head { margin: 1 0 0 0; }
    """

    def __init__(self, view: SectionView, discussion: Discussion, thread: DiscussionThread) -> None:
        super().__init__()
        self.view = view
        self.discussion = discussion
        self.thread = thread
        self.links: list[Attachment] = []  # the links listed below the thread, by their option ids

    @property
    def portal(self) -> Any:
        return self.view.portal

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(text(self.discussion.subject), classes="dialog-title")
            yield Static(id="thread-meta")
            with VerticalScroll(id="thread-scroll"):
                yield Vertical(id="thread-body")
            yield OptionList(id="thread-files")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#thread-scroll").focus()

    def show(self) -> None:
        d, thread = self.discussion, self.thread
        meta = SafeText(
            ngettext("{len} message", "{len} messages", len(thread.messages)).format(len=len(thread.messages))
        )
        state = discussion_state(d)
        if state:
            meta.append(f" · {state}", style="bold")
        meta.append(_(" · non lue") if d.unread else _(" · lue"))
        if not thread.can_reply:
            meta.append(_(" · pas de réponse possible"))
        self.query_one("#thread-meta", Static).update(meta)
        blocks: list[Static | FormattedText] = []
        files = self.query_one("#thread-files", OptionList)
        files.clear_options()
        self.links = []
        for index, message in enumerate(thread.messages):
            head = text(message.author, style="bold green" if message.own else "bold")
            head.append(f" — {sent_text(message.sent)}", style="dim")
            if not message.read:
                head.append(_(" (non lu)"), style="bold yellow")
            blocks.append(Static(head, classes="message-head"))
            markdown = body_markdown(message.html, message.text.strip())
            blocks.append(FormattedText(markdown or _("*(message vide)*"), classes="message-body"))
            for number, attachment in enumerate(message.attachments):
                if attachment.is_link:
                    self.links.append(attachment)
                    files.add_option(Option(attachment_label(attachment), id=f"link:{len(self.links) - 1}"))
                    continue
                label = SafeText(_("Télécharger : ")) + line(attachment.name)
                label.append_text(text(f"  ({message.author}, {sent_text(message.sent)})", style="dim"))
                files.add_option(Option(label, id=f"{index}:{number}"))
            for link in body_links(message.html):
                self.links.append(link)
                files.add_option(Option(attachment_label(link), id=f"link:{len(self.links) - 1}"))
        body = self.query_one("#thread-body", Vertical)
        body.remove_children()
        body.mount(*blocks)
        files.display = files.option_count > 0
        if files.option_count:
            files.highlighted = 0
            meta.append(_(" · Tab puis Entrée : pièce jointe ou lien"), style="dim")
            self.query_one("#thread-meta", Static).update(meta)
        scroll = self.query_one("#thread-scroll", VerticalScroll)
        self.call_after_refresh(scroll.scroll_end, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_reply(self) -> None:
        from espace_parents_tui.tui.screens.compose import ReplyScreen

        if not self.thread.can_reply or self.discussion.closed:
            closed = _("Cette discussion est fermée : on ne peut plus y répondre.")
            self.notify(closed, severity="warning", markup=False)
            return
        draft = actions.reply_draft(self.portal, self.discussion.subject, self.discussion.initiator)
        text = draft.fields.get("text", "") if draft else ""
        self.app.push_screen(ReplyScreen(self.discussion.subject, self.send_reply, text))

    async def send_reply(self, body: str) -> None:
        opened = await actions.reply(self.portal, self.discussion.subject, self.discussion.initiator, body)
        self.discussion, self.thread = opened.discussion, opened.thread
        self.show()
        self.view.refresh_view()
        self.notify(_("Réponse envoyée."), markup=False)

    def action_toggle_read(self) -> None:
        self.toggle_read()

    @app_worker("thread-write")
    async def toggle_read(self) -> None:
        read = self.discussion.unread > 0
        self.discussion = await actions.mark_discussion(
            self.portal, self.discussion.subject, self.discussion.initiator, read
        )
        self.show()
        self.view.refresh_view()
        self.notify(_("Discussion marquée lue.") if read else _("Discussion marquée non lue."), markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("link:"):
            open_link(self.app, self.links[int(event.option.id[5:])])
        elif event.option.id:
            message_index, file_index = (int(part) for part in event.option.id.split(":"))
            self.download(message_index, file_index)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        offer_link(self.app, event.href)

    @app_worker("thread-download")
    async def download(self, message_index: int, file_index: int) -> None:
        message = self.thread.messages[message_index]
        attachment = message.attachments[file_index]
        path = await actions.download_message_attachment(
            self.portal,
            self.discussion.subject,
            self.discussion.initiator,
            message_index,
            message.author,
            message.sent,
            attachment.name,
        )
        self.notify(clean(_("Enregistré : {path}").format(path=path)), title=_("Pièce jointe"), markup=False)
