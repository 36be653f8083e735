"""The demo school's cahier de textes: homework, lesson contents, a few documents, digital textbooks.

Deterministic (its own ``random.Random`` per child, seeded from the seed and the school year).
Rules (also in ``docs/school-format.md``):

- homework: 2 to 6 items a school week for each child, each given in a lesson of its subject and due
  at the next lesson of that subject (a project: two or three lessons later); only homework given
  on or before ``today`` exists, as a teacher writes it in the lesson, and the homework due in the
  coming two weeks (teachers publish ahead). Most homework due before ``today`` is done,
  little of the rest. Some carry a PDF or a PNG, some a link; a few have a long
  description (a list, a link); one item a term is handed in by upload;
- lesson contents: four lessons out of five that took place (up to ``today``, not cancelled) have a
  content: a chapter that moves on through the year, a category ("Devoir sur table" on the days the
  child got a grade in that subject); a few carry a document;
- the documents are a handful of small PDFs and PNGs reused across items (the school stays small).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .documents import b64, make_pdf, make_png
from .model import Child, LessonOccurrence, School
from .records import Attachment, Document, Homework, LessonContent, Textbook

FR, MA, HG, EN, ES = "FRANÇAIS", "MATHÉMATIQUES", "HISTOIRE-GÉOGRAPHIE", "ANGLAIS LV1", "ESPAGNOL LV2"
PC, SVT, TE, AP, MU, EPS = (
    "PHYSIQUE-CHIMIE",
    "SVT",
    "TECHNOLOGIE",
    "ARTS PLASTIQUES",
    "ÉDUCATION MUSICALE",
    "ED.PHYSIQUE & SPORTIVE",
)

# Homework due within this many days of ``today`` is published even if given in a later lesson.
AHEAD_DAYS = 14

CHAPTERS = {
    FR: [
        "Le récit fantastique",
        "La poésie lyrique",
        "Le théâtre : la comédie",
        "La nouvelle réaliste",
        "Lettres et correspondances",
        "L'argumentation",
    ],
    MA: [
        "Nombres relatifs",
        "Fractions",
        "Calcul littéral",
        "Proportionnalité",
        "Géométrie dans l'espace",
        "Statistiques",
        "Équations",
    ],
    HG: [
        "L'Europe des Lumières",
        "La Révolution française",
        "L'urbanisation du monde",
        "Les mobilités humaines",
        "Enseignement moral et civique : la laïcité",
    ],
    EN: ["Talking about the past", "Describing people", "Future plans", "Environment", "Heroes"],
    ES: ["Presentarse", "La familia", "El instituto", "La ciudad", "Las vacaciones"],
    PC: ["Les états de la matière", "Les mélanges", "Circuits électriques", "La lumière", "Les réactions"],
    SVT: ["La respiration", "La digestion", "Les séismes", "L'écosystème", "Le système nerveux"],
    TE: ["Les objets techniques", "Le cahier des charges", "Programmation par blocs", "Les matériaux"],
    AP: ["La représentation du corps", "Couleurs et lumière", "Le collage", "La perspective"],
    MU: ["La voix et le chant", "Musique et image", "Le rythme", "Les musiques du monde"],
    EPS: ["Course de durée", "Badminton", "Gymnastique", "Handball", "Acrosport"],
}

# Homework texts; {c} is the current chapter, {p} a page, {n} an exercise number.
TASKS = {
    FR: [
        "Lire le chapitre {n} du roman.",
        "Apprendre la leçon : {c}.",
        "Rédiger la suite du texte (15 lignes).",
        "Exercices de grammaire {n} et {m} page {p}.",
        "Apprendre la poésie (les deux premières strophes).",
    ],
    MA: [
        "Exercices {n} et {m} page {p}.",
        "Apprendre la leçon : {c}.",
        "Terminer la fiche d'exercices.",
        "Exercice {n} page {p} : rédiger la solution.",
    ],
    HG: [
        "Apprendre la leçon : {c}.",
        "Compléter la carte page {p}.",
        "Répondre aux questions 1 à {n} page {p}.",
    ],
    EN: [
        "Learn the vocabulary: {c}.",
        "Exercise {n} page {p}.",
        "Write 10 lines about your weekend.",
        "Revoir les verbes irréguliers.",
    ],
    ES: ["Aprender el vocabulario: {c}.", "Ejercicio {n} página {p}.", "Revoir la conjugaison du présent."],
    PC: ["Apprendre la leçon : {c}.", "Exercices {n} et {m} page {p}.", "Terminer le compte rendu de TP."],
    SVT: ["Apprendre la leçon : {c}.", "Légender le schéma page {p}.", "Exercice {n} page {p}."],
    TE: [
        "Terminer la fiche d'activité.",
        "Apprendre le vocabulaire : {c}.",
        "Rechercher un objet technique.",
    ],
    AP: [
        "Apporter des magazines pour un collage.",
        "Terminer la production en cours.",
        "Apporter le matériel.",
    ],
    MU: ["Apprendre le chant (couplet {n}).", "Écouter l'extrait en ligne et noter ses impressions."],
    EPS: ["Apporter sa tenue de sport et une bouteille d'eau."],
}
CATEGORIES_BY_SUBJECT = {
    PC: "Travaux pratiques",
    SVT: "Travaux pratiques",
    TE: "Travaux pratiques",
    EN: "Interrogation orale",
    ES: "Interrogation orale",
}
LESSON_TEXTS = [
    "<p>Leçon recopiée dans le cahier, exemples corrigés.</p>",
    "<p>Correction des exercices en classe.</p>",
    "<p>Travail en groupes, mise en commun.</p>",
    "<p>Activité d'introduction et trace écrite.</p>",
]
LONG_TASK = (
    "<div>Pour le devoir maison sur <b>{c}</b> :</div>"
    "<ul><li>relire la leçon et les exemples du cahier ;</li>"
    "<li>faire les exercices {n} et {m} page {p} ;</li>"
    "<li>rédiger proprement sur copie double.</li></ul>"
    '<div>Aide en ligne : <a href="https://aide.clg-tilleuls.example/{slug}">fiche méthode</a>.</div>'
)
LINKS = [
    ("Vidéo de la leçon", "https://videos.clg-tilleuls.example/{slug}"),
    ("Exercices interactifs", "https://exercices.clg-tilleuls.example/{slug}"),
]
# (title, publisher, subject, levels): a title with {level} is one book per level of the school.
TEXTBOOKS = [
    ("Mathématiques {level}", "Éditions du Préau", MA, []),
    ("Français {level} – Livre unique", "Éditions du Préau", FR, []),
    ("Histoire-Géographie-EMC {level}", "Éditions Cartable", HG, []),
    ("Physique-Chimie cycle 4", "Éditions Cartable", PC, ["5e", "4e", "3e"]),
]


def _slug(text: str) -> str:
    table = str.maketrans("ÀÂÇÉÈÊËÎÏÔÙÛÜàâçéèêëîïôùûü", "AACEEEEIIOUUUaaceeeeiiouuu")
    return "-".join("".join(c if c.isalnum() else " " for c in text.translate(table).lower()).split())


def _documents(school: School, child: Child, subjects: list[str]) -> dict[str, list[Attachment]]:
    """A PDF for each of the child's first subjects, two images: (subject or "*") -> attachments."""
    found: dict[str, list[Attachment]] = {}
    for subject in subjects[:6]:
        chapter = CHAPTERS[subject][0]
        key = f"cdt-{child.key}-{_slug(subject)}"
        name = f"Fiche {subject.capitalize()} – {chapter}.pdf"
        lines = ["Exercices d'entraînement", f"Classe de {child.class_name}", "Collège Les Tilleuls (démo)"]
        content = make_pdf(f"{subject.capitalize()} : {chapter}", lines)
        school.documents.append(Document(key, name, "application/pdf", b64(content)))
        found[subject] = [Attachment(name, document=key)]
    key = f"cdt-{child.key}-schema"
    school.documents.append(
        Document(key, "Schéma au tableau.png", "image/png", b64(make_png(48, 32, (40, 90, 160))))
    )
    found["*"] = [Attachment("Schéma au tableau.png", document=key)]
    return found


