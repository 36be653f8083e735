"""The demo school's livret scolaire: ``add_livret(school, today, seed)`` runs after
:func:`.generate_records.add_records` and gives each child a livret for each class of its record
(the past years' and this year's), with the competence levels drawn around the child's level in
each subject (the one its grades are drawn around), a little lower the further back.

This year's livret is still being written (no publication date) and has no domain levels yet (the
socle is assessed at the end of the year). Deterministic: seeded from the seed and the child.
"""

from __future__ import annotations

import random
from datetime import date

from .generate_reports import subject_level
from .livret_records import LIVRET_LEVELS, LivretCompetence, LivretDomain, LivretSubject, LivretYear
from .model import School

COMPETENCES = {
    "FRANÇAIS": ("Comprendre et interpréter des textes", "Écrire des textes variés", "S'exprimer à l'oral"),
    "MATHÉMATIQUES": ("Chercher et raisonner", "Calculer", "Modéliser et représenter"),
    "HISTOIRE-GÉOGRAPHIE": ("Se repérer dans le temps et l'espace", "Analyser un document"),
    "ANGLAIS LV1": ("Comprendre l'oral", "S'exprimer à l'oral", "Écrire"),
    "ESPAGNOL LV2": ("Comprendre l'oral", "S'exprimer à l'oral"),
}
DEFAULT_COMPETENCES = ("Connaissances", "Méthodes et démarches")
DOMAINS = (
    "Langue française à l'oral et à l'écrit",
    "Langages mathématiques, scientifiques et informatiques",
    "Méthodes et outils pour apprendre",
    "Formation de la personne et du citoyen",
    "Systèmes naturels et systèmes techniques",
    "Représentations du monde et activité humaine",
)
WORDS = {
    "insuffisante": "Des bases à consolider ; un travail régulier est nécessaire.",
    "fragile": "Des progrès, encore fragiles : il faut persévérer.",
    "satisfaisante": "Un travail sérieux et des acquis satisfaisants.",
    "tres_bonne": "Excellent travail, très bonne maîtrise.",
}
GENERAL = "Une année sérieuse : un bon ensemble, à poursuivre."


def _level(score: float) -> str:
    return LIVRET_LEVELS[0 if score < 8 else 1 if score < 11 else 2 if score < 15 else 3]


def add_livret(school: School, today: date, seed: int) -> None:
    for child in school.children:
        subjects = [s.name for s in school.subjects if any(les.subject == s.name for les in child.timetable)]
        classes = [(y.year, y.class_name, {a.subject for a in y.averages}) for y in child.past_years]
        classes.append((school.year_label, child.class_name, set(subjects)))
        for back, (year, class_name, taught) in enumerate(reversed(classes)):
            rng = random.Random(f"{seed}:{child.key}:{year}:livret")
            past = back > 0
            entries = []
            for subject in subjects:
                if subject not in taught:
                    continue
                base = subject_level(seed, child, subject) - 0.6 * back
                competences = [
                    LivretCompetence(name, _level(base + rng.uniform(-4.0, 3.5)))
                    for name in COMPETENCES.get(subject, DEFAULT_COMPETENCES)
                ]
                overall = _level(base)
                entries.append(LivretSubject(subject, competences, WORDS[overall] if past else ""))
            domains = (
                [LivretDomain(d, _level(12 - 0.6 * back + rng.uniform(-4, 4))) for d in DOMAINS]
                if past
                else []
            )
            end = int(year[-4:])
            livret = LivretYear(
                year,
                class_name,
                published=date(end, 7, 3) if past else None,
                subjects=entries,
                domains=domains,
                appreciation=GENERAL if past else "",
            )
            child.livret.insert(0, livret)
    if 83 not in school.extra_tabs:
        school.extra_tabs.append(83)
