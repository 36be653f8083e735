"""Choosing a file from the keyboard, at 80×24 too: a path field that completes (Tab, or → at the
end of the line) and, with ctrl+o, a folder tree to pick from.

The tree shows folders and the files the school takes (PDF and images); hidden entries are left
out. Presentation only: the file is read and checked by the action that sends it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input, Static

from espace_parents_tui.service.actions.uploads import ACCEPTED_EXTENSIONS
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _


class PathSuggester(Suggester):
    """Completes the last part of a path with the first entry of its folder that starts with it."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if (
                name.startswith(prefix)
                and name != prefix
                and (prefix.startswith(".") or not name.startswith("."))
            ):
                completed = os.path.join(folder, name)
                if os.path.isdir(completed):
                    completed += os.sep
                # Keep what was typed ("~/Doc…") and add only the rest.
                return value + completed[len(expanded) :]
        return None


class PathInput(Input):
    """A path field: Tab takes the suggested completion (and moves on when there is none)."""

    BINDINGS = [Binding("tab", "complete", _("Compléter"), show=False, id="path.complete")]

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value, suggester=PathSuggester(), compact=True, **kwargs)

    def action_complete(self) -> None:
        if self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()


class DocumentTree(DirectoryTree):
    """Folders and the files the school takes; no hidden entries."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        for path in paths:
            if path.name.startswith("."):
                continue
            if path.is_dir() or path.suffix.lower().lstrip(".") in ACCEPTED_EXTENSIONS:
                yield path


def start_folder(current: str) -> Path:
    """Where the tree opens: the folder of the path typed so far, else the home folder."""
    if current:
        typed = Path(os.path.expanduser(current))
        for candidate in (typed, typed.parent):
            if candidate.is_dir():
                return candidate
    return Path.home()


class FilePickerScreen(ModalScreen[str | None]):
    """A folder tree and a path field; Entrée on a file (or a typed path) chooses it."""

    BINDINGS = [
        Binding("escape", "cancel", _("Annuler"), id="picker.cancel", tooltip=_("Fermer sans choisir")),
        Binding(
            "ctrl+u", "parent", _("Dossier parent"), id="picker.parent", tooltip=_("Remonter d'un dossier")
        ),
    ]
    DEFAULT_CSS = """
    FilePickerScreen { align: center middle; }
    FilePickerScreen > Vertical { width: 100%; max-width: 90; height: 100%; max-height: 24;
        border: round $accent; background: $surface; padding: 0 1; }
    FilePickerScreen .dialog-title { text-style: bold; color: $accent; height: 1; }
    FilePickerScreen .dialog-hint { color: $text-muted; height: 1; }
    FilePickerScreen DocumentTree { height: 1fr; }
    """

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.folder = start_folder(current)
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(SafeText(_("Choisir un fichier (PDF ou image)")), classes="dialog-title")
            yield PathInput(self._current or str(self.folder) + os.sep, id="picker-path")
            yield DocumentTree(self.folder, id="picker-tree")
            yield Static(
                SafeText(_("Entrée : choisir · Tab : compléter · ctrl+u : dossier parent · Échap : annuler")),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(DocumentTree).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_parent(self) -> None:
        self._open_folder(self.folder.parent)

    def _open_folder(self, folder: Path) -> None:
        self.folder = folder
        tree = self.query_one(DocumentTree)
        tree.path = folder
        self.query_one(PathInput).value = str(folder) + os.sep

    @on(DirectoryTree.FileSelected)
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(str(event.path))

    @on(DirectoryTree.DirectorySelected)
    def _folder_highlighted(self, event: DirectoryTree.DirectorySelected) -> None:
        event.stop()
        self.query_one(PathInput).value = str(event.path) + os.sep

    @on(Input.Submitted, "#picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        path = Path(os.path.expanduser(event.value.strip()))
        if path.is_dir():
            self._open_folder(path)
            self.query_one(DocumentTree).focus()
        elif path.is_file():
            self.dismiss(str(path))
        else:
            self.notify(
                _("Aucun fichier ni dossier : {path}").format(path=path), severity="warning", markup=False
            )
