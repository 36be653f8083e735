"""The demo school's Informations et sondages.

``add_news(school, today, seed)`` publishes about ten items over the school year up to today (its
own ``random.Random`` seeded from the seed and the school year, for the times), in five
categories, by the principal, the CPE and teachers:

- plain informations, one with a PDF attachment, two for one child only (a class meeting that
  asks for an acknowledgement, a trip for the Spanish group);
- one information whose acknowledgement was already given, and one survey already answered;
- one open survey with a text block, a single-choice, a multiple-choice (two at most) and a text
  question;
- the older half read, the newer ones unread.

Every item is shown from its publication day to the end of the school year (31 August), so the
list a parent sees grows during the year and never loses an item.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from .documents import b64, make_pdf
from .model import Child, School
from .records import Attachment, Document, NewsItem, NewsQuestion

LIFE, MEETINGS, TRIPS, CANTEEN, SAFETY = (
    "Vie de l'établissement",
    "Réunions",
    "Sorties et voyages",
    "Restauration",
    "Sécurité",
)
CATEGORIES = [LIFE, MEETINGS, TRIPS, CANTEEN, SAFETY]


def add_news(school: School, today: date, seed: int) -> None:
    year = school.year_start.year
    rng = random.Random(f"{seed}:{year}:news")
    for name in CATEGORIES:
        if name not in school.news_categories:
            school.news_categories.append(name)
    principal = _staff_name(school, ("principal",), "M. LEFEBVRE J.")
    cpe = _staff_name(school, ("conseill", "cpe"), "Mme MOREAU C.")
    first = school.children[0] if school.children else None
    second = school.children[1] if len(school.children) > 1 else None
    items = _items(school, principal, cpe, first, second)
    last_day = min(today, school.year_end)
    start = datetime.combine(school.year_start - timedelta(days=3), time(9, 0))
    end = datetime.combine(last_day, time(7, 0))
    if end <= start:
        start = end - timedelta(days=len(items))
    span = end - start
    count = len(items)
    for number, item in enumerate(items):
        moment = start + span * number / max(count - 1, 1)
        if number < count - 1:
            moment = moment.replace(hour=rng.randint(8, 17), minute=rng.choice((0, 15, 30, 45)))
            moment = min(moment, end - timedelta(minutes=count - number))
        moment = moment.replace(second=0, microsecond=0)
        item.created = moment
        item.start = moment.date()
        item.end = date(school.year_start.year + 1, 8, 31)
        waiting = any(q.kind == "accuse" and q.answer is None for q in item.questions)
        item.read = number < count // 2 and not waiting
        for question in item.questions:
            if question.answer is not None or question.chosen:
                question.answered = moment + timedelta(days=1, hours=2)
                if question.answered.date() > last_day:
                    question.answered = moment + timedelta(minutes=30)
    school.news.extend(items)


def _staff_name(school: School, words: tuple[str, ...], default: str) -> str:
    for person in school.staff:
        if any(word in person.function.casefold() for word in words):
            return person.name
    return default


def _teacher(child: Child | None, subject: str, default: str) -> str:
    if child is not None:
        for lesson in child.timetable:
            if lesson.subject == subject:
                return lesson.teacher
    return default


def _pdf(school: School, key: str, name: str, title: str, lines: list[str]) -> Attachment:
    if school.document(key) is None:
        school.documents.append(Document(key, name, "application/pdf", b64(make_pdf(title, lines))))
    return Attachment(name, document=key)


def _info(
    text: str, *, kind: str = "information", attachments: list[Attachment] | None = None
) -> NewsQuestion:
    return NewsQuestion(kind, text=text, attachments=attachments or [])


def _item(
    key: str, title: str, category: str, author: str, questions: list[NewsQuestion], **extra
) -> NewsItem:
    placeholder = datetime(2000, 1, 1)
    return NewsItem(
        key, title, category, author, placeholder, placeholder.date(), placeholder.date(), questions, **extra
    )


def _items(
    school: School, principal: str, cpe: str, first: Child | None, second: Child | None
) -> list[NewsItem]:
    year = school.year_start.year
    photo = _pdf(
        school,
        "news-photo-de-classe",
        "Bon de commande photos.pdf",
        "Photo de classe - bon de commande",
        ["Pochette individuelle : 12 EUR", "Photo de groupe seule : 6 EUR", "À rendre avant la fin du mois."],
    )
    items = [
        _item(
            "rentree",
            f"Bienvenue pour l'année {year}-{year + 1}",
            LIFE,
            principal,
            [
                _info(
                    "<p>Madame, Monsieur,</p><p>Toute l'équipe du collège souhaite une excellente année "
                    "scolaire à vos enfants.</p><p>Les emplois du temps définitifs sont en ligne dans "
                    "l'Espace Parents.</p>"
                )
            ],
        ),
        _item(
            "elections",
            "Élection des représentants de parents d'élèves",
            LIFE,
            principal,
            [
                NewsQuestion(
                    "accuse",
                    text="<p>Le vote aura lieu par correspondance. Le matériel de vote est remis à chaque "
                    "famille par l'intermédiaire des élèves.</p>",
                    answer="",
                )
            ],
        ),
        _item(
            "photo",
            "Photo de classe",
            LIFE,
            cpe,
            [
                _info(
                    "<p>Le photographe passera dans les classes la semaine prochaine. Le bon de commande "
                    "est joint à cette information.</p>",
                    attachments=[photo],
                )
            ],
        ),
        _item(
            "cantine-satisfaction",
            "Sondage : la restauration scolaire",
            CANTEEN,
            cpe,
            [
                NewsQuestion(
                    "choix_unique",
                    title="Votre enfant est-il satisfait des repas ?",
                    choices=["Très satisfait", "Plutôt satisfait", "Peu satisfait"],
                    chosen=[2],
                ),
                NewsQuestion(
                    "texte",
                    title="Vos suggestions",
                    max_length=300,
                    answer="Un peu plus de légumes de saison, merci.",
                ),
            ],
            survey=True,
            anonymous=True,
        ),
        _item(
            "menu-noel",
            "Repas de Noël",
            CANTEEN,
            cpe,
            [_info("<p>Un repas de fête sera servi le dernier jeudi avant les vacances de Noël.</p>")],
        ),
    ]
    for child in (first, second):
        if child is None:
            continue
        items.append(
            _item(
                f"reunion-{child.key}",
                f"Réunion parents-professeurs de la {child.class_name}",
                MEETINGS,
                _main_teacher(school, child),
                [
                    NewsQuestion(
                        "accuse",
                        text=f"<p>Les professeurs de la {child.class_name} vous recevront le mardi à partir de "
                        "17h. Merci d'indiquer que vous avez pris connaissance de cette information.</p>",
                    )
                ],
                children=[child.key],
            )
        )
    if first is not None:
        spanish = _teacher(first, "ESPAGNOL LV2", "")
        if spanish:
            items.append(
                _item(
                    f"voyage-{first.key}",
                    "Voyage en Espagne",
                    TRIPS,
                    spanish,
                    [
                        _info(
                            "<p>Un voyage à Salamanque est prévu au printemps pour les élèves d'espagnol. "
                            "Une réunion d'information aura lieu prochainement.</p>"
                        )
                    ],
                    children=[first.key],
                )
            )
    if second is not None:
        items.append(
            _item(
                f"sortie-{second.key}",
                f"Sortie de la {second.class_name} au planétarium",
                TRIPS,
                _main_teacher(school, second),
                [
                    _info(
                        "<p>La classe se rendra au planétarium un vendredi matin. Le retour est prévu à 12h.</p>"
                    )
                ],
                children=[second.key],
            )
        )
    items += [
        _item(
            "evacuation",
            "Exercice d'évacuation",
            SAFETY,
            cpe,
            [
                _info(
                    "<p>Un exercice d'évacuation incendie aura lieu cette semaine. Les élèves ont été informés.</p>"
                )
            ],
        ),
        _item(
            "etude-du-soir",
            "Sondage : étude du soir et accueil du mercredi",
            LIFE,
            principal,
            [
                NewsQuestion(
                    "sans_reponse",
                    text="<p>Afin d'organiser l'étude du soir, merci de répondre à ces quelques questions.</p>",
                ),
                NewsQuestion(
                    "choix_unique",
                    title="Votre enfant restera-t-il à l'étude du soir ?",
                    choices=["Oui, tous les soirs", "Oui, certains soirs", "Non"],
                ),
                NewsQuestion(
                    "choix_multiple",
                    title="Quels soirs ? (deux au plus)",
                    choices=["Lundi", "Mardi", "Jeudi", "Vendredi"],
                    max_choices=2,
                ),
                NewsQuestion("texte", title="Remarques", max_length=500),
            ],
            survey=True,
        ),
        _item(
            "portes-ouvertes",
            "Journée portes ouvertes",
            LIFE,
            principal,
            [
                _info(
                    "<p>Le collège ouvrira ses portes aux futurs élèves et à leurs familles un samedi matin.</p>"
                )
            ],
        ),
    ]
    return items


def _main_teacher(school: School, child: Child) -> str:
    for school_class in school.classes:
        if school_class.name == child.class_name and getattr(school_class, "main_teacher", None):
            return school_class.main_teacher  # type: ignore[return-value]
    return _teacher(child, "FRANÇAIS", "La vie scolaire")
