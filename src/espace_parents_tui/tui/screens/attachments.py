"""Dialogs that list attachments, and what selecting one does.

A file is downloaded through the portal layer (:mod:`espace_parents_tui.service.actions.files`) and saved in
the download folder; the app says where. A link is never downloaded: the parent chooses to open it
in a browser (when this machine has a graphical one, or in the browser under textual-serve) or to
copy its address (OSC 52: the terminal puts it in the clipboard, which also works over SSH).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from espace_parents_tui.models import Attachment
from espace_parents_tui.service.actions import files as actions_files
from espace_parents_tui.service.formatted import openable
from espace_parents_tui.tui.screens.base import line, text
from espace_parents_tui.tui.widgets.formatted import FormattedText
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.textsafe import clean, clean_line

if TYPE_CHECKING:
    from espace_parents_tui.tui.screens.base import SectionView

DIALOG_CSS = """
    {name} {{ align: center middle; }}
    {name} > Vertical {{ width: 76; max-width: 100%; height: auto; max-height: 22;
        border: round $accent; background: $surface; padding: 0 1; }}
    {name} .dialog-title {{ text-style: bold; color: $accent; }}
    {name} .dialog-hint {{ color: $text-muted; }}
    {name} VerticalScroll {{ height: auto; max-height: 12; }}
    {name} > Vertical.formatted {{ height: 22; }}
    {name} > Vertical.formatted VerticalScroll {{ height: 1fr; max-height: 100%; }}
    {name} OptionList {{ height: auto; max-height: 6; }}
