"""The livret scolaire (tab 83), end to end: the demo school's data, the emulated server's page and
its refusals (tab not opened, a pupil that is not the signed child, a class not in the child's
history), the protocol client, the portal (no livret offered where the school has none or does not
open the tab), ``show livret`` with ``--json`` and the school-file checks."""

from __future__ import annotations

import json

import pytest

from espace_parents_tui.demo.school import LIVRET_LEVELS, LivretCompetence, SchoolFileError
from espace_parents_tui.demo.school.fileformat import school_from_json, school_to_json
from espace_parents_tui.models.livret import Livret, LivretSubject, LivretYear
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.parse.livret import parse_livret_year
from espace_parents_tui.pronote.tabs import TAB_LIVRET
from test_records import BASE, fresh, logged_in, portal_on, run  # noqa: F401  (run: a fixture)

LEVEL = {name: index + 1 for index, name in enumerate(LIVRET_LEVELS)}


def test_lea_has_a_livret_for_each_class_and_hugo_for_this_year_only():
    lea, hugo = BASE.children
    assert [(y.year, y.class_name) for y in lea.livret] == [
        ("2024-2025", "6e B"),
        ("2025-2026", "5e B"),
        ("2026-2027", "4e B"),
    ]
    assert all(y.published and y.domains and y.appreciation for y in lea.livret[:2])
    assert lea.livret[-1].published is None and lea.livret[-1].domains == []  # still being written
    assert all(s.competences for y in lea.livret for s in y.subjects)
    assert [(y.year, y.class_name) for y in hugo.livret] == [("2026-2027", "6e A")]
    assert 83 in BASE.extra_tabs


async def test_the_client_reads_every_class_of_the_childs_history():
    async with logged_in() as (school, client):
        lea = school.child("lea")
        assert [(c.name, c.current) for c in client.current_child("MARTIN Léa").classes] == [
            ("6e B", False),
            ("5e B", False),
            ("4e B", True),
        ]
        livret = await client.livret("MARTIN Léa")
        assert livret.offered
        assert [(y.year, y.class_name) for y in livret.years] == [(y.year, y.class_name) for y in lea.livret]
        for ours, theirs in zip(livret.years, lea.livret, strict=True):
            assert [
                (s.subject, s.appreciation, [(c.name, c.level) for c in s.competences]) for s in ours.subjects
            ] == [
                (s.subject, s.appreciation, [(c.name, LEVEL[c.level]) for c in s.competences])
                for s in theirs.subjects
            ]
            assert [(d.name, d.level) for d in ours.domains] == [
                (d.name, LEVEL[d.level]) for d in theirs.domains
            ]
            assert ours.appreciation == theirs.appreciation
        assert livret.years[0].publication == "Livret publié le 03/07/2025"
        assert livret.years[-1].publication == "Livret en cours de saisie"
        history = livret.history("ESPAGNOL LV2")  # LV2 starts in 5e
        assert history[0][1] is None and history[1][1] is not None
        hugo = await client.livret("MARTIN Hugo")
        assert [y.class_name for y in hugo.years] == ["6e A"]


async def test_the_server_refuses_the_livret_when_the_tab_is_not_opened():
    school = fresh()
    school.extra_tabs = [t for t in school.extra_tabs if t != TAB_LIVRET]
    async with logged_in(school) as (_school, client):
        assert TAB_LIVRET not in client.account.tabs
        with pytest.raises(errors.AccessDenied):
            await client.livret("MARTIN Léa")


async def test_the_server_refuses_another_pupil_and_a_class_not_in_the_childs_history():
    async with logged_in() as (_school, client):
        lea, hugo = client.current_child("MARTIN Léa"), client.current_child("MARTIN Hugo")

        async def ask(klass: str, pupil: str) -> dict:
            data = {"Classe": {"N": klass}, "AvecDonneesClasse": True, "Eleve": {"N": pupil}}
            return await client.call("LivretScolaire", data, tab=TAB_LIVRET, child="MARTIN Léa")

        assert parse_livret_year(await ask(lea.classes[0].id, lea.id)).class_name == "6e B"
        with pytest.raises(errors.AccessDenied):
            await ask(lea.classes[0].id, hugo.id)  # Hugo's livret under Léa's name
        with pytest.raises(errors.AccessDenied):
            await ask(lea.classes[0].id, "4#forged-another-familys-child")
        with pytest.raises(errors.PageUnavailable):
            await ask(hugo.classes[0].id, lea.id)  # Hugo's class: not one of Léa's
        with pytest.raises(errors.PageUnavailable):
            await ask("23#not-a-class", lea.id)


