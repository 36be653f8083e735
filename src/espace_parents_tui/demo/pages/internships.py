"""Internships (tab 42) and the company list (tab 101), parent-features.md §7.

- ``PageStage.General`` with ``{Eleve: {N}}``: ``Stages[{N, L, sujet, dateDebut, dateFin,
  entreprise{N, L}}]``, ``Evenements``, ``Lieux``, ``Sujets``; a child with no internship gets
  ``{Message}`` only (inferred).
- ``PageAppreciationFinDeStage`` with ``{eleve: {N}, stage: {N}}``: ``stage{…}`` with
  ``maitreDeStage{L}``, ``referents[{L}]``, ``entreprise{N, L, adresse, codePostal, ville}``,
  ``dateDebut``, ``dateFin``, ``nbJours``, ``horairesJours`` (text here: inferred), ``sujet``,
  ``sujetDetaille``, ``appreciations{appreciation, avecEditionAppreciation}``. A stage of another
  child or session is refused.
- ``ListeOffresStages`` (tab 101), no data: ``listeEntreprises[{N, L, activite, adresse, codePostal,
  ville, email, numeroFixe, siteInternet, listeOffresStages[{sujet}]}]``.
"""

from __future__ import annotations

from typing import Any

from .contract import PageFault, PageRequest, page
from .values import FAULT_PAGE_UNAVAILABLE, day_value, liste, request_child, resolve

INTERNSHIP_TAB = 42
COMPANIES_TAB = 101
TABLE_INTERNSHIP = 163  # guesses
TABLE_COMPANY = 62  # EGenreRessource.Entreprise (§14)
NO_INTERNSHIP = "Aucun stage n'est prévu pour cet élève."


def _company_ref(request: PageRequest, key: str) -> dict[str, Any]:
    company = next((c for c in request.school.companies if c.key == key), None)
    return {"N": request.ids.mint(TABLE_COMPANY, f"company:{key}"), "L": company.name if company else key}


def _internship_ref(request: PageRequest, child: Any, item: Any) -> dict[str, Any]:
    return {
        "N": request.ids.mint(TABLE_INTERNSHIP, f"stage:{child.key}:{item.key}"),
        "L": item.subject,
        "sujet": item.subject,
        "dateDebut": day_value(item.start),
        "dateFin": day_value(item.end),
        "entreprise": _company_ref(request, item.company),
    }


@page("PageStage.General", INTERNSHIP_TAB)
def page_stage_general(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    if not child.internships:
        return {"Message": NO_INTERNSHIP}
    return {
        "Stages": liste([_internship_ref(request, child, i) for i in child.internships]),
        "Evenements": liste([]),
        "Lieux": liste([]),
        "Sujets": liste([]),
    }


@page("PageAppreciationFinDeStage", INTERNSHIP_TAB)
def page_appreciation_fin_de_stage(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    data = request.data if isinstance(request.data, dict) else {}
    key = resolve(request.ids, data.get("stage"), f"stage:{child.key}:")
    item = next((i for i in child.internships if i.key == key), None)
    if item is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    company = next((c for c in request.school.companies if c.key == item.company), None)
    firm = _company_ref(request, item.company)
    if company is not None:
        firm |= {"adresse": company.address, "codePostal": company.postal_code, "ville": company.city}
    stage = _internship_ref(request, child, item) | {
        "entreprise": firm,
        "nbJours": item.days if item.days is not None else sum(1 for _ in _days(item)),
        "horairesJours": item.schedule,
        "sujetDetaille": item.details,
        "appreciations": {"appreciation": item.evaluation, "avecEditionAppreciation": False},
    }
    if item.tutor:
        stage["maitreDeStage"] = {"L": item.tutor}
    stage["referents"] = liste([{"L": item.referent}] if item.referent else [])
    return {"stage": stage}


def _days(item: Any):
    from datetime import timedelta

    day = item.start
    while day <= item.end:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


@page("ListeOffresStages", COMPANIES_TAB)
def liste_offres_stages(request: PageRequest) -> dict[str, Any]:
    companies = []
    for company in request.school.companies:
        if not company.listed:
            continue  # known from a sheet only (a support bundle's replay)
        companies.append(
            {
                **_company_ref(request, company.key),
                "nomCommercial": company.name,
                "activite": company.activity,
                "adresse": company.address,
                "codePostal": company.postal_code,
                "ville": company.city,
                "email": company.email,
                "numeroFixe": company.phone,
                "siteInternet": company.website,
                "visible": True,
                "listeOffresStages": liste([{"sujet": subject} for subject in company.offers]),
            }
        )
    return {"listeEntreprises": liste(companies)}
