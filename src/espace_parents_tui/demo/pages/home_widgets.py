"""The home page's widgets a parent's home page shows (``PageAccueil``, tab 7), beside the three of
:mod:`.home`: latest grades, latest skills, the school-life counters, homework to come, the
discussions and the news.

**Every field here is guessed.** ``parent-features.md`` §11 gives the ``EGenreWidget`` names (0
discussions, 6 vieScolaire, 7 travailAFaire, 9 actualites, 10 notes, 18 competences) and says the web
client asks and the server decides which widgets come back; what is inside them was never recorded
(no ``PageAccueil`` answer in ``fixtures/pronote-real``, §17). This server therefore answers a widget
only when the request carries its key (named after the ``EGenreWidget`` value, a guess), and fills
it with what a parent's home page shows, in the words the other pages of the protocol use for the
same things (``listeDevoirs``, ``service``, ``note``, ``bareme`` as ``DernieresNotes``; ``PourLe``,
``descriptif``, ``TAFFait`` as ``PageCahierDeTexte``; ``objet``, ``nombreMessages``, ``nbNonLus`` as
``ListeMessagerie``):

- ``notes``: the current period (``periode.L``), how many grades it holds (``nombreDeNotes``) and the
  latest ones, newest first (``listeDevoirs``: date, subject, mark, scale, coefficient, comment);
- ``competences``: the same for skill evaluations (``periode``, ``nombre``, ``listeEvaluations``);
- ``vieScolaire``: the current period's counters (absences, of which not justified, delays, of which
  not justified, punishments, observations) and the latest events (``listeEvenements``);
- ``travailAFaire``: the homework due from the ``date`` asked (every one: ``nombre`` and
  ``listeTravaux`` with due date, subject, the text and the family's "done" tick);
- ``discussions``: unread messages (``nbNonLus``), discussions (``nombre``) and the latest ones
  (``listeDiscussions``: subject, date of the last message, messages, unread);
- ``actualites``: the news shown to the child's family (``nombre``, ``nbNonLues``) and the latest ones
  (``listeActualites``: title, creation date, read).

They are summaries: a change to an old item that no list shows and no counter counts (a grade of
three weeks ago corrected) does not show here; a client must not take them for a complete account.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from .contract import PageRequest
from .grades import grade_mark, grades_of
from .homework import is_done
from .messaging import mailbox
from .news import visible_items
from .values import day_value, liste, moment_value, number_text, parse_day, plain_number, typed

LATEST = 5  # how many items a widget lists (guessed: a home page shows a few)
WIDGET_KEYS = ("notes", "competences", "vieScolaire", "travailAFaire", "discussions", "actualites")


def _moment(value: datetime) -> dict[str, Any]:
    return moment_value(value.date(), value.time())


def _service(name: str) -> dict[str, Any]:
    return typed(24, {"L": name})


def _notes(request: PageRequest, child: Any) -> dict[str, Any]:
    period = request.school.current_period(request.today)
    grades = [grade for _index, grade in grades_of(request, child, period)]
    latest = sorted(grades, key=lambda g: g.date, reverse=True)[:LATEST]
    return {
        "periode": typed(24, {"L": period.name}),
        "nombreDeNotes": len(grades),
        "listeDevoirs": liste(
            [
                {
                    "date": day_value(g.date),
                    "service": _service(g.subject),
                    "note": grade_mark(g),
                    "bareme": typed(10, number_text(g.out_of)),
                    "coefficient": plain_number(g.coefficient),
                    "commentaire": g.comment,
                }
                for g in latest
            ]
        ),
    }


def _competences(request: PageRequest, child: Any) -> dict[str, Any]:
    period = request.school.current_period(request.today)
    found = [e for e in child.evaluations if e.date <= request.today and e.period == period.name]
    latest = sorted(found, key=lambda e: e.date, reverse=True)[:LATEST]
    return {
        "periode": typed(24, {"L": period.name}),
        "nombre": len(found),
        "listeEvaluations": liste(
            [{"L": e.name, "date": day_value(e.date), "service": _service(e.subject)} for e in latest]
        ),
    }


def _vie_scolaire(request: PageRequest, child: Any) -> dict[str, Any]:
    period = request.school.current_period(request.today)
    first, last = period.start, period.end
    start, end = datetime.combine(first, time(0, 0)), datetime.combine(last, time(23, 59, 59))
    absences = [a for a in child.absences if a.start <= end and a.end >= start]
    delays = [d for d in child.delays if first <= d.time.date() <= last]
    punishments = [p for p in child.punishments if first <= p.given.date() <= last]
    observations = [o for o in child.observations if first <= o.date <= last]
    events = (
        [(a.start, "absence") for a in absences]
        + [(d.time, "retard") for d in delays]
        + [(p.given, "punition") for p in punishments]
        + [(datetime.combine(o.date, time(0, 0)), "observation") for o in observations]
    )
    events.sort(reverse=True)
    return {
        "periode": typed(24, {"L": period.name}),
        "nbAbsences": len(absences),
        "nbAbsencesNonJustifiees": sum(1 for a in absences if not a.justified),
        "nbRetards": len(delays),
        "nbRetardsNonJustifies": sum(1 for d in delays if not d.justified),
        "nbPunitions": len(punishments),
        "nbObservations": len(observations),
        "listeEvenements": liste([{"L": kind, "date": _moment(when)} for when, kind in events[:LATEST]]),
    }


def _travail_a_faire(request: PageRequest, child: Any, asked: Any) -> dict[str, Any]:
    since = parse_day(asked.get("date")) if isinstance(asked, dict) else None
    since = since or request.today
    due = [(i, hw) for i, hw in enumerate(child.homework) if hw.due >= since]
    due.sort(key=lambda pair: (pair[1].due, pair[1].subject))
    return {
        "nombre": len(due),
        "listeTravaux": liste(
            [
                {
                    "PourLe": day_value(hw.due),
                    "DonneLe": day_value(hw.given),
                    "Matiere": _service(hw.subject),
                    "descriptif": typed(21, hw.description),
                    "TAFFait": is_done(request, child, i),
                }
                for i, hw in due
            ]
        ),
    }


def _discussions(request: PageRequest) -> dict[str, Any]:
    me = request.parent.name
    discussions = [d for d in mailbox(request) if d.messages]
    discussions.sort(key=lambda d: max(m.sent for m in d.messages), reverse=True)

    def unread(d: Any) -> int:
        return sum(1 for m in d.messages if not m.read and m.author != me)

    return {
        "nbNonLus": sum(unread(d) for d in discussions),
        "nombre": len(discussions),
        "listeDiscussions": liste(
            [
                {
                    "objet": d.subject,
                    "date": _moment(max(m.sent for m in d.messages)),
                    "nombreMessages": len(d.messages),
                    "nbNonLus": unread(d),
                }
                for d in discussions[:LATEST]
            ]
        ),
    }


def _actualites(request: PageRequest) -> dict[str, Any]:
    items = sorted(visible_items(request), key=lambda i: i.created, reverse=True)
    return {
        "nombre": len(items),
        "nbNonLues": sum(1 for i in items if not i.read),
        "listeActualites": liste(
            [{"L": i.title, "dateCreation": _moment(i.created), "lue": i.read} for i in items[:LATEST]]
        ),
    }


def widgets(request: PageRequest, child: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The widgets of :data:`WIDGET_KEYS` the request asks for, filled."""
    answer: dict[str, Any] = {}
    if "notes" in data:
        answer["notes"] = _notes(request, child)
    if "competences" in data:
        answer["competences"] = _competences(request, child)
    if "vieScolaire" in data:
        answer["vieScolaire"] = _vie_scolaire(request, child)
    if "travailAFaire" in data:
        answer["travailAFaire"] = _travail_a_faire(request, child, data["travailAFaire"])
    if "discussions" in data:
        answer["discussions"] = _discussions(request)
    if "actualites" in data:
        answer["actualites"] = _actualites(request)
    return answer
