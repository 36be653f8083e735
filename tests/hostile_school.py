"""A school whose every text is hostile, written as a school file (docs/school-format.md).

Names, subjects, rooms, message bodies, news titles, homework and file names carry Rich/Textual
markup, ANSI escape sequences, OSC 8 hyperlinks, OSC 52 clipboard writes, C0/C1 control characters,
right-to-left overrides, a 10,000-character word, and PRONOTE-like HTML with lists, tables, links
(one ``javascript:``) and an image. Attachments are named ``../``, ``/etc/…``, ``CON``, with a NUL,
very long, or like another one. The tests write it with :func:`write_hostile_school` and serve it
through the file format, like ``espace-parents --demo --school FILE``.
"""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 24)  # a Tuesday of the second trimester, as tui_helpers.TODAY
MONDAY = TODAY - timedelta(days=TODAY.weekday())

# The hostile pieces, each with a visible part that must still show.
MARKUP = "[bold]Gras[/] [/] [link=https://evil.example/]lien[/link] [@click=app.quit]Quitter[/]"
ANSI = "\x1b[31mROUGE\x1b[0m\x1b[2J\x1b[6n"
OSC8 = "\x1b]8;;https://evil.example/osc8\x1b\\Cliquez\x1b]8;;\x1b\\"
OSC52 = "\x1b]52;c;cHduZWQgYnkgb3NjNTI=\x07"
CONTROLS = "Cloche\x07Retour\x08Chariot\rNul\x00C1\x9b6nFin"
RTL = "Devoir\u202efdp.exe"
LONG = "W" * 10_000

# What a terminal must never receive, whatever the screen (the payloads above, in the clear).
FORBIDDEN = ("\x1b[6n", "\x1b[2J", "]52;", "evil.example/osc8", "\x9b", "\u202e", "\x07", "\x00", "\x08")
# What must still show, literally.
VISIBLE = ("[bold]Gras[/]", "[@click=app.quit]Quitter[/]", "ROUGE", "Cliquez")

CHILD = f"HOSTILE {MARKUP} Zoé"
TEACHER = f"M. DUPONT {ANSI} J."
STAFF = f"Mme CPE {OSC52}{OSC8} C."
MATHS = f"MATHS {MARKUP}"
FRENCH = f"FRANÇAIS {ANSI}{RTL}"
ROOM = f"[@click=app.quit]101{OSC52}"
PARENT = f"Mme HOSTILE {CONTROLS} Claire"

# PRONOTE-like HTML (its editor writes divs, inline styles, entities, nested lists, tables).
HOMEWORK_HTML = (
    '<div style="font-family: Arial; font-size: 13px;">Pour <strong>jeudi</strong>&nbsp;: '
    "<em>relire</em> le cours &amp; faire :</div>"
    "<ul><li>les exercices <b>12</b> et 13 p.&nbsp;45<ul><li>sans calculatrice</li>"
    "<li>au propre</li></ul></li><li>la fiche [bold]méthode[/]</li></ol>"
    '<table border="1" style="border-collapse: collapse; width: 100%;"><tbody>'
    "<tr><td><strong>Exercice</strong></td><td><strong>Barème</strong></td></tr>"
    "<tr><td>12</td><td>4 points</td></tr><tr><td>13</td><td>6 points</td></tr></tbody></table>"
    '<p>Corrigé : <a href="https://college.example/corrige.pdf" target="_blank">le corrigé</a>, '
    '<a href="javascript:alert(1)">piège</a>, <a href="mailto:prof@college.example">écrire</a>.</p>'
    '<p><img src="https://tracker.example/pixel.png" alt="schéma du triangle" /></p>'
    f"<p>{ANSI}{OSC8}{OSC52}{CONTROLS}</p><p>{RTL}</p><p>{LONG}</p>"
)
MESSAGE_HTML = (
    f"<p>Bonjour,</p><p><b>{MARKUP}</b></p><ol><li>premier</li><li>second</li></ol>"
    f'<p><a href="https://college.example/reunion">{OSC8}réunion</a></p><p>{ANSI}{OSC52}</p>'
)
NEWS_HTML = (
    f"<h3>{MARKUP}</h3><p>Texte {ANSI} {RTL}</p>"
    '<p><a href="javascript:alert(document.cookie)">voir</a> '
    '<a href="https://college.example/sortie">programme</a></p>'
    f'<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="{MARKUP}"></p>'
)

