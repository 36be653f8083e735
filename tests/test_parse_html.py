"""PRONOTE HTML becomes readable text, and never loses what the teacher wrote."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from espace_parents_tui.pronote.parse.html import html_to_text


def test_paragraphs_lists_links_and_entities():
    html = (
        "<div><p>Exercices <b>3</b> et 4 p.&nbsp;52</p><ul><li>Relire le cours</li><li>Apprendre "
        'la leçon</li></ul><p>Voir <a href="https://exemple.org/fiche">la fiche</a> &amp; le manuel.</p></div>'
    )
    assert html_to_text(html) == (
        "Exercices 3 et 4 p. 52\n\n• Relire le cours\n• Apprendre la leçon\n\n"
        "Voir la fiche (https://exemple.org/fiche) & le manuel."
    )


def test_line_breaks_and_scripts():
    assert (
        html_to_text("Ligne 1<br>Ligne 2<br/>Ligne 3<script>alert(1)</script>") == "Ligne 1\nLigne 2\nLigne 3"
    )


def test_plain_text_and_markup_lookalikes_are_kept():
    assert html_to_text("Maths [Groupe B] [/] [link=x]") == "Maths [Groupe B] [/] [link=x]"
    assert html_to_text("  ") == ""
    assert html_to_text(None) == ""


@given(st.text(max_size=200))
def test_never_raises(text):
    assert isinstance(html_to_text(text), str)
