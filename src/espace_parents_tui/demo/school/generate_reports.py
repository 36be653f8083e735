"""The demo school's competence evaluations and report cards.

``add_reports(school, today, seed)`` adds, deterministically (its own ``random.Random`` per child,
subject and period, seeded from the seed and the school year):

- **competence evaluations**, for each child and each grading period, in French, mathematics,
  history-geography, English, physics-chemistry and SVT (those the child takes): two in French and
  mathematics, one in the others, on days the child has that lesson, each with two to four
  competence items of the socle commun. Like grades, they are generated for the whole year and only
  those dated up to ``today`` are kept. The levels follow the child's level in the subject (the same
  one the grades use); the child missed one evaluation of the first period
  (all its items "Absent").
- **report cards** (bulletins): published for **every elapsed grading period** (its last day is
  before ``today``); the current period and the later ones are never published, so the server
  answers "not published yet" for them. With ``today`` in the second trimester, only the first
  trimester's report card exists. Each has an appraisal for every subject the child has grades in
  that period, the general appraisals of the professeur principal, the CPE and the class council,
  and its PDF (a school document, ``bulletin-<child>-<n>``).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .documents import b64, make_pdf
from .model import Child, Period, School
from .records import CompetenceResult, Document, Evaluation, GeneralAppraisal, ReportCard, SubjectAppraisal

D11 = ("D1.1", "Comprendre, s'exprimer en utilisant la langue française à l'oral et à l'écrit")
D12 = (
    "D1.2",
    "Comprendre, s'exprimer en utilisant une langue étrangère et, le cas échéant, une langue régionale",
)
D13 = (
    "D1.3",
    "Comprendre, s'exprimer en utilisant les langages mathématiques, scientifiques et informatiques",
)
D2 = ("D2", "Les méthodes et outils pour apprendre")
D4 = ("D4", "Les systèmes naturels et les systèmes techniques")
D5 = ("D5", "Les représentations du monde et l'activité humaine")

# subject -> (evaluation names, [(item, domain, pillar)]).
BANK: dict[str, tuple[list[str], list[tuple[str, str, tuple[str, str]]]]] = {
    "FRANÇAIS": (
        ["Lecture analytique", "Rédaction : récit d'aventure", "Oral : récitation", "Étude de la langue"],
        [
            ("Lire et comprendre un texte littéraire", "Lire", D11),
            ("Écrire un texte cohérent et organisé", "Écrire", D11),
            ("Maîtriser l'orthographe grammaticale", "Comprendre le fonctionnement de la langue", D11),
            ("S'exprimer de façon maîtrisée à l'oral", "Comprendre et s'exprimer à l'oral", D11),
        ],
    ),
    "MATHÉMATIQUES": (
        ["Résolution de problèmes", "Tâche complexe", "Calcul mental", "Géométrie dans l'espace"],
        [
            ("Chercher et expérimenter", "Chercher", D2),
            ("Modéliser une situation", "Modéliser", D13),
            ("Calculer avec des nombres", "Calculer", D13),
            ("Raisonner et démontrer", "Raisonner", D2),
        ],
    ),
    "HISTOIRE-GÉOGRAPHIE": (
        ["Étude de documents", "Croquis de synthèse", "Repères chronologiques"],
        [
            ("Se repérer dans le temps", "Se repérer dans le temps", D5),
            ("Analyser et comprendre un document", "Analyser un document", D11),
            ("Pratiquer différents langages", "Réaliser un croquis", D13),
        ],
    ),
    "ANGLAIS LV1": (
        ["Compréhension orale", "Expression écrite", "Oral en continu"],
        [
            ("Écouter et comprendre", "Écouter et comprendre", D12),
            ("Écrire", "Écrire", D12),
            ("Parler en continu", "Parler en continu", D12),
            ("Lire", "Lire", D12),
        ],
    ),
    "PHYSIQUE-CHIMIE": (
        ["Compte rendu d'expérience", "Démarche d'investigation"],
        [
            ("Pratiquer des démarches scientifiques", "Démarche scientifique", D4),
            ("Concevoir et réaliser une expérience", "Concevoir, créer, réaliser", D4),
            ("Communiquer des résultats", "Pratiquer des langages", D13),
        ],
    ),
    "SVT": (
        ["Observation au microscope", "Schéma fonctionnel"],
        [
            ("Pratiquer des démarches scientifiques", "Démarche scientifique", D4),
            ("Utiliser des outils et mobiliser des méthodes", "Méthodes et outils", D2),
            ("Communiquer par un schéma", "Pratiquer des langages", D13),
        ],
    ),
}
TWICE = {"FRANÇAIS", "MATHÉMATIQUES"}

APPRAISALS = [
    (
        15.0,
        [
            "Excellent trimestre, travail sérieux et rigoureux. Continuez ainsi !",
            "Très bons résultats, bravo.",
        ],
    ),
    (
        12.5,
        ["Bon trimestre, des efforts réguliers qui portent leurs fruits.", "Bon travail dans l'ensemble."],
    ),
    (
        10.0,
        [
            "Trimestre correct, mais le travail personnel doit être approfondi.",
            "Résultats justes : soyez plus régulier.",
        ],
    ),
    (
        0.0,
        [
            "Trimestre difficile : il faut travailler avec plus de régularité.",
            "Des difficultés : n'hésitez pas à demander de l'aide.",
        ],
    ),
]
COUNCIL = [(15.0, "Félicitations"), (13.5, "Compliments"), (12.0, "Encouragements"), (0.0, "")]


def add_reports(school: School, today: date, seed: int) -> None:
    year = school.year_start.year
    for child in school.children:
        evaluations = []
        for period in school.grading_periods():
            evaluations += _evaluations(school, child, period, seed, year)
        _one_absent(school, child, evaluations, seed, year)
        child.evaluations = sorted((e for e in evaluations if e.date <= today), key=lambda e: e.date)
        for number, period in enumerate(school.grading_periods(), start=1):
            if period.end < today:
                child.report_cards.append(_report_card(school, child, period, number, seed, year))


def subject_level(seed: int, child: Child, subject: str) -> float:
    """The child's level in a subject, out of 20 (the one the grades are drawn around)."""
    return random.Random(f"{seed}:{child.key}:{subject}").uniform(9.5, 16.5)