# A homework as a teacher formats it, with nothing hostile: the snapshot shows its list and table.
FORMATTED_HTML = (
    "<div>Pour <strong>vendredi</strong>&nbsp;:</div>"
    "<ul><li>exercices 4 et 5 p.&nbsp;62<ul><li>sans calculatrice</li></ul></li>"
    "<li>apprendre la <em>propriété</em> de Pythagore</li></ul>"
    '<table border="1" style="border-collapse: collapse;"><tbody>'
    "<tr><td><strong>Exercice</strong></td><td><strong>Points</strong></td></tr>"
    "<tr><td>4</td><td>8</td></tr><tr><td>5</td><td>12</td></tr></tbody></table>"
    '<p>Aide : <a href="https://college.example/pythagore">la fiche</a></p>'
)

# Attachment names: each must be saved under a safe name inside the download folder.
FILE_NAMES = (
    "../../../echappe.pdf",
    "/etc/passwd",
    "C:\\Windows\\system32\\evil.dll",
    "nul\x00cache.pdf",
    "CON",
    "com1.txt",
    ("é" * 300) + ".pdf",
    "devoir.pdf",
    "devoir.pdf",
    RTL,
    f"{ANSI}couleur.pdf",
    "..",
)


def pdf(index: int) -> bytes:
    """The bytes of the ``index``-th document (each one different)."""
    return b"%PDF-1.4\n% hostile demo, document " + str(index).encode() + b"\n%%EOF\n"


def _day(offset: int) -> str:
    return (MONDAY + timedelta(days=offset)).isoformat()


