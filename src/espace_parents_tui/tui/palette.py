"""The command palette (ctrl+p): the sections, the children, the other accounts, "sync now": what
makes sense here, each with its key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape as escape_markup

from espace_parents_tui.tui.views import ALL_VIEWS
from espace_parents_tui.util.textsafe import clean_line


class PaletteHost(Protocol):
    """What the palette asks of the app (:class:`~espace_parents_tui.tui.app.EspaceParentsApp`)."""

    kids: list[Any]

    def action_section(self, key: str) -> None: ...

    def select_child(self, index: int) -> None: ...

    def other_accounts(self) -> list[Any]: ...

    def switch_account(self, account: Any) -> Any: ...

    def action_sync(self) -> None: ...


class SectionCommands(Provider):
    """The palette: sections, children, sync — what makes sense here."""

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: PaletteHost = self.app  # type: ignore[assignment]
        commands: list[tuple[str, Callable[[], Any], str]] = []
        for view in ALL_VIEWS:
            commands.append(
                (f"Rubrique : {view.title}", lambda k=view.key: app.action_section(k), view.letter)
            )
        for index, child in enumerate(app.kids):
            commands.append((f"Enfant : {child.name}", lambda i=index: app.select_child(i), str(index + 1)))
        for account in app.other_accounts():
            commands.append(
                (f"Compte : {account.display_label}", lambda a=account: app.switch_account(a), "ctrl+a")
            )
        commands.append(("Synchroniser maintenant", app.action_sync, "s"))
        return commands

    async def discover(self) -> Hits:
        for label, callback, help_text in self._commands():
            label = clean_line(label)  # a child's or an account's name is server text: never markup
            yield DiscoveryHit(Content(label), callback, text=label, help=f"touche {help_text}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, callback, help_text in self._commands():
            label = clean_line(label)
            score = matcher.match(label)
            if score > 0:
                # highlight() reads its argument as markup: the label is escaped first.
                shown = matcher.highlight(escape_markup(label))
                yield Hit(score, shown, callback, text=label, help=f"touche {help_text}")
