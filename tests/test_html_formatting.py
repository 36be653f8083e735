"""PRONOTE HTML as plain text and as Markdown: formatting kept, nothing hostile let through.

The fragments are written the way PRONOTE's editor writes them (divs and paragraphs with inline
styles, ``&nbsp;`` before French punctuation, nested lists, bordered tables, links opening a new
tab, pasted images); they are modelled on it, not recorded from a real server.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from espace_parents_tui.pronote.parse.html import (
    html_links,
    html_to_markdown,
    html_to_text,
    safe_href,
    text_to_markdown,
)
from espace_parents_tui.util.textsafe import is_clean
from hostile_school import ANSI, HOMEWORK_HTML, LONG, MARKUP, NEWS_HTML, OSC8, OSC52


def _parse(markdown: str):
    """Markdown as the app reads it: CommonMark and tables, no raw HTML, no autolinked text."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)


STYLED = (
    '<div style="font-family: Arial; font-size: 13px;"><span style="color: #ff0000;">'
    "<strong>Contr&ocirc;le</strong></span> jeudi&nbsp;: <em>tout</em> le chapitre&nbsp;3 "
    "&laquo;&nbsp;Fractions&nbsp;&raquo; &amp; les <u>exercices</u>.</div>"
)
NESTED = (
    "<ol><li>Lire le texte<ul><li>en entier</li><li>deux fois<ul><li>à voix haute</li></ul></li></ul>"
    "</li><li>Répondre aux questions</li></ol>"
)
TABLE = (
    '<table style="border-collapse: collapse; width: 100%;" border="1"><tbody>'
    "<tr><td>Jour</td><td>Travail</td></tr><tr><td>lundi</td><td>ex. 1 <b>et</b> 2</td></tr>"
    "<tr><td>jeudi</td><td>rédaction</td></tr></tbody></table>"
)


def test_inline_styles_and_entities():
    assert html_to_text(STYLED) == "Contrôle jeudi : tout le chapitre 3 « Fractions » & les exercices."
    assert html_to_markdown(STYLED) == (
        "**Contrôle** jeudi : *tout* le chapitre 3 « Fractions » \\& les exercices."
    )


def test_nested_lists():
    assert html_to_text(NESTED) == (
        "1. Lire le texte\n   • en entier\n   • deux fois\n     • à voix haute\n2. Répondre aux questions"
    )
    tokens = [t.type for t in _parse(html_to_markdown(NESTED))]
    assert tokens.count("ordered_list_open") == 1 and tokens.count("bullet_list_open") == 2
    assert tokens.count("list_item_open") == 5


def test_tables():
    assert html_to_text(TABLE) == "Jour | Travail\nlundi | ex. 1 et 2\njeudi | rédaction"
    assert html_to_markdown(TABLE) == (
        "| Jour | Travail |\n| --- | --- |\n| lundi | ex. 1 **et** 2 |\n| jeudi | rédaction |"
    )


def test_links_keep_only_http_https_and_mailto():
    html = (
        '<p><a href="https://college.example/fiche.pdf" target="_blank" rel="noopener">la fiche</a> '
        '<a href="mailto:prof@college.example">prof@college.example</a> '
        '<a href="javascript:alert(1)">piège</a> <a href="JaVa&#09;ScRipt:alert(1)">piège 2</a> '
        '<a href="data:text/html,&lt;b&gt;">données</a> <a href="/pronote/relatif">relatif</a> '
        '<a href="file:///etc/passwd">fichier</a></p>'
    )
    assert html_to_markdown(html) == (
        "[la fiche](https://college.example/fiche.pdf) [prof@college.example](mailto:prof@college.example) "
        "piège piège 2 données relatif fichier"
    )
    assert html_to_text(html) == (
        "la fiche (https://college.example/fiche.pdf) prof@college.example piège piège 2 données relatif fichier"
    )
    assert html_links(html) == [
        ("la fiche", "https://college.example/fiche.pdf"),
        ("prof@college.example", "mailto:prof@college.example"),
    ]
    assert safe_href("https://x.example/a b(c)") == "https://x.example/a b(c)"
    assert (
        html_to_markdown('<a href="https://x.example/a b(c)">t</a>') == "[t](https://x.example/a%20b%28c%29)"
    )
    for bad in ("//evil.example/x", "https:no-host", "vbscript:x", None, 3):
        assert safe_href(bad) is None


def test_an_image_is_its_alternative_text_and_never_an_address():
    html = '<p>Voir <img src="https://tracker.example/p.png" alt="le schéma" width="300" /> et <img src="x.png"></p>'
    assert html_to_text(html) == "Voir [image : le schéma] et [image]"
    markdown = html_to_markdown(html)
    assert markdown == "Voir \\[image : le schéma\\] et \\[image\\]"
    assert "tracker" not in markdown
    tokens = _parse(markdown)
    assert not [c for t in tokens for c in (t.children or []) if c.type == "image"]


def test_scripts_styles_and_embedded_things_never_show():
    html = (
        "<style>p{color:red}</style><script>alert(1)</script><p>texte</p><iframe src='https://e.example'>"
        "cadre</iframe><video src='https://e.example/v.mp4'>vidéo</video><object data='x'>obj</object>"
    )
    assert html_to_text(html) == "texte\n\nvidéo"
    assert html_to_markdown(html) == "texte\n\nvidéo"


def test_teacher_text_that_looks_like_markdown_or_markup_shows_as_typed():
    html = f"<p>*pas gras* _pas italique_ # pas un titre [x](javascript:1) &lt;b&gt; {MARKUP}</p>"
    markdown = html_to_markdown(html)
    rendered = "".join(c.content for t in _parse(markdown) for c in (t.children or []) if c.type == "text")
    assert rendered == html_to_text(html)
    assert (
        text_to_markdown("- pas une liste\n1. ni ça\n*ni ça*")
        == "\\- pas une liste  \n1\\. ni ça  \n\\*ni ça\\*"
    )


def test_hostile_html_is_cleaned_in_markdown_and_kept_in_plain_text():
    markdown = html_to_markdown(HOMEWORK_HTML)
    assert is_clean(markdown) and "ROUGE" in markdown and "Cliquez" in markdown
    assert "]52;" not in markdown and "evil.example/osc8" not in markdown
    assert LONG in markdown  # a 10,000-letter word is a word: the widgets wrap it
    plain = html_to_text(HOMEWORK_HTML)
    assert ANSI in plain and OSC52 in plain and OSC8 in plain  # data, cleaned where it is shown
    news = html_to_markdown(NEWS_HTML)
    assert "javascript" not in news and "data:image" not in news


def test_deep_nesting_and_long_lists_do_not_break():
    deep = "<div>" * 5000 + "fond" + "</div>" * 5000
    assert html_to_text(deep) == "fond" and html_to_markdown(deep) == "fond"
    many = "<ul>" + "".join(f"<li>point {i}</li>" for i in range(500)) + "</ul>"
    assert html_to_text(many).count("\n• ") == 499


@given(st.text(max_size=300))
def test_any_text_converts_and_the_markdown_is_clean(value):
    assert isinstance(html_to_text(value), str)
    assert is_clean(html_to_markdown(value))
    assert is_clean(text_to_markdown(value))