def _lessons(school: School, child: Child, until: date) -> list[LessonOccurrence]:
    """The child's lessons that take place (not cancelled, not detentions or outings), up to ``until``."""
    found = []
    day = school.year_start
    while day <= min(until, school.year_end):
        found += [
            o for o in school.lessons_on(child, day) if o.kind == "cours" and not o.cancelled and o.subject
        ]
        day += timedelta(days=1)
    return found


def add_homework(school: School, today: date, seed: int) -> None:
    """Homework, lesson contents and their documents for every child; textbooks for each level."""
    year = school.year_start.year
    for child in school.children:
        # Everything is drawn for the whole year, then cut at ``today``: an item does not change
        # from one day to the next (only its "done" flag once it is past, and the showcase).
        subjects = [s.name for s in school.subjects if any(les.subject == s.name for les in child.timetable)]
        documents = _documents(school, child, [s for s in subjects if s != EPS])
        lessons = _lessons(school, child, school.year_end)
        items = _homework(school, f"{seed}:{year}:{child.key}", lessons, documents, today)
        ahead = today + timedelta(days=AHEAD_DAYS)
        child.homework = [h for h in items if h.given <= today or h.due <= ahead]
        _showcase(child.homework, today, documents)
        contents = _contents(school, child, f"{seed}:{year}", lessons, documents)
        child.lesson_contents = [c for c in contents if c.date <= today]
    levels = sorted({c.level for c in school.classes if c.level})
    for title, publisher, subject, for_levels in TEXTBOOKS:
        for level in levels if "{level}" in title else [""]:
            name = title.format(level=level)
            school.textbooks.append(
                Textbook(
                    name,
                    publisher,
                    subject,
                    f"https://manuels.example/{_slug(name)}",
                    "Manuel numérique de la classe, accessible avec l'ENT.",
                    [level] if level else list(for_levels),
                )
            )


