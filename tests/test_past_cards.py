"""Previous years' report cards through tabs 227/228 (``BulletinAnneesPrec_Note`` /
``_Competence``): ``DocumentsATelecharger`` with ``avecNotes`` / ``avecCompetences`` lists
``listeBulletinsBIA``, the PDF is ``GenerationPDF`` 12 from that tab. Where the school does not
offer those tabs, the past report cards come from the suivi pluriannuel (tab 44) as before."""

from __future__ import annotations

import base64

import pytest

from espace_parents_tui.models.records import PastReportCard, SchoolRecord, SchoolYearRecord
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.parse.records import parse_bia_cards, with_bia_cards
from espace_parents_tui.pronote.tabs import TAB_PAST_CARDS_COMPETENCES, TAB_PAST_CARDS_NOTES, TAB_RECORD
from espace_parents_tui.service.actions.records import download_past_report_card
from test_records import fresh, logged_in, portal_on


def pdf_of(school, card) -> bytes:
    return base64.b64decode(school.document(card.document).data)


async def test_the_notes_tab_lists_the_childs_past_report_cards_with_every_field():
    async with logged_in() as (school, client):
        raw = await client.call(
            "DocumentsATelecharger", {"avecNotes": True}, tab=TAB_PAST_CARDS_NOTES, child="MARTIN Léa"
        )
        entries = raw["listeBulletinsBIA"]["V"]
        lea = school.child("lea")
        assert len(entries) == sum(len(y.report_cards) for y in lea.past_years) == 6
        first = entries[0]
        assert set(first) >= {
            "annee",
            "nomFichier",
            "ident",
            "libelle",
            "libelleAnnee",
            "libelleClasse",
            "libellePeriodeNotation",
            "debutPeriodeNotation",
        }
        assert (first["annee"], first["libelleAnnee"], first["libelleClasse"]) == (2024, "2024-2025", "6e B")
        assert first["debutPeriodeNotation"]["V"].endswith("/2024")
        # The competences tab lists the other kind only: none in the demo school.
        raw = await client.call(
            "DocumentsATelecharger",
            {"avecCompetences": True},
            tab=TAB_PAST_CARDS_COMPETENCES,
            child="MARTIN Léa",
        )
        assert raw["listeBulletinsBIA"]["V"] == []
        # Hugo arrived this year: nothing, and never Léa's.
        raw = await client.call(
            "DocumentsATelecharger", {"avecNotes": True}, tab=TAB_PAST_CARDS_NOTES, child="MARTIN Hugo"
        )
        assert raw["listeBulletinsBIA"]["V"] == []


async def test_the_server_refuses_a_call_without_its_flag_or_a_tab_not_opened():
    async with logged_in() as (_school, client):
        with pytest.raises(errors.PageUnavailable):
            await client.call(
                "DocumentsATelecharger",
                {"avecCompetences": True},
                tab=TAB_PAST_CARDS_NOTES,
                child="MARTIN Léa",
            )
        with pytest.raises(errors.PageUnavailable):
            await client.call(
                "DocumentsATelecharger",
                {"avecNotes": True},
                tab=TAB_PAST_CARDS_COMPETENCES,
                child="MARTIN Léa",
            )
        documents = await client.call(
            "DocumentsATelecharger", {"avecNotes": True, "avecCompetences": True}, tab=148, child="MARTIN Léa"
        )
        assert "listeNaturesDocumentsAFournir" in documents  # tab 148 answers as before
    school = fresh()
    school.extra_tabs = [44, 83]
    async with logged_in(school) as (_school, client):
        with pytest.raises(errors.AccessDenied):
            await client.call(
                "DocumentsATelecharger", {"avecNotes": True}, tab=TAB_PAST_CARDS_NOTES, child="MARTIN Léa"
            )


async def test_the_record_takes_its_past_cards_from_the_previous_years_pages_and_their_pdf_from_there():
    async with logged_in() as (school, client):
        record = await client.school_record("MARTIN Léa")
        assert record.cards_source == "bia"
        cards = record.report_cards()
        assert [(c.year, c.period, c.tab, c.class_name) for c in cards[:2]] == [
            ("2024-2025", "Trimestre 1", TAB_PAST_CARDS_NOTES, "6e B"),
            ("2024-2025", "Trimestre 2", TAB_PAST_CARDS_NOTES, "6e B"),
        ]
        assert len(cards) == 6
        wanted = school.child("lea").past_years[1].report_cards[0]
        assert await client.past_report_card_pdf("MARTIN Léa", cards[3]) == pdf_of(school, wanted)
        # Hugo cannot ask for Léa's card, whatever the tab.
        with pytest.raises(errors.PageUnavailable):
            await client.past_report_card_pdf("MARTIN Hugo", cards[3])


async def test_without_tabs_227_228_the_cards_come_from_the_suivi():
    school = fresh()
    school.extra_tabs = [44, 83]
    async with logged_in(school) as (_school, client):
        record = await client.school_record("MARTIN Léa")
        assert record.cards_source == "suivi"
        cards = record.report_cards()
        assert len(cards) == 6 and {c.tab for c in cards} == {TAB_RECORD}
        wanted = school.child("lea").past_years[0].report_cards[2]
        assert await client.past_report_card_pdf("MARTIN Léa", cards[2]) == pdf_of(school, wanted)


