"""School-file checks for the schooling records: past years, orientation, internships, companies.
French messages "« où » : quoi"; called by :func:`.fileformat.validate_school`.
"""

from __future__ import annotations

from .livret_records import LIVRET_LEVELS
from .model import School
from .school_records import EXTRA_TABS, ORIENTATION_STEPS, PAST_CARD_KINDS, WISH_STEPS


def records_problems(school: School) -> list[str]:
    problems: list[str] = []
    documents = {d.key for d in school.documents}
    companies = {c.key for c in school.companies}

    def check(ok: bool, where: str, message: str) -> None:
        if not ok:
            problems.append(f"« {where} » : {message}")

    for i, tab in enumerate(school.extra_tabs):
        check(
            tab in EXTRA_TABS,
            f"extra_tabs[{i}]",
            "onglets possibles : " + ", ".join(map(str, EXTRA_TABS)) + ".",
        )
    for i, company in enumerate(school.companies):
        check(bool(company.key) and bool(company.name), f"companies[{i}]", "une clé et un nom.")
    check(len(companies) == len(school.companies), "companies", "deux entreprises ont la même clé.")
    for c, child in enumerate(school.children):
        base = f"children[{c}]"
        for y, year in enumerate(child.past_years):
            where = f"{base}.past_years[{y}]"
            check(len(year.year) == 9 and year.year[4] == "-", f"{where}.year", "une année « 2024-2025 ».")
            for a, item in enumerate(year.averages):
                for name in ("average", "class_average"):
                    value = getattr(item, name)
                    check(
                        value is None or 0 <= value <= 20,
                        f"{where}.averages[{a}].{name}",
                        "une moyenne entre 0 et 20.",
                    )
            for r, card in enumerate(year.report_cards):
                check(
                    card.document in documents,
                    f"{where}.report_cards[{r}].document",
                    f"aucun document n'a la clé « {card.document} ».",
                )
                check(
                    card.kind in PAST_CARD_KINDS,
                    f"{where}.report_cards[{r}].kind",
                    "« notes » ou « competences ».",
                )
        problems.extend(_livret_problems(base, child))
        years = [y.year for y in child.past_years]
        check(
            years == sorted(set(years)), f"{base}.past_years", "des années distinctes, de la plus ancienne."
        )
        orientation = child.orientation
        if orientation is not None:
            tracks = {t.key for t in orientation.tracks}
            for s, step in enumerate(orientation.steps):
                where = f"{base}.orientation.steps[{s}]"
                check(
                    step.kind in ORIENTATION_STEPS,
                    f"{where}.kind",
                    "une étape de " + ", ".join(ORIENTATION_STEPS) + ".",
                )
                check(step.max_wishes is None or step.max_wishes >= 1, f"{where}.max_wishes", "au moins 1.")
                if step.kind in WISH_STEPS and step.max_wishes is not None:
                    check(
                        len(step.wishes) <= step.max_wishes, f"{where}.wishes", "plus de vœux que le maximum."
                    )
                for w, wish in enumerate(step.wishes):
                    check(
                        wish.track in tracks, f"{where}.wishes[{w}].track", f"voie inconnue « {wish.track} »."
                    )
                for a, answer in enumerate(step.answers):
                    check(answer in tracks, f"{where}.answers[{a}]", f"voie inconnue « {answer} ».")
                if step.opens and step.closes:
                    check(step.opens <= step.closes, f"{where}.closes", "la fin avant le début.")
        for i, internship in enumerate(child.internships):
            where = f"{base}.internships[{i}]"
            check(
                internship.company in companies,
                f"{where}.company",
                f"entreprise inconnue « {internship.company} ».",
            )
            check(internship.start <= internship.end, f"{where}.end", "la fin avant le début.")
            check(internship.days is None or internship.days >= 0, f"{where}.days", "un nombre de jours.")
    return problems


def _livret_problems(base: str, child) -> list[str]:
    problems: list[str] = []
    levels = "un niveau parmi " + ", ".join(LIVRET_LEVELS) + "."
    for y, year in enumerate(child.livret):
        where = f"{base}.livret[{y}]"
        if not (len(year.year) == 9 and year.year[4] == "-"):
            problems.append(f"« {where}.year » : une année « 2024-2025 ».")
        if not year.class_name:
            problems.append(f"« {where}.class_name » : le nom de la classe.")
        for s, subject in enumerate(year.subjects):
            if not subject.subject:
                problems.append(f"« {where}.subjects[{s}].subject » : le nom de la matière.")
            for c, competence in enumerate(subject.competences):
                if competence.level not in LIVRET_LEVELS or not competence.name:
                    problems.append(f"« {where}.subjects[{s}].competences[{c}] » : un nom et {levels}")
        for d, domain in enumerate(year.domains):
            if domain.level not in LIVRET_LEVELS or not domain.name:
                problems.append(f"« {where}.domains[{d}] » : un nom et {levels}")
    years = [y.year for y in child.livret]
    if years != sorted(set(years)):
        problems.append(f"« {base}.livret » : des années distinctes, de la plus ancienne.")
    return problems
