"""A bare Textual app that paints one label: the floor the startup benchmark compares against."""

import json
import os
import time

from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Label("Bonjour")

    def on_mount(self) -> None:
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        with open(os.environ["ESPACE_PARENTS_STARTUP_REPORT"], "w", encoding="utf-8") as handle:
            json.dump({"first_paint_s": time.time() - float(os.environ["ESPACE_PARENTS_T0"])}, handle)
        self.exit()


if __name__ == "__main__":
    Bare().run()
