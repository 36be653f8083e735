"""The school's formatted text (homework, lesson contents, messages, news) in a Markdown widget.

The Markdown comes from :mod:`espace_parents_tui.service.formatted`, already escaped and cleaned. The parser
here reads CommonMark with tables and strikethrough only: no raw HTML, no image (an image in the
source would be fetched on click), no text turned into a link by itself. Links never open by
themselves: a click posts ``Markdown.LinkClicked`` to the screen, which offers to open or copy the
address (and only for ``http``, ``https`` and ``mailto``).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from textual.widgets import Markdown


def markdown_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    return parser.enable(["table", "strikethrough"]).disable(["image", "html_inline", "html_block"])


class FormattedText(Markdown):
    """Read-only formatted text, compact enough for an 80×24 dialog."""

    DEFAULT_CSS = """
    FormattedText { padding: 0; margin: 0; background: transparent; }
    FormattedText MarkdownH1, FormattedText MarkdownH2, FormattedText MarkdownH3,
    FormattedText MarkdownH4, FormattedText MarkdownH5, FormattedText MarkdownH6 {
        margin: 0 0 1 0; content-align: left top; width: 1fr;
    }
    FormattedText MarkdownTable { margin: 0 0 1 0; }
    FormattedText MarkdownTableContent { grid-gutter: 0 1; keyline: none; border: round $foreground 30%; }
    FormattedText MarkdownList MarkdownList { margin: 0; }
    FormattedText MarkdownList MarkdownParagraph { margin: 0; }
    FormattedText MarkdownBlockQuote { margin: 0 0 1 0; }
    """

    def __init__(self, markdown: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(markdown, id=id, classes=classes, parser_factory=markdown_parser, open_links=False)