"""


def attachment_label(attachment: Attachment) -> Text:
    label = SafeText(no_wrap=True, overflow="ellipsis")
    if attachment.is_link:
        label.append(_("lien     "), style="cyan")
        label.append(clean_line(attachment.name or attachment.url or "lien"))
        if attachment.url and attachment.url != attachment.name:
            label.append(f"  {clean_line(attachment.url)}", style="dim")
    else:
        label.append(_("fichier  "), style="green")
        label.append(clean_line(attachment.name or "fichier"))
    return label


class AttachmentDialog(ModalScreen[None]):
    """A text (homework, lesson, event…) and its attachments; Enter on one downloads or opens it."""

    BINDINGS = [
        Binding("escape", "dismiss", _("Fermer"), id="dialog.close", tooltip=_("Fermer cette fenêtre")),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="AttachmentDialog")

    def __init__(
        self,
        title: str,
        body: Text,
        attachments: Sequence[Attachment] = (),
        on_pick: Callable[[Attachment], None] | None = None,
        *,
        markdown: str = "",
        links: Sequence[Attachment] = (),
    ) -> None:
        """``body`` (details, as Text) shows above ``markdown`` (the school's formatted text);
        ``links`` (the links of that text) are listed after the attachments that are not them."""
        super().__init__()
        self._title = title
        self._body = body
        self._markdown = markdown
        known = {a.url for a in attachments if a.is_link}
        self.attachments = list(attachments) + [link for link in links if link.url not in known]
        self._on_pick = on_pick

    def compose(self) -> ComposeResult:
        with Vertical(classes="formatted" if self._markdown else ""):
            yield Static(text(self._title), classes="dialog-title")
            with VerticalScroll(id="dialog-body"):
                yield Static(self._body)
                if self._markdown:
                    yield FormattedText(self._markdown, id="dialog-formatted")
            if self.attachments:
                yield Static(SafeText(_("Pièces jointes et liens"), style="bold"))
                yield OptionList(
                    *[Option(attachment_label(a)) for a in self.attachments], id="dialog-attachments"
                )
                hint = _("Entrée : télécharger (fichier) ou ouvrir/copier (lien) · Échap : fermer")
            else:
                hint = _("Échap : fermer")
            yield Static(SafeText(hint), classes="dialog-hint")

    def on_mount(self) -> None:
        if self.attachments:
            self.query_one(OptionList).focus()
        else:
            self.query_one("#dialog-body").focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not 0 <= event.option_index < len(self.attachments):
            return
        picked = self.attachments[event.option_index]
        if picked.is_link:
            open_link(self.app, picked)
        elif self._on_pick is not None:
            self._on_pick(picked)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        offer_link(self.app, event.href)


def browser_available(app: App) -> bool:
    """Whether ``open_url`` reaches a graphical browser (a console one would take over the terminal)."""
    if app.is_web:
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class LinkScreen(ModalScreen[str | None]):
    """A link: open it in the browser, or copy its address. Dismisses with "open", "copy" or None."""

    BINDINGS = [
        Binding("escape", "dismiss", _("Fermer"), id="link.close", tooltip=_("Fermer sans rien faire")),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="LinkScreen")

    def __init__(self, attachment: Attachment, *, can_open: bool) -> None:
        super().__init__()
        self.attachment = attachment
        self.can_open = can_open

    def compose(self) -> ComposeResult:
        url = self.attachment.url or ""
        with Vertical():
            yield Static(
                line(_("Lien : {value}").format(value=self.attachment.name or url)), classes="dialog-title"
            )
            yield Static(text(url))
            choices = []
            if self.can_open:
                choices.append(Option(SafeText(_("Ouvrir dans le navigateur")), id="open"))
            choices.append(Option(SafeText(_("Copier l'adresse dans le presse-papiers")), id="copy"))
            yield OptionList(*choices, id="link-choices")
            if not self.can_open:
                yield Static(
                    SafeText(_("Pas de navigateur graphique ici (session SSH ?) : copiez l'adresse.")),
                    classes="dialog-hint",
                )
            yield Static(SafeText(_("Un lien n'est pas téléchargé. Échap : fermer")), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


def offer_link(app: App, href: str) -> None:
    """A link clicked in the school's text: offered to open or copy, if it may be opened at all."""
    url = openable(href)
    if url is None:
        app.notify(_("Ce lien ne peut pas être ouvert (adresse non web)."), severity="warning", markup=False)
        return
    open_link(app, Attachment(name=url, kind="link", url=url))


def open_link(app: App, attachment: Attachment) -> None:
    """Offer to open or copy a link (only http, https and mailto), and say what was done."""
    url = clean(attachment.url or "")
    if not url:
        app.notify(_("Ce lien n'a pas d'adresse."), severity="warning", markup=False)
        return
    if openable(url) is None:
        app.notify(
            _("Ce lien ne peut pas être ouvert (adresse non web) :\n{url}").format(url=url),
            severity="warning",
            markup=False,
        )
        return

    def chosen(choice: str | None) -> None:
        if choice == "open":
            app.open_url(url)
            app.notify(
                _("Ouverture demandée au navigateur :\n{url}").format(url=url), title=_("Lien"), markup=False
            )
        elif choice == "copy":
            app.copy_to_clipboard(url)
            app.notify(
                _("Adresse copiée dans le presse-papiers (si le terminal accepte OSC 52) :\n{url}").format(
                    url=url
                ),
                title=_("Lien"),
                markup=False,
            )

    app.push_screen(LinkScreen(attachment, can_open=browser_available(app)), chosen)


def run_download(app: App, name: str, job: Callable[[], Any]) -> None:
    """Run a download in an app worker (failures reach the app's one error handler) and say where."""

    async def download() -> None:
        app.notify(clean_line(_("Téléchargement de « {name} »…").format(name=name)), markup=False, timeout=3)
        path = await job()
        app.notify(
            clean(_("Enregistré dans :\n{path}").format(path=path)),
            title=_("Fichier téléchargé"),
            markup=False,
            timeout=10,
        )

    app.run_worker(
        download(), group="download", exit_on_error=False, description=f"download {clean_line(name)}"
    )


def open_attachment(
    view: SectionView, section: str, scope: str, attachment: Attachment, owner: Any = None
) -> None:
    """What selecting an attachment does: a file is downloaded, a link is offered to open or copy."""
    if attachment.is_link:
        open_link(view.app, attachment)
        return
    portal, child = view.portal, view.child
    if portal is None:
        return
    run_download(
        view.app,
        attachment.name,
        lambda: actions_files.download_attachment(portal, section, child, scope, attachment, owner=owner),
    )