def _level(score: float) -> str:
    return "A+" if score >= 15.5 else "A" if score >= 12 else "C" if score >= 8.5 else "E"


def _cycle(school: School, child: Child) -> str:
    level = next((c.level for c in school.classes if c.name == child.class_name), "")
    return "Cycle 3" if level.startswith("6") else "Cycle 4"


def _evaluations(school: School, child: Child, period: Period, seed: int, year: int) -> list[Evaluation]:
    found = []
    taught = {les.subject: les.teacher for les in child.timetable}
    for subject, (names, items) in BANK.items():
        if subject not in taught:
            continue
        rng = random.Random(f"{seed}:{year}:{child.key}:{subject}:{period.name}:competences")
        weekdays = {les.weekday for les in child.timetable if les.subject == subject}
        days = [
            period.start + timedelta(days=i)
            for i in range((period.end - period.start).days + 1)
            if school.is_school_day(period.start + timedelta(days=i))
            and (period.start + timedelta(days=i)).weekday() in weekdays
        ]
        count = min(2 if subject in TWICE else 1, len(days))
        level = subject_level(seed, child, subject)
        for day in sorted(rng.sample(days, count)):
            chosen = rng.sample(items, rng.randint(2, min(4, len(items))))
            results = [
                CompetenceResult(item, _level(rng.gauss(level, 2.5)), domain, pillar, prefix)
                for item, domain, (prefix, pillar) in chosen
            ]
            found.append(
                Evaluation(
                    subject,
                    day,
                    period.name,
                    rng.choice(names),
                    taught[subject],
                    description=f"Évaluation des compétences du {period.name.lower()}.",
                    levels=[_cycle(school, child)],
                    results=results,
                )
            )
    return found


def _one_absent(school: School, child: Child, evaluations: list[Evaluation], seed: int, year: int) -> None:
    """The child missed one evaluation of the first period: every item of it is "Absent"."""
    first = school.grading_periods()[0].name if school.grading_periods() else None
    pool = [e for e in evaluations if e.period == first]
    if pool:
        missed = random.Random(f"{seed}:{year}:{child.key}:competences-absent").choice(pool)
        for result in missed.results:
            result.level = "Abs"


def _report_card(
    school: School, child: Child, period: Period, number: int, seed: int, year: int
) -> ReportCard:
    rng = random.Random(f"{seed}:{year}:{child.key}:{period.name}:bulletin")
    order = [s.name for s in school.subjects]
    means: dict[str, float] = {}
    for subject in order:
        marks = [
            g.value / g.out_of * 20
            for g in child.grades
            if g.subject == subject and g.period == period.name and g.value is not None and not g.bonus
        ]
        if marks:
            means[subject] = sum(marks) / len(marks)
    subjects = [
        SubjectAppraisal(subject, rng.choice(next(texts for floor, texts in APPRAISALS if mean >= floor)))
        for subject, mean in means.items()
    ]
    overall = sum(means.values()) / len(means) if means else 0.0
    absences = [a for a in child.absences if period.start <= a.start.date() <= period.end]
    delays = [d for d in child.delays if period.start <= d.time.date() <= period.end]
    main = next((c.main_teacher for c in school.classes if c.name == child.class_name), None)
    first_name = child.name.split()[-1]
    general = [
        GeneralAppraisal(
            "Appréciation du professeur principal" + (f" ({main})" if main else ""),
            rng.choice(next(texts for floor, texts in APPRAISALS if overall >= floor)).replace(
                "Continuez", f"Continue, {first_name},"
            ),
        ),
        GeneralAppraisal(
            "Vie scolaire (CPE)",
            f"{len(absences)} absence(s) et {len(delays)} retard(s) ce trimestre."
            + (" Attention à la ponctualité." if len(delays) > 1 else " Comportement correct."),
        ),
    ]
    decision = next(text for floor, text in COUNCIL if overall >= floor)
    if decision:
        general.append(GeneralAppraisal("Avis du conseil de classe", decision))
    key = f"bulletin-{child.key}-{number}"
    lines = [f"Eleve : {child.name} - classe {child.class_name}", f"Ecole : {school.name}", ""]
    lines += [f"{s.subject} : {s.appraisal}" for s in subjects]
    lines += [""] + [f"{g.title} : {g.text}" for g in general]
    school.documents.append(
        Document(
            key,
            f"Bulletin {period.name} - {child.name}.pdf",
            data=b64(make_pdf(f"Bulletin du {period.name}", lines)),
        )
    )
    return ReportCard(period.name, subjects, general, key)
