"""Messagerie: the discussions and their threads; ``o`` switches to Informations et sondages.

The lists come from the cache at once. Opening a discussion, replying, marking read or unread and
writing a new message go through :mod:`espace_parents_tui.service.actions.messaging`, which re-reads the
data in the current PRONOTE session first; the list is redrawn from the refreshed cache after.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Static

from espace_parents_tui.models.messaging import Discussion, Mailbox
from espace_parents_tui.models.news import NewsFeed, NewsItem
from espace_parents_tui.service.actions import messaging as actions
from espace_parents_tui.tui.screens.base import SectionView, line, text
from espace_parents_tui.tui.screens.compose import app_worker
from espace_parents_tui.tui.screens.thread import ThreadScreen, discussion_state
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _, ngettext

DISCUSSIONS, NEWS = "discussions", "news"


def fit(value: Any, width: int) -> Text:
    """Server text on one line, cut to ``width`` with an ellipsis (never markup)."""
    return line(value, width)


def discussion_when(discussion: Discussion) -> str:
    """The date of the last message as the list knows it (the time only for recent ones)."""
    if discussion.date is None:
        return discussion.date_label
    if "h" in discussion.date_label:
        return f"{discussion.date:%d/%m %H:%M}"
    return f"{discussion.date:%d/%m/%y}"


def news_state(item: NewsItem) -> Text:
    if item.needs_acknowledgement:
        return SafeText(_("à accuser"), style="bold yellow")
    if item.is_survey and item.unanswered:
        return SafeText(_("à répondre"), style="bold yellow")
    if not item.read:
        return SafeText(_("● non lu"), style="bold")
    return SafeText("lu", style="dim")


class MessagesView(SectionView):
    key = "messages"
    letter = "m"
    title_text = N_("Messagerie")
    sections = ("messages", "news")

    BINDINGS: ClassVar = [
        Binding(
            "o",
            "toggle_mode",
            _("Infos/Discussions"),
            id="messages.toggle",
            tooltip=_("Basculer entre les discussions et les informations et sondages"),
        ),
        Binding("u", "toggle_read", _("Lu/Non lu"), id="messages.read", tooltip=_("Marquer lu ou non lu")),
        Binding(
            "ctrl+n",
            "new_message",
            _("Nouveau message"),
            id="messages.new",
            tooltip=_("Écrire à un professeur ou à un membre du personnel"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mode = DISCUSSIONS
        self.discussions: list[Discussion] = []
        self.news: list[NewsItem] = []
        self._width = 0
        self._discussions_drawn: tuple | None = None  # the mailbox and width the list shows

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="messages-title")
        yield ListTable(id="discussions-table", cursor_type="row", zebra_stripes=True)
        yield ListTable(id="news-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="messages-empty")

    def table(self) -> DataTable:
        return self.query_one("#discussions-table" if self.mode == DISCUSSIONS else "#news-table", DataTable)

    def on_section_shown(self) -> None:
        self.table().focus()

    def on_resize(self) -> None:
        if self.size.width != self._width and self.portal is not None:
            self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_message":
            return self.mode == DISCUSSIONS
        return True

    # --- drawing ------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        self._width = self.size.width
        discussions = self.query_one("#discussions-table", DataTable)
        news = self.query_one("#news-table", DataTable)
        discussions.display = self.mode == DISCUSSIONS
        news.display = self.mode == NEWS
        if self.mode == DISCUSSIONS:
            cached = self.portal.read("messages", None, "all")
            box = cached.value if cached else None
            # Drawn again (a sync, another section's fetch) with the same mailbox: the 2,000 rows
            # of a big school stay as they are (filling them again took ~0.3 s).
            drawn = (box, self._usable_width()) if box is not None else None
            if drawn is None or drawn != self._discussions_drawn:
                self._fill_discussions(discussions, box)
            self._discussions_drawn = drawn
        else:
            cached = self.read("news", "all")
            self._fill_news(news, cached.value if cached else None)
        self.refresh_bindings()

    def _usable_width(self) -> int:
        width = self.size.width
        if not width and isinstance(self.parent, Widget):
            # Not laid out yet (built, then hidden before its first frame: the switches of a quick
            # hand): the width the switcher gives its views, not a guess filled again when shown.
            width = self.parent.content_size.width
        return max(60, (width or 78) - 2)

    def _empty(self, message: str | None) -> None:
        empty = self.query_one("#messages-empty", Static)
        empty.display = bool(message)
        if message:
            empty.update(text(message))

    def _title(self, value: Text) -> None:
        self.query_one("#messages-title", Static).update(value)

    def _fill_discussions(self, table: DataTable, box: Mailbox | None) -> None:
        selected = self._selected_discussion()
        table.clear(columns=True)
        if box is None:
            self.discussions = []
            self._title(SafeText(_("Messagerie")))
            self._empty(_("Chargement de la messagerie…"))
            self.want("messages", "all")
            return
        self.discussions = list(box.discussions)
        unread = sum(1 for d in self.discussions if d.unread)
        count = len(self.discussions)
        discussions = ngettext("{len} discussion", "{len} discussions", count).format(len=count)
        unread_text = ngettext("{unread} non lue", "{unread} non lues", unread).format(unread=unread)
        title = SafeText(
            _("Messagerie — {discussions}, {unread}").format(discussions=discussions, unread=unread_text)
        )
        title.append(_("   o : informations et sondages"), style="dim")
        self._title(title)
        self._empty(None if self.discussions else _("Aucune discussion."))
        state_width = 10 if any(discussion_state(d) for d in self.discussions) else 0
        who_width = 15
        subject_width = self._usable_width() - 2 * 5 - 11 - 6 - who_width - state_width
        table.add_column(SafeText(_("Date")), width=11)
        table.add_column(SafeText(_("Objet")), width=subject_width)
        table.add_column(SafeText(_("De")), width=who_width)
        table.add_column(SafeText(_("Non lu")), width=6)
        table.add_column(SafeText(_("État")), width=state_width)
        for index, d in enumerate(self.discussions):
            subject = fit(d.subject, subject_width)
            if d.unread:
                subject.stylize("bold")
            table.add_row(
                line(discussion_when(d)),
                subject,
                fit(d.initiator or _("Vous"), who_width),
                SafeText(f"●{d.unread}", style="bold") if d.unread else SafeText(""),
                fit(discussion_state(d), state_width),
                key=str(index),
            )
        if selected is not None:
            for index, d in enumerate(self.discussions):
                if (d.subject, d.initiator) == selected:
                    table.move_cursor(row=index)
                    break

    def _fill_news(self, table: DataTable, feed: NewsFeed | None) -> None:
        selected = self._selected_news()
        table.clear(columns=True)
        if feed is None:
            self.news = []
            self._title(SafeText(_("Informations et sondages")))
            self._empty(_("Chargement des informations…"))
            if self.child is not None:
                self.want("news", "all")
            return
        self.news = sorted(feed.items, key=lambda i: i.created or datetime.min, reverse=True)
        todo = sum(1 for i in self.news if i.needs_acknowledgement or (i.is_survey and i.unanswered))
        items = ngettext("{len} élément", "{len} éléments", len(self.news)).format(len=len(self.news))
        title = SafeText(
            _("Informations et sondages — {items}, {todo} à traiter").format(items=items, todo=todo)
        )
        title.append(_("   o : discussions"), style="dim")
        self._title(title)
        self._empty(None if self.news else _("Aucune information publiée."))
        wide = self._usable_width() >= 100
        category_width = 22 if wide else 0
        author_width = 16
        title_width = self._usable_width() - 2 * (5 if wide else 4) - 5 - author_width - 10 - category_width
        table.add_column(SafeText(_("Date")), width=5)
        table.add_column(SafeText(_("Titre")), width=title_width)
        if wide:
            table.add_column(SafeText(_("Catégorie")), width=category_width)
        table.add_column(SafeText(_("Auteur")), width=author_width)
        table.add_column(SafeText(_("État")), width=10)
        for index, item in enumerate(self.news):
            prefix = _("Sondage — ") if item.is_survey and "sondage" not in item.title.casefold() else ""
            label = fit(prefix + item.title, title_width)
            if not item.read:
                label.stylize("bold")
            row: list[Text] = [SafeText(f"{item.created:%d/%m}" if item.created else ""), label]
            if wide:
                row.append(fit(item.category, category_width))
            row += [fit(item.author, author_width), news_state(item)]
            table.add_row(*row, key=str(index))
        if selected is not None:
            for index, item in enumerate(self.news):
                if (item.title, item.created) == selected:
                    table.move_cursor(row=index)
                    break

    def _selected_discussion(self) -> tuple[str, str | None] | None:
        d = self.current_discussion()
        return (d.subject, d.initiator) if d else None

    def _selected_news(self) -> tuple[str, datetime | None] | None:
        item = self.current_news()
        return (item.title, item.created) if item else None

    def current_discussion(self) -> Discussion | None:
        table = self.query_one("#discussions-table", DataTable)
        if not self.discussions or table.row_count == 0:
            return None
        return self.discussions[min(table.cursor_row, len(self.discussions) - 1)]

    def current_news(self) -> NewsItem | None:
        table = self.query_one("#news-table", DataTable)
        if not self.news or table.row_count == 0:
            return None
        return self.news[min(table.cursor_row, len(self.news) - 1)]

    # --- keys ---------------------------------------------------------------------------------

    def action_toggle_mode(self) -> None:
        self.mode = NEWS if self.mode == DISCUSSIONS else DISCUSSIONS
        self.refresh_view()
        self.table().focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.portal is None:
            return
        if event.data_table.id == "discussions-table":
            d = self.current_discussion()
            if d is not None:
                self.open_discussion(d)
        else:
            item = self.current_news()
            if item is not None:
                self.open_news(item)

    def action_toggle_read(self) -> None:
        if self.portal is None:
            return
        if self.mode == DISCUSSIONS:
            d = self.current_discussion()
            if d is not None:
                self.mark_discussion(d, read=d.unread > 0)
        else:
            item = self.current_news()
            if item is not None:
                self.mark_news(item, read=not item.read)

    def action_new_message(self) -> None:
        if self.portal is not None and self.mode == DISCUSSIONS:
            self.start_new_message()

    # --- workers (a failure reaches the app's single error handler) -----------------------------

    @app_worker("messages-open", exclusive=True)
    async def open_discussion(self, d: Discussion) -> None:
        assert self.portal is not None
        opened = await actions.open_discussion(self.portal, d.subject, d.initiator)
        self.refresh_view()
        self.app.push_screen(ThreadScreen(self, opened.discussion, opened.thread))

    @app_worker("messages-write")
    async def mark_discussion(self, d: Discussion, read: bool) -> None:
        assert self.portal is not None
        await actions.mark_discussion(self.portal, d.subject, d.initiator, read)
        self.refresh_view()
        self.notify(_("Discussion marquée lue.") if read else _("Discussion marquée non lue."), markup=False)

    @app_worker("messages-open", exclusive=True)
    async def start_new_message(self) -> None:
        from espace_parents_tui.tui.screens.compose import NewMessageScreen

        assert self.portal is not None
        child = self.child
        people = await actions.recipients(self.portal, child)

        async def send(chosen: list[actions.Chosen], subject: str, body: str) -> None:
            assert self.portal is not None
            await actions.new_discussion(self.portal, child, subject, body, chosen)
            self.refresh_view()
            self.notify(_("Message envoyé."), markup=False)

        draft = actions.discussion_draft(self.portal, child)  # a message kept from before (not sent)
        self.app.push_screen(NewMessageScreen(child.name if child else "", people, send, draft))

    def open_news(self, item: NewsItem) -> None:
        from espace_parents_tui.tui.screens.news import NewsScreen

        self.app.push_screen(NewsScreen(self, item))
        if not item.read:
            self.mark_news(item, read=True, quiet=True)

    @app_worker("messages-write")
    async def mark_news(self, item: NewsItem, read: bool, quiet: bool = False) -> None:
        assert self.portal is not None
        await actions.mark_news_read(self.portal, self.child, item.title, item.created, read)
        self.refresh_view()
        if not quiet:
            said = _("Information marquée lue.") if read else _("Information marquée non lue.")
            self.notify(said, markup=False)
