"""What the school wrote, ready to show: Markdown for the detail views, the links it holds.

Service layer: the TUI and the command line ask here, never the protocol package. Homework,
lesson contents, messages and news keep their HTML exactly as sent (and a plain-text form); this
turns that HTML (or the plain text of a message written without formatting) into Markdown in which
everything the school typed shows as typed, links are ``http``, ``https`` or ``mailto`` only, and
no escape sequence is left (see :mod:`espace_parents_tui.pronote.parse.html`).
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models import Attachment

# The HTML helpers (and BeautifulSoup, ~70 ms to import) load on first use, not on the app's
# start path: the home screen paints before any school text is turned into Markdown.

__all__ = ["body_links", "body_markdown", "openable", "plain_markdown", "with_markdown"]


def body_markdown(html: str | None, text: str = "") -> str:
    """Markdown for a body: from its HTML when there is some, else from its plain text."""
    from espace_parents_tui.pronote.parse.html import html_to_markdown, text_to_markdown

    if html and html.strip():
        return html_to_markdown(html)
    return text_to_markdown(text)


def plain_markdown(text: str | None) -> str:
    """Plain text (a title, a name) as Markdown that shows it exactly as written."""
    from espace_parents_tui.pronote.parse.html import text_to_markdown

    return text_to_markdown(text)


def body_links(html: str | None) -> list[Attachment]:
    """The links of a body that may be opened, as link attachments (named by their text)."""
    from espace_parents_tui.pronote.parse.html import html_links

    return [Attachment(name=text, kind="link", url=href) for text, href in html_links(html)]


def openable(href: object) -> str | None:
    """``href`` when the app may offer to open it (``http``, ``https``, ``mailto``), else None."""
    from espace_parents_tui.pronote.parse.html import safe_href

    return safe_href(href)


def with_markdown(section: str | None, data: Any, value: Any) -> None:
    """Add the Markdown of each formatted text beside its plain text, in the JSON form of ``value``
    (``data``, from the cache's codec): homework descriptions, news texts (``show --json --markdown``)."""
    if section == "homework":
        for item, hw in zip(data, value, strict=True):
            item["description_markdown"] = body_markdown(hw.description_html, hw.description)
    elif section == "news":
        for item_data, item in zip(data["items"], value.items, strict=True):
            for question_data, question in zip(item_data["questions"], item.questions, strict=True):
                question_data["markdown"] = body_markdown(question.html, question.text)
