"""The command palette (ctrl+p): the sections, the children, the other accounts, "sync now": what
makes sense here, each with its key."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from textual.app import SystemCommand
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape as escape_markup

from espace_parents_tui.tui.views import ALL_VIEWS
from espace_parents_tui.util.i18n import _
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
                (
                    _("Rubrique : {title}").format(title=view.title),
                    lambda k=view.key: app.action_section(k),
                    view.letter,
                )
            )
        for index, child in enumerate(app.kids):
            commands.append(
                (
                    _("Enfant : {name}").format(name=child.name),
                    lambda i=index: app.select_child(i),
                    str(index + 1),
                )
            )
        for account in app.other_accounts():
            commands.append(
                (
                    _("Compte : {display_label}").format(display_label=account.display_label),
                    lambda a=account: app.switch_account(a),
                    "ctrl+a",
                )
            )
        commands.append((_("Synchroniser maintenant"), app.action_sync, "s"))
        return commands

    async def discover(self) -> Hits:
        for label, callback, help_text in self._commands():
            label = clean_line(label)  # a child's or an account's name is server text: never markup
            yield DiscoveryHit(
                Content(label), callback, text=label, help=_("touche {help_text}").format(help_text=help_text)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, callback, help_text in self._commands():
            label = clean_line(label)
            score = matcher.match(label)
            if score > 0:
                # highlight() reads its argument as markup: the label is escaped first.
                shown = matcher.highlight(escape_markup(label))
                yield Hit(
                    score,
                    shown,
                    callback,
                    text=label,
                    help=_("touche {help_text}").format(help_text=help_text),
                )


def system_commands(app, screen) -> Iterable[SystemCommand]:
    """Textual's own palette commands (theme, quit, keys, screenshot), in the run's language."""
    yield SystemCommand(_("Thème"), _("Changer le thème de l'application"), app.action_change_theme)
    yield SystemCommand(_("Quitter"), _("Quitter l'application"), app.action_quit)
    if screen.query("HelpPanel"):
        yield SystemCommand(_("Touches"), _("Masquer le panneau des touches"), app.action_hide_help_panel)
    else:
        yield SystemCommand(
            _("Touches"), _("Les touches disponibles et l'aide du champ actif"), app.action_show_help_panel
        )
    if screen.maximized is not None:
        yield SystemCommand(
            _("Réduire"), _("Rendre au champ agrandi sa taille normale"), screen.action_minimize
        )
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(_("Agrandir"), _("Agrandir le champ actif"), screen.action_maximize)
    yield SystemCommand(
        _("Capture d'écran"),
        _("Enregistrer l'écran en SVG"),
        lambda: app.set_timer(0.1, app.deliver_screenshot),
    )


def open_palette(app) -> None:
    """ctrl+p: the command palette, its search field worded in the run's language."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(CommandPalette(id="--command-palette", placeholder=_("Chercher une commande…")))