def _chapter(subject: str, day: date, school: School) -> str:
    """The chapter a subject is at on ``day``: one every five or six weeks."""
    chapters = CHAPTERS[subject]
    week = (day - school.year_start).days // 7
    return chapters[min(week * len(chapters) // 36, len(chapters) - 1)]


def _fill(rng: random.Random, text: str, chapter: str) -> str:
    n = rng.randint(1, 12)
    return text.format(c=chapter, n=n, m=n + rng.randint(1, 4), p=rng.randint(12, 220), slug=_slug(chapter))


def _homework(
    school: School,
    seed: str,
    lessons: list[LessonOccurrence],
    documents: dict[str, list[Attachment]],
    today: date,
) -> list[Homework]:
    by_week: dict[date, list[LessonOccurrence]] = {}
    for occ in lessons:
        by_week.setdefault(occ.day - timedelta(days=occ.day.weekday()), []).append(occ)
    items: list[Homework] = []
    uploads: set[str] = set()
    for monday in sorted(by_week):
        rng = random.Random(f"{seed}:travail-a-faire:{monday.isoformat()}")  # one per week: local changes
        week = [o for o in by_week[monday] if o.subject != EPS or rng.random() < 0.1]
        for given in sorted(
            rng.sample(week, min(len(week), rng.randint(2, 6))), key=lambda o: (o.day, o.start)
        ):
            later = [o for o in lessons if o.subject == given.subject and o.day > given.day]
            project = rng.random() < 0.1 and len(later) >= 3
            if not later:
                continue
            due = later[rng.randint(1, 2) if project else 0].day
            chapter = _chapter(given.subject, given.day, school)
            item = Homework(given.subject, given.day, due, "", given_start=given.start)
            roll = rng.random()
            if project or roll < 0.05:
                item.description = _fill(rng, LONG_TASK, chapter)
                item.minutes, item.difficulty = 60, 3
            else:
                item.description = _fill(rng, rng.choice(TASKS[given.subject]), chapter)
                item.minutes = rng.choice([0, 15, 20, 30, 45])
                item.difficulty = rng.choice([0, 0, 1, 1, 2])
            roll = rng.random()
            item.done = roll < (0.85 if due < today else 0.2)
            roll = rng.random()
            if roll < 0.12 and given.subject in documents:
                item.attachments = list(documents[given.subject])
            elif roll < 0.16:
                item.attachments = list(documents["*"])
            elif roll < 0.22:
                label, url = rng.choice(LINKS)
                item.attachments = [Attachment(label, url=url.format(slug=_slug(chapter)))]
            period = school.current_period(given.day).name
            if project and period not in uploads:
                uploads.add(period)
                item.hand_in = "depot"
            elif rng.random() < 0.1:
                item.hand_in = "papier"
            if rng.random() < 0.04:
                item.themes = [rng.choice(["Développement durable", "Citoyenneté", "Éducation aux médias"])]
            items.append(item)
    items.sort(key=lambda h: (h.due, h.given, h.subject))
    return items


def _showcase(items: list[Homework], today: date, documents: dict[str, list[Attachment]]) -> None:
    """Make sure the coming week shows every kind: an upload, a PDF, a link, a long text, an image."""
    coming = [h for h in items if today <= h.due <= today + timedelta(days=7) and h.subject != EPS]
    coming += [h for h in items if today + timedelta(days=7) < h.due and h.subject != EPS]
    if len(coming) >= 1:
        coming[0].hand_in, coming[0].done = "depot", False
    if len(coming) >= 2 and coming[1].subject in documents:
        coming[1].attachments = list(documents[coming[1].subject])
    if len(coming) >= 3:
        coming[2].attachments = [
            Attachment("Exercices interactifs", url="https://exercices.clg-tilleuls.example/revisions")
        ]
    if len(coming) >= 5:
        coming[4].attachments = list(documents["*"])
    if len(coming) >= 4 and "<ul>" not in coming[3].description:
        chapter = CHAPTERS[coming[3].subject][0]
        coming[3].description = LONG_TASK.format(c=chapter, n=3, m=5, p=42, slug=_slug(chapter))


def _contents(
    school: School,
    child: Child,
    seed: str,
    lessons: list[LessonOccurrence],
    documents: dict[str, list[Attachment]],
) -> list[LessonContent]:
    tests = {(g.subject, g.date) for g in child.grades}
    contents: list[LessonContent] = []
    sessions: dict[tuple[str, str], int] = {}
    for occ in lessons:
        subject = occ.subject or ""
        chapter = _chapter(subject, occ.day, school)
        number = sessions[(subject, chapter)] = sessions.get((subject, chapter), 0) + 1
        # One generator per lesson: a lesson's content never depends on another lesson's.
        rng = random.Random(f"{seed}:contenu:{occ.key}")
        keep, with_text, with_file = rng.random(), rng.random(), rng.random()
        category = rng.choice(["Cours", "Cours", "Exercices", CATEGORIES_BY_SUBJECT.get(subject, "Cours")])
        text = rng.choice(LESSON_TEXTS)
        if (subject, occ.day) in tests:
            contents.append(
                LessonContent(occ.day, occ.start, f"Évaluation : {chapter}", category="Devoir sur table")
            )
            continue
        if keep >= 0.8:
            continue
        content = LessonContent(occ.day, occ.start, f"{chapter} – séance {number}", category=category)
        if with_text < 0.35:
            content.description = text
        if with_file < 0.03:
            content.attachments = list(documents.get(subject, documents["*"]))
        contents.append(content)
    return contents