def hostile_school() -> dict:
    """The school file's JSON, as a dict."""
    documents = [
        {"key": f"doc-{i}", "name": name, "data": base64.b64encode(pdf(i)).decode()}
        for i, name in enumerate(FILE_NAMES)
    ]
    files = [{"name": d["name"], "document": d["key"]} for d in documents]
    timetable = [
        {"weekday": day, "start": "08:00", "minutes": 60, "subject": MATHS, "teacher": TEACHER, "room": ROOM}
        for day in range(5)
    ] + [
        {"weekday": day, "start": "10:00", "minutes": 60, "subject": FRENCH, "teacher": TEACHER, "room": ROOM}
        for day in (0, 1, 3, 4)
    ]
    child = {
        "key": "zoe",
        "name": CHILD,
        "class_name": f"4e {MARKUP}",
        "timetable": timetable,
        "changes": [{"date": _day(1), "start": "10:00", "kind": "modifie", "memo": f"{MARKUP}{ANSI}"}],
        "grades": [
            {
                "subject": MATHS,
                "date": _day(0),
                "period": "Trimestre 2",
                "value": 15,
                "comment": f"Contrôle {MARKUP} {ANSI} {RTL} {LONG}",
                "class_average": 11,
            },
            {"subject": FRENCH, "date": _day(0), "period": "Trimestre 2", "value": 9, "comment": OSC52},
        ],
        "homework": [
            {
                "subject": MATHS,
                "given": _day(0),
                "due": _day(3),
                "description": HOMEWORK_HTML,
                "attachments": files,
                "themes": [MARKUP],
            },
            {"subject": MATHS, "given": _day(1), "due": _day(4), "description": FORMATTED_HTML},
            {
                "subject": FRENCH,
                "given": _day(0),
                "due": _day(1),
                "description": f"Lire {MARKUP} {ANSI}",
                "attachments": [{"name": f"lien {MARKUP}", "url": "https://college.example/lecture"}],
            },
        ],
        "lesson_contents": [
            {
                "date": _day(0),
                "start": "08:00",
                "title": f"Chapitre {MARKUP} {ANSI}",
                "description": HOMEWORK_HTML,
                "attachments": files[:3],
            }
        ],
        "absences": [
            {
                "start": f"{_day(0)}T08:00",
                "end": f"{_day(0)}T09:00",
                "reasons": [f"Motif {MARKUP}{ANSI}"],
            }
        ],
        "observations": [
            {
                "date": _day(0),
                "kind": "observation",
                "title": f"Oubli {MARKUP}",
                "teacher": TEACHER,
                "comment": f"{ANSI}{OSC8}{LONG}",
            }
        ],
        "past_years": [
            {
                "year": "2025-2026",
                "class_name": f"5e {MARKUP}",
                "averages": [{"subject": MATHS, "average": 12.5}, {"subject": FRENCH, "average": 14}],
                "report_cards": [{"period": f"Trimestre {MARKUP}", "document": "doc-0"}],
            }
        ],
        "livret": [
            {
                "year": "2025-2026",
                "class_name": f"5e {MARKUP}",
                "published": "2026-07-03",
                "subjects": [
                    {
                        "subject": MATHS,
                        "competences": [{"name": f"Chercher {ANSI}{OSC8}", "level": "fragile"}],
                        "appreciation": f"{MARKUP}{OSC52}{CONTROLS}",
                    }
                ],
                "domains": [{"name": f"Domaine {RTL}", "level": "tres_bonne"}],
                "appreciation": f"{LONG}{ANSI}",
            }
        ],
        "orientation": {
            "level": f"Orientation {MARKUP} {ANSI}",
            "tracks": [{"key": "t1", "name": f"Voie {MARKUP} {OSC8}"}, {"key": "t2", "name": f"Autre {RTL}"}],
            "steps": [
                {"kind": "intentions", "title": f"Intentions {ANSI}", "wishes": [{"track": "t1", "comment": f"{MARKUP}{OSC52}"}]},
                {"kind": "recommandations", "title": f"Avis {MARKUP}", "answers": ["t2"], "comment": f"{ANSI}{LONG}", "acknowledge": True},
            ],
        },
        "internships": [
            {
                "key": "s1",
                "subject": f"Stage {MARKUP} {ANSI}",
                "company": "c1",
                "start": _day(14),
                "end": _day(18),
                "tutor": f"Tuteur {OSC8}",
                "schedule": f"{CONTROLS}",
                "details": f"{MARKUP}{RTL}",
            }
        ],
    }
    discussion = {
        "key": "d1",
        "subject": f"Objet {MARKUP} {OSC8} {RTL}",
        "participants": [TEACHER, STAFF],
        "child": "zoe",
        "messages": [
            {
                "author": TEACHER,
                "sent": f"{_day(0)}T17:00",
                "text": f"Texte brut {MARKUP}\n{ANSI}{OSC52}{CONTROLS}\n{LONG}",
                "attachments": files[:4],
                "read": False,
            },
            {"author": STAFF, "sent": f"{_day(0)}T18:00", "text": MESSAGE_HTML, "html": True},
        ],
    }
    return {
        "schema_version": 1,
        "name": f"Collège {MARKUP} {ANSI}",
        "city": f"Ville {OSC52}",
        "year_start": "2026-09-01",
        "year_end": "2027-07-02",
        "periods": [
            {"name": "Trimestre 1", "start": "2026-09-01", "end": "2026-11-22"},
            {"name": "Trimestre 2", "start": "2026-11-23", "end": "2027-03-07"},
            {"name": "Trimestre 3", "start": "2027-03-08", "end": "2027-07-02"},
        ],
        "grid": {"lesson_starts": ["08:00", "09:00", "10:00", "11:00"]},
        "subjects": [{"name": MATHS, "color": "#FF8040"}, {"name": FRENCH, "color": "#2338BB"}],
        "teachers": [{"name": TEACHER, "subjects": [MATHS, FRENCH], "email": "prof@college.example"}],
        "staff": [{"name": STAFF, "function": f"CPE {MARKUP}", "email": "cpe@college.example"}],
        "rooms": [ROOM],
        "classes": [{"name": f"4e {MARKUP}", "level": "4e", "main_teacher": TEACHER}],
        "children": [child],
        "parents": [
            {
                "login": "hostile",
                "password": "hostile",
                "name": PARENT,
                "children": ["zoe"],
                "discussions": [discussion],
            }
        ],
        "documents": documents,
        "extra_tabs": [44, 83],
        "textbooks": [
            {"title": f"Manuel {MARKUP} {ANSI}", "publisher": f"Éditeur {OSC52}", "subject": MATHS, "url": f"https://manuels.example/{RTL}"}
        ],
        "companies": [
            {"key": "c1", "name": f"Entreprise {MARKUP} {ANSI}", "activity": OSC8, "offers": [f"Offre {RTL}"]}
        ],
        "news_categories": [f"Catégorie {MARKUP}"],
        "news": [
            {
                "key": "n1",
                "title": f"Info {MARKUP} {ANSI} {OSC8} {RTL}",
                "category": f"Catégorie {MARKUP}",
                "author": STAFF,
                "created": f"{_day(0)}T07:00",
                "start": _day(0),
                "end": _day(30),
                "questions": [{"kind": "information", "text": NEWS_HTML, "attachments": files[4:8]}],
            }
        ],
        "events": [
            {
                "title": f"Réunion {MARKUP} {ANSI}",
                "start": f"{_day(2)}T18:00",
                "end": f"{_day(2)}T19:00",
                "comment": f"{OSC52}{LONG}",
            }
        ],
        "menus": [
            {
                "date": _day(1),
                "dishes": [
                    {"course": "entree", "name": f"Salade {MARKUP}"},
                    {"course": "plat", "name": f"Plat {ANSI}{RTL}"},
                ],
            }
        ],
    }


def write_hostile_school(folder: Path) -> Path:
    """Write the school file in ``folder`` (JSON escapes the controls: the file is plain text)."""
    path = folder / "ecole-hostile.json"
    path.write_text(json.dumps(hostile_school(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path
