"""School-file checks for the vie scolaire, competences and report cards of each child, the
professeurs principaux and the parents' contact details: references, kinds and ranges, as French
messages "« où » : quoi".

Called by :func:`espace_parents_tui.demo.school.fileformat.validate_school`.
"""

from __future__ import annotations

from .model import School
from .records import COMPETENCE_LEVELS, FORBIDDEN_ACCESS_KINDS, OBSERVATION_KINDS


def _known(names: list[str], allowed: set[str], where: str, what: str, problems: list[str]) -> None:
    if not allowed:
        return  # a school that lists no reasons accepts any
    for k, name in enumerate(names):
        if name not in allowed:
            problems.append(f"« {where}[{k}] » : {what} inconnu « {name} ».")


def school_life_problems(school: School) -> list[str]:
    problems: list[str] = []
    teachers = {t.name for t in school.teachers}
    people = teachers | {s.name for s in school.staff}
    subjects = {s.name for s in school.subjects}
    periods = {p.name for p in school.periods}
    documents = {d.key for d in school.documents}
    grid = school.grid

    def check(ok: bool, where: str, message: str) -> None:
        if not ok:
            problems.append(f"« {where} » : {message}")

    def person(name: str, where: str) -> None:
        check(not name or name in people, where, f"ni professeur ni personnel « {name} ».")

    def subject(name: str | None, where: str) -> None:
        check(name is None or name in subjects, where, f"matière inconnue « {name} ».")

    for i, school_class in enumerate(school.classes):
        check(
            school_class.main_teacher is None or school_class.main_teacher in teachers,
            f"classes[{i}].main_teacher",
            f"professeur inconnu « {school_class.main_teacher} ».",
        )
    for i, parent in enumerate(school.parents):
        check(len(parent.address) <= 4, f"parents[{i}].address", "quatre lignes au plus.")
    for i, child in enumerate(school.children):
        at = f"children[{i}]"
        for j, absence in enumerate(child.absences):
            where = f"{at}.absences[{j}]"
            check(absence.start <= absence.end, where, "l'absence finit avant de commencer.")
            _known(absence.reasons, set(school.absence_reasons), f"{where}.reasons", "motif", problems)
        for j, delay in enumerate(child.delays):
            where = f"{at}.delays[{j}]"
            check(delay.minutes > 0, f"{where}.minutes", "un retard dure au moins une minute.")
            _known(delay.reasons, set(school.delay_reasons), f"{where}.reasons", "motif", problems)
        for j, punishment in enumerate(child.punishments):
            where = f"{at}.punishments[{j}]"
            check(bool(punishment.nature), f"{where}.nature", "nature vide.")
            person(punishment.requested_by, f"{where}.requested_by")
            subject(punishment.subject, f"{where}.subject")
            for k, doc in enumerate(punishment.homework_documents):
                check(
                    doc.url is not None or doc.document in documents,
                    f"{where}.homework_documents[{k}]",
                    f"document inconnu « {doc.document} ».",
                )
            for k, session in enumerate(punishment.sessions):
                check(
                    grid.on_grid(session.start) and session.minutes > 0,
                    f"{where}.sessions[{k}]",
                    "heure hors de la grille ou durée nulle.",
                )
        for j, observation in enumerate(child.observations):
            where = f"{at}.observations[{j}]"
            check(
                observation.kind in OBSERVATION_KINDS,
                f"{where}.kind",
                f"« {observation.kind} » inconnu ({', '.join(OBSERVATION_KINDS)}).",
            )
            person(observation.teacher, f"{where}.teacher")
            subject(observation.subject, f"{where}.subject")
        for j, measure in enumerate(child.precautionary_measures):
            where = f"{at}.precautionary_measures[{j}]"
            check(measure.start <= measure.end, where, "la mesure finit avant de commencer.")
            person(measure.decided_by, f"{where}.decided_by")
            person(measure.requested_by, f"{where}.requested_by")
            for k, kind in enumerate(measure.forbidden_access):
                check(
                    kind in FORBIDDEN_ACCESS_KINDS,
                    f"{where}.forbidden_access[{k}]",
                    f"« {kind} » inconnu ({', '.join(FORBIDDEN_ACCESS_KINDS)}).",
                )
        for j, evaluation in enumerate(child.evaluations):
            where = f"{at}.evaluations[{j}]"
            subject(evaluation.subject, f"{where}.subject")
            check(
                evaluation.period in periods, f"{where}.period", f"période inconnue « {evaluation.period} »."
            )
            person(evaluation.teacher, f"{where}.teacher")
            for k, result in enumerate(evaluation.results):
                check(
                    result.level in COMPETENCE_LEVELS,
                    f"{where}.results[{k}].level",
                    f"niveau inconnu « {result.level} » ({', '.join(COMPETENCE_LEVELS)}).",
                )
        seen: set[str] = set()
        for j, card in enumerate(child.report_cards):
            where = f"{at}.report_cards[{j}]"
            check(card.period in periods, f"{where}.period", f"période inconnue « {card.period} ».")
            check(card.period not in seen, f"{where}.period", "un seul bulletin par période.")
            seen.add(card.period)
            for k, line in enumerate(card.subjects):
                subject(line.subject, f"{where}.subjects[{k}].subject")
            check(
                card.document is None or card.document in documents,
                f"{where}.document",
                f"document inconnu « {card.document} ».",
            )
    return problems