async def test_a_class_without_a_livret_gets_the_servers_message():
    school = fresh()
    school.child("lea").livret = school.child("lea").livret[1:]  # nothing kept for 6e B
    school.child("hugo").livret = []
    async with logged_in(school) as (_school, client):
        livret = await client.livret("MARTIN Léa")
        assert [y.class_name for y in livret.years] == ["5e B", "4e B"]
        hugo = await client.livret("MARTIN Hugo")
        assert not hugo.offered and hugo.years == () and "Aucun livret" in hugo.message


def test_the_parser_reads_a_message_only_answer_and_tolerates_missing_guessed_fields():
    assert parse_livret_year({"Message": "Rien"}) is None
    year = parse_livret_year({"strInfoDatePublication": "Publié", "listeServices": [{"L": "MATHS"}]}, "5e B")
    assert year == LivretYear(
        year="", class_name="5e B", publication="Publié", subjects=(LivretSubject("MATHS"),)
    )
    levels = parse_livret_year(
        {
            "listeNiveaux": [{"G": 9, "L": "Niveau inconnu"}],
            "listeServices": [{"L": "X", "listeCompetences": [{"L": "C", "niveau": {"G": 9}}]}],
        }
    )
    assert levels.subjects[0].competences[0].level == 9
    assert levels.subjects[0].competences[0].level_label == "Niveau inconnu"


async def test_the_portal_offers_the_livret_only_where_the_school_has_one(world):
    school = fresh()
    school.child("hugo").livret = []
    async with portal_on(school) as portal:
        await portal.sync()
        lea, hugo = portal.children()
        assert portal.offers("livret", lea) and not portal.offers("livret", hugo)
        assert isinstance(portal.read("livret", lea).value, Livret)
    school = fresh()
    school.extra_tabs = [t for t in school.extra_tabs if t != TAB_LIVRET]
    async with portal_on(school) as portal:
        report = await portal.sync()
        assert report.problems == []  # never asked
        lea = portal.children()[0]
        assert portal.read("livret", lea) is None and not portal.offers("livret", lea)


def test_show_livret_json_has_each_class_and_the_competences_over_the_years(run):  # noqa: F811
    code, out = run("show", "livret", "--child", "Léa", "--json")
    assert code == 0, out.err
    payload = json.loads(out.out)
    years = payload["data"]["years"]
    assert [y["class_name"] for y in years] == ["6e B", "5e B", "4e B"]
    maths = [next(s for s in y["subjects"] if s["subject"] == "MATHÉMATIQUES") for y in years]
    assert all(len(m["competences"]) == 3 and m["competences"][0]["level"] in (1, 2, 3, 4) for m in maths)
    code, out = run("show", "livret", "--child", "Léa")
    assert code == 0, out.err
    flat = " ".join(out.out.replace("│", " ").split())
    assert "Compétences sur les années" in flat and "6e B (2024-2025)" in flat and "Chercher et" in flat


def test_the_school_file_checks_the_livret():
    school = fresh()
    school.child("lea").livret[0].subjects[0].competences.append(LivretCompetence("Oral", "excellent"))
    school.child("lea").livret[1].year = "2025"
    with pytest.raises(SchoolFileError) as refused:
        school_from_json(json.loads(json.dumps(school_to_json(school))))
    message = str(refused.value)
    assert "children[0].livret[0].subjects[0].competences[3]" in message and "tres_bonne" in message
    assert "et 1 autre(s) problème(s)" in message  # the year "2025"
    assert (
        school_from_json(json.loads(json.dumps(school_to_json(fresh())))).child("lea").livret
        == BASE.child("lea").livret
    )


async def test_debug_parse_reads_a_livret_answer(tmp_path, capsys):
    from espace_parents_tui.cli.main import main

    async with logged_in() as (_school, client):
        lea = client.current_child("MARTIN Léa")
        data = {"Classe": {"N": lea.classes[1].id}, "AvecDonneesClasse": True, "Eleve": {"N": lea.id}}
        answer = await client.call("LivretScolaire", data, tab=TAB_LIVRET, child="MARTIN Léa")
    path = tmp_path / "LivretScolaire.json"
    path.write_text(json.dumps({"nom": "LivretScolaire", "data": answer}), encoding="utf-8")
    assert main(["debug", "parse", "LivretScolaire", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    parsed = json.loads(out)
    assert parsed["class_name"] == "5e B" and parsed["year"] == "2025-2026" and len(parsed["domains"]) == 6


def test_a_real_accounts_class_history_is_read(pronote_real):
    from espace_parents_tui.pronote.parse import parse_user_account

    raw = json.loads((pronote_real / "ParametresUtilisateur/parent-two-children.json").read_text())["data"]
    children = parse_user_account(raw).children
    # The recorded servers list only this year's class: the livret then asks for that one only.
    assert [[(c.name, c.current) for c in child.classes] for child in children][0] == [("3A", True)]
    assert all(c.id.startswith("23#") for child in children for c in child.classes)
