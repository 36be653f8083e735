"""PRONOTE's HTML (homework, lesson contents, messages, news) as plain text and as Markdown.

BeautifulSoup parses the HTML and markdownify walks it; the converters below only say what each
element becomes:

- :func:`html_to_text`: readable plain text, for the models' ``description``/``text``, one-line list
  views, the command line's tables and ``--json``: paragraphs and line breaks are new lines, list
  items "• " lines (nested ones indented), table rows "a | b", links "texte (https://…)", an image
  its alternative text "[image : …]", entities decoded; styles, scripts and other tags go.
- :func:`html_to_markdown`: the same content as Markdown (bold, lists, tables, links), for the
  detail views: everything the teacher typed is escaped so that it shows as typed.

The HTML is data from the school. Links keep their address only for ``http``, ``https`` and
``mailto`` (:func:`safe_href`; ``javascript:``, ``data:``, ``file:`` and relative addresses lose
it and stay text); an image is never an image, only its alternative text, so nothing is fetched;
the Markdown is cleaned of escape sequences and control characters before and after conversion
(:func:`espace_parents_tui.util.textsafe.clean`). The plain text is kept as the server wrote it (control
characters included): it is data, which whoever shows it cleans.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from markdownify import ATX, MarkdownConverter, chomp

from espace_parents_tui.util.textsafe import clean

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_JUNK = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Characters that would end a Markdown link's address or start raw HTML: percent-encoded.
_URL_ESCAPES = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C", "`": "%60"}
# Elements whose content is never shown: code, styles, embedded things, forms.
_DROPPED = ("script", "style", "head", "title", "template", "iframe", "object", "embed", "svg", "noscript")


def safe_href(href: object) -> str | None:
    """The address of a link when it may be opened (``http``, ``https``, ``mailto``), else None."""
    if not isinstance(href, str):
        return None
    address = _URL_JUNK.sub("", href).strip()  # as browsers do: "java\tscript:" is javascript:
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return address


def _image_label(alt: object) -> str:
    alt = " ".join(str(alt or "").split())
    return f"[image : {alt}]" if alt else "[image]"


class _Base(MarkdownConverter):
    """What both converters share: nothing dropped shows, media are never links."""

    def convert_script(self, el, text, parent_tags):
        return ""

    convert_style = convert_head = convert_title = convert_template = convert_script
    convert_iframe = convert_object = convert_embed = convert_svg = convert_noscript = convert_script

    def convert_video(self, el, text, parent_tags):
        return text

    convert_audio = convert_picture = convert_video


class _Markdown(_Base):
    class Options:
        heading_style = ATX
        bullets = "-*+"
        escape_misc = True
        autolinks = False
        table_infer_header = True

    def convert_a(self, el, text, parent_tags):
        prefix, suffix, text = chomp(text)
        if not text:
            return ""
        href = safe_href(el.get("href"))
        if href is None or "_noformat" in parent_tags:
            return f"{prefix}{text}{suffix}"
        address = "".join(_URL_ESCAPES.get(c, c) for c in href)
        return f"{prefix}[{text}]({address}){suffix}"

    def convert_img(self, el, text, parent_tags):
        return self.escape(_image_label(el.get("alt")), parent_tags)


class _Plain(_Base):
    class Options:
        bullets = "•"
        escape_asterisks = False
        escape_underscores = False
        escape_misc = False
        newline_style = "spaces"

    def _inline(self, el, text, parent_tags):
        return text

    convert_b = convert_strong = convert_em = convert_i = convert_u = _inline
    convert_del = convert_s = convert_code = convert_kbd = convert_samp = convert_sub = convert_sup = _inline
    convert_mark = convert_small = convert_big = convert_span = convert_font = _inline

    def convert_a(self, el, text, parent_tags):
        prefix, suffix, text = chomp(text)
        href = safe_href(el.get("href"))
        if not text:
            return f"{prefix}{href or ''}{suffix}"
        if href is None or href == text or href == f"mailto:{text}":
            return f"{prefix}{text}{suffix}"
        return f"{prefix}{text} ({href}){suffix}"

    def convert_img(self, el, text, parent_tags):
        return _image_label(el.get("alt"))

    def convert_br(self, el, text, parent_tags):
        return " " if "_inline" in parent_tags else "\n"

    def convert_hN(self, n, el, text, parent_tags):
        return text if "_inline" in parent_tags else f"\n\n{text.strip()}\n\n"

    def convert_hr(self, el, text, parent_tags):
        return "\n\n"

    def convert_pre(self, el, text, parent_tags):
        return f"\n\n{text.strip(chr(10))}\n\n" if text else ""

    def convert_td(self, el, text, parent_tags):
        return " | " + " ".join(text.split())

    convert_th = convert_td

    def convert_tr(self, el, text, parent_tags):
        return text.removeprefix(" | ") + "\n"

    def convert_table(self, el, text, parent_tags):
        return f"\n\n{text.strip()}\n\n"


_PLAIN = _Plain()
_MARKDOWN = _Markdown()


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\xa0", " ").replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n").strip()


def html_to_text(html: str | None) -> str:
    """Readable text from PRONOTE HTML; plain text passes through unchanged (but trimmed)."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return html.strip()
    soup = _soup(html)
    try:
        return _tidy(_PLAIN.convert_soup(soup))
    except RecursionError:  # thousands of nested elements: the text alone, a line per block
        return _tidy(soup.get_text("\n"))


def html_to_markdown(html: str | None) -> str:
    """Markdown for PRONOTE HTML (see the module's doc): safe links, no image, nothing raw."""
    if not html:
        return ""
    soup = _soup(clean(html))
    try:
        markdown = _MARKDOWN.convert_soup(soup)
    except RecursionError:
        markdown = text_to_markdown(soup.get_text("\n"))
    return clean(_tidy(markdown))


def text_to_markdown(text: str | None) -> str:
    """Plain text (a message written without formatting) as Markdown that shows it as written."""
    if not text or not text.strip():
        return ""
    paragraphs = [p for p in re.split(r"\n\s*\n", clean(text).replace("\r", "")) if p.strip()]
    escaped = (
        "  \n".join(_MARKDOWN.escape(" ".join(line.split()), set()) for line in p.strip().split("\n"))
        for p in paragraphs
    )
    return "\n\n".join(escaped)


def html_links(html: str | None) -> list[tuple[str, str]]:
    """The links of PRONOTE HTML that may be opened, as (text, address), in order, once each."""
    if not html or "<a" not in html.lower():
        return []
    links: dict[str, str] = {}
    for anchor in _soup(clean(html)).find_all("a", href=True):
        href = safe_href(anchor.get("href"))
        if href is not None and href not in links:
            links[href] = " ".join(anchor.get_text(" ").split()) or href
    return [(text, href) for href, text in links.items()]