async def test_a_competences_card_is_listed_and_downloaded_from_tab_228(world):
    school = fresh()
    card = school.child("lea").past_years[0].report_cards[2]
    card.kind = "competences"
    async with portal_on(school) as portal:
        await portal.sync()
        lea = portal.children()[0]
        record = portal.read("record", lea).value
        tabs = {(c.year, c.period): c.tab for c in record.report_cards()}
        assert tabs[("2024-2025", "Trimestre 3")] == TAB_PAST_CARDS_COMPETENCES
        assert tabs[("2024-2025", "Trimestre 1")] == TAB_PAST_CARDS_NOTES
        assert len(tabs) == 6
        path = await download_past_report_card(portal, lea, "2024-2025", "Trimestre 3")
        assert path.read_bytes() == pdf_of(school, card)


async def test_the_portal_downloads_through_the_suivi_when_the_school_has_no_previous_years_page(world):
    school = fresh()
    school.extra_tabs = [44]
    async with portal_on(school) as portal:
        await portal.sync()
        lea = portal.children()[0]
        assert portal.read("record", lea).value.cards_source == "suivi"
        path = await download_past_report_card(portal, lea, "2025-2026", "Trimestre 1")
        assert path.read_bytes() == pdf_of(school, school.child("lea").past_years[1].report_cards[0])


def test_bia_cards_go_to_their_school_year_and_a_year_the_suivi_lacks_gets_its_own():
    record = SchoolRecord(
        years=(
            SchoolYearRecord("2024-2025", "6e B", report_cards=(PastReportCard(None, "T1", "2024-2025"),)),
            SchoolYearRecord("2026-2027", "4e B"),
        )
    )
    cards = parse_bia_cards(
        {
            "listeBulletinsBIA": {
                "_T": 24,
                "V": [
                    {
                        "libelleAnnee": "2024/2025",
                        "libellePeriodeNotation": "Semestre 1",
                        "nomFichier": "a.pdf",
                        "ident": "a",
                    },
                    {"annee": 2023, "libelle": "Bulletin annuel", "libelleClasse": "CM2", "ident": "b"},
                ],
            }
        },
        TAB_PAST_CARDS_NOTES,
    )
    merged = with_bia_cards(record, cards)
    assert merged.cards_source == "bia"
    assert [(y.year, y.classes, [c.period for c in y.report_cards]) for y in merged.years] == [
        ("2023-2024", "CM2", ["Bulletin annuel"]),
        ("2024-2025", "6e B", ["Semestre 1"]),  # the suivi's own card is replaced
        ("2026-2027", "4e B", []),
    ]
    assert parse_bia_cards({}, TAB_PAST_CARDS_NOTES) == []


async def test_a_school_with_the_previous_years_pages_but_no_suivi_shows_the_past_cards(world):
    """Tabs 227/228 without tab 44: the record is those cards in their school years, no averages,
    the suivi never asked; the section is offered and a card downloads from its tab."""
    school = fresh()
    school.extra_tabs = [227, 228]
    async with portal_on(school) as portal:
        await portal.sync()
        lea, hugo = portal.children()
        assert TAB_RECORD not in portal.snapshot().account.tabs
        record = portal.read("record", lea).value
        assert record.offered and record.cards_source == "bia" and portal.offers("record", lea)
        assert [(y.year, y.classes) for y in record.years] == [("2024-2025", "6e B"), ("2025-2026", "5e B")]
        assert all(not y.subjects for y in record.years)  # no averages without the suivi
        assert len(record.report_cards()) == 6
        path = await download_past_report_card(portal, lea, "2025-2026", "Trimestre 1")
        assert path.read_bytes() == pdf_of(school, school.child("lea").past_years[1].report_cards[0])
        # Hugo has no past year: nothing offered, not an empty section.
        assert not portal.offers("record", hugo)
    school = fresh()
    school.extra_tabs = [83]  # neither the suivi nor the previous years' pages: not asked at all
    async with portal_on(school) as portal:
        await portal.sync()
        assert portal.read("record", portal.children()[0]) is None


def test_show_record_lists_only_the_cards_when_there_are_no_averages():
    from rich.console import Console

    from espace_parents_tui.cli.render_records import render_record

    card = PastReportCard(None, "Trimestre 1", "2024-2025", tab=TAB_PAST_CARDS_NOTES)
    record = SchoolRecord(
        years=(SchoolYearRecord("2024-2025", "6e B", report_cards=(card,)),), cards_source="bia"
    )
    console = Console(width=80, record=True)
    console.print(render_record(record, "Parcours"))
    shown = console.export_text()
    assert "Trimestre 1" in shown and "2024-2025" in shown
    assert "Moyenne générale" not in shown  # no table of averages with nothing in it


async def test_a_bundle_of_a_school_without_the_suivi_replays_its_past_cards(world, tmp_path):
    from espace_parents_tui.service.support.bundle import make_bundle
    from espace_parents_tui.store import codec
    from espace_parents_tui.wiring.replay import replay_portal

    school = fresh()
    school.extra_tabs = [227]
    async with portal_on(school) as portal:
        await portal.sync()
        lea = portal.children()[0]
        original = codec.to_jsonable(portal.read("record", lea).value)
        make_bundle(portal, tmp_path / "b.zip", app_version="test")
    async with replay_portal(tmp_path / "b.zip", cache_dir=tmp_path / "replay") as replay:
        await replay.sync()
        assert TAB_RECORD not in replay.snapshot().account.tabs
        cached = replay.read("record", replay.child(lea.name))
        assert cached is not None
        replayed = codec.to_jsonable(cached.value)

    def without_ids(value):
        if isinstance(value, dict):
            return {k: without_ids(v) for k, v in value.items() if k != "id"}
        return [without_ids(v) for v in value] if isinstance(value, list) else value

    assert without_ids(replayed) == without_ids(original)
    assert len(original["years"]) == 2
