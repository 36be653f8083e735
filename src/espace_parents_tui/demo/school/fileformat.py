"""The school file format: JSON (UTF-8), documented in ``docs/school-format.md``.

The file mirrors the model of :mod:`.school` field for field (same names), with dates as
``YYYY-MM-DD``, times as ``HH:MM`` and ``schema_version: 1`` at the top. Fields equal to their
default are left out when writing and filled in when reading, so a hand-written file only needs
what matters. Reading checks types, then references and ranges (:func:`validate_school`), and says
in French what is wrong and where.
"""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .model import (
    CHANGE_KINDS,
    EXTRA_LESSON_KINDS,
    PERIOD_KINDS,
    SPECIAL_GRADES,
    WEEKDAYS,
    School,
    SchoolFileError,
)
from .validate_account import account_problems
from .validate_comms import messaging_problems, news_problems
from .validate_parent_actions import parent_actions_problems
from .validate_records import records_problems
from .validate_school_life import school_life_problems
from .validate_schoolwork import check_schoolwork

SCHEMA_VERSION = 1


def load_school(path: str | Path) -> School:
    """Read a school file; :class:`SchoolFileError` (in French) if it is not valid."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchoolFileError(f"Fichier d'école introuvable : {path}") from None
    except UnicodeDecodeError:
        raise SchoolFileError(f"Fichier d'école {path} : le texte n'est pas en UTF-8.") from None
    except OSError as exc:
        raise SchoolFileError(f"Fichier d'école {path} illisible : {exc.strerror}") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchoolFileError(
            f"Fichier d'école {path} : JSON invalide ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})."
        ) from None
    try:
        return school_from_json(raw)
    except SchoolFileError as exc:
        raise SchoolFileError(f"Fichier d'école {path} : {exc}") from None


def dump_school(school: School, path: str | Path) -> None:
    Path(path).write_text(school_to_text(school), encoding="utf-8")


def school_to_text(school: School) -> str:
    """The file's text: UTF-8 JSON, two-space indent, fields in model order, defaults left out."""
    return json.dumps(school_to_json(school), ensure_ascii=False, indent=2) + "\n"


def school_to_json(school: School) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, **_encode(school)}


def school_from_json(raw: Any) -> School:
    if not isinstance(raw, dict):
        raise SchoolFileError("le fichier doit contenir un objet JSON ({…}).")
    if "schema_version" not in raw:
        raise SchoolFileError("« schema_version » manquant (attendu : 1).")
    if raw["schema_version"] != SCHEMA_VERSION:
        raise SchoolFileError(
            f"schema_version {raw['schema_version']!r} non pris en charge (cette version lit le format 1)."
        )
    body = {k: v for k, v in raw.items() if k != "schema_version"}
    school = _decode(School, body, "")
    _link_parents(school)
    validate_school(school)
    return school


def _encode(value: Any) -> Any:
    if is_dataclass(value):
        out: dict[str, Any] = {}
        for f in fields(value):
            item = getattr(value, f.name)
            if _is_default(f, item):
                continue
            if f.metadata.get("keys_of"):
                out[f.name] = [child.key for child in item]
            else:
                out[f.name] = _encode(item)
        return out
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


def _is_default(f: Any, value: Any) -> bool:
    if f.default is not MISSING:
        return value == f.default and isinstance(value, bool) == isinstance(f.default, bool)
    if f.default_factory is not MISSING:
        return value == f.default_factory()
    return False


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _at(path: str) -> str:
    return f"« {path} » : " if path else ""


def _where(path: str) -> str:
    return f"« {path} »" if path else "la racine"


def _decode(kind: Any, raw: Any, path: str) -> Any:
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return None if raw is None else _decode(options[0], raw, path)
    if origin is list:
        if not isinstance(raw, list):
            raise SchoolFileError(f"{_where(path)} doit être une liste.")
        (item,) = typing.get_args(kind)
        return [_decode(item, v, f"{path}[{i}]") for i, v in enumerate(raw)]
    if is_dataclass(kind):
        return _decode_object(kind, raw, path)
    if kind is bool:
        if not isinstance(raw, bool):
            raise SchoolFileError(f"{_where(path)} doit valoir true ou false.")
        return raw
    if kind is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise SchoolFileError(f"{_where(path)} doit être un nombre entier.")
        return raw
    if kind is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise SchoolFileError(f"{_where(path)} doit être un nombre.")
        return float(raw)
    if kind is str:
        if not isinstance(raw, str):
            raise SchoolFileError(f"{_where(path)} doit être un texte.")
        return raw
    if kind is datetime:
        if not isinstance(raw, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", raw):
            raise SchoolFileError(f"{_where(path)} : instant invalide {raw!r} (attendu AAAA-MM-JJTHH:MM).")
        try:
            return datetime.strptime(raw, "%Y-%m-%dT%H:%M")
        except ValueError:
            raise SchoolFileError(f"{_where(path)} : instant inexistant {raw!r}.") from None
    if kind is date:
        if not isinstance(raw, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise SchoolFileError(f"{_where(path)} : date invalide {raw!r} (attendu AAAA-MM-JJ).")
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise SchoolFileError(f"{_where(path)} : date inexistante {raw!r}.") from None
    if kind is time:
        if not isinstance(raw, str) or not re.fullmatch(r"\d{2}:\d{2}", raw):
            raise SchoolFileError(f"{_where(path)} : heure invalide {raw!r} (attendu HH:MM).")
        try:
            return datetime.strptime(raw, "%H:%M").time()
        except ValueError:
            raise SchoolFileError(f"{_where(path)} : heure inexistante {raw!r}.") from None
    raise TypeError(kind)  # pragma: no cover - a model type this decoder does not know


def _decode_object(cls: type, raw: Any, path: str) -> Any:
    if not isinstance(raw, dict):
        raise SchoolFileError(f"{_where(path)} doit être un objet ({{…}}).")
    known = {f.name: f for f in fields(cls)}
    for name in raw:
        if name not in known:
            raise SchoolFileError(f"{_at(path)}clé inconnue « {name} ».")
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for name, f in known.items():
        sub = f"{path}.{name}" if path else name
        if name not in raw:
            if f.default is MISSING and f.default_factory is MISSING:
                raise SchoolFileError(f"{_at(path)}« {name} » manquant.")
            continue
        if f.metadata.get("keys_of"):
            values[name] = _decode(list[str], raw[name], sub)
        else:
            values[name] = _decode(hints[name], raw[name], sub)
    return cls(**values)


def _link_parents(school: School) -> None:
    by_key = {c.key: c for c in school.children}
    for i, parent in enumerate(school.parents):
        linked = []
        for j, key in enumerate(parent.children):
            if key not in by_key:
                raise SchoolFileError(f"« parents[{i}].children[{j}] » : aucun enfant n'a la clé « {key} ».")
            linked.append(by_key[key])
        parent.children = linked


def validate_school(school: School) -> None:
    """Check what the types cannot: references, ranges, the grid. Raises :class:`SchoolFileError`."""
    problems: list[str] = []

    def check(ok: bool, where: str, message: str) -> None:
        if not ok:
            problems.append(f"« {where} » : {message}")

    def unique(names: list[str], where: str) -> set[str]:
        seen: set[str] = set()
        for i, name in enumerate(names):
            check(name not in seen, f"{where}[{i}]", f"« {name} » apparaît deux fois.")
            seen.add(name)
        return seen

    grid = school.grid
    check(school.year_start <= school.year_end, "year_end", "l'année finit avant de commencer.")
    check(
        grid.place_minutes > 0 and 60 % grid.place_minutes == 0,
        "grid.place_minutes",
        "doit diviser 60 (15, 20, 30, 60…).",
    )
    if problems:
        raise SchoolFileError(problems[0])
    check(
        grid.minutes_of(time(0, 0)) + grid.places_per_day * grid.place_minutes <= 24 * 60,
        "grid.places_per_day",
        "la journée dépasse minuit.",
    )
    for i, moment in enumerate(grid.lesson_starts):
        check(grid.on_grid(moment), f"grid.lesson_starts[{i}]", f"{moment:%H:%M} n'est pas sur la grille.")
    for i, day in enumerate(school.school_weekdays):
        check(0 <= day <= 6, f"school_weekdays[{i}]", "jour de 0 (lundi) à 6 (dimanche).")
    check(bool(school.periods), "periods", "il faut au moins une période.")
    for i, period in enumerate(school.periods):
        check(period.start <= period.end, f"periods[{i}]", "la période finit avant de commencer.")
        check(
            period.kind in PERIOD_KINDS,
            f"periods[{i}].kind",
            f"« {period.kind} » inconnu ({', '.join(PERIOD_KINDS)}).",
        )
    periods = unique([p.name for p in school.periods], "periods")
    for i, holiday in enumerate(school.holidays):
        check(holiday.start <= holiday.end, f"holidays[{i}]", "les congés finissent avant de commencer.")
    subjects = unique([s.name for s in school.subjects], "subjects")
    for i, subject in enumerate(school.subjects):
        check(
            bool(re.fullmatch(r"#[0-9A-Fa-f]{6}", subject.color)),
            f"subjects[{i}].color",
            "couleur #RRGGBB attendue.",
        )
        part_names = [part.name for part in subject.parts]
        for j, part in enumerate(subject.parts):
            where = f"subjects[{i}].parts[{j}]"
            check(bool(part.name.strip()), f"{where}.name", "nom vide.")
            check(part_names.count(part.name) == 1, f"{where}.name", f"« {part.name} » en double.")
            check(
                part.name not in subjects, f"{where}.name", f"« {part.name} » est déjà le nom d'une matière."
            )
            check(part.coefficient > 0, f"{where}.coefficient", "le coefficient doit être positif.")
    teachers = unique([t.name for t in school.teachers], "teachers")
    for i, teacher in enumerate(school.teachers):
        for j, name in enumerate(teacher.subjects):
            check(name in subjects, f"teachers[{i}].subjects[{j}]", f"matière inconnue « {name} ».")
    rooms = unique(list(school.rooms), "rooms")
    classes = {c.name: c for c in school.classes}
    unique([c.name for c in school.classes], "classes")
    unique([c.key for c in school.children], "children")
    for i, child in enumerate(school.children):
        at = f"children[{i}]"
        check(
            bool(re.fullmatch(r"[a-z0-9_-]+", child.key)),
            f"{at}.key",
            "lettres minuscules, chiffres, - ou _.",
        )
        school_class = classes.get(child.class_name)
        check(school_class is not None, f"{at}.class_name", f"classe inconnue « {child.class_name} ».")
        for j, group in enumerate(child.groups):
            check(
                school_class is None or group in school_class.groups,
                f"{at}.groups[{j}]",
                f"la classe {child.class_name} n'a pas de groupe « {group} ».",
            )
        starts: dict[tuple[int, time], int] = {}
        for j, lesson in enumerate(child.timetable):
            where = f"{at}.timetable[{j}]"
            check(lesson.weekday in school.school_weekdays, f"{where}.weekday", "pas un jour de classe.")
            check(
                grid.on_grid(lesson.start), f"{where}.start", f"{lesson.start:%H:%M} n'est pas sur la grille."
            )
            check(
                lesson.minutes > 0
                and grid.minutes_of(lesson.start) + lesson.minutes
                <= grid.places_per_day * grid.place_minutes,
                f"{where}.minutes",
                "durée nulle ou qui dépasse la fin de journée.",
            )
            check(lesson.subject in subjects, f"{where}.subject", f"matière inconnue « {lesson.subject} ».")
            check(lesson.teacher in teachers, f"{where}.teacher", f"professeur inconnu « {lesson.teacher} ».")
            check(
                lesson.room is None or lesson.room in rooms,
                f"{where}.room",
                f"salle inconnue « {lesson.room} ».",
            )
            check(
                lesson.group is None or lesson.group in child.groups,
                f"{where}.group",
                f"« {lesson.group} » n'est pas un groupe de l'enfant.",
            )
            check(
                (lesson.weekday, lesson.start) not in starts, where, "deux cours commencent au même moment."
            )
            starts[(lesson.weekday, lesson.start)] = j
        for j, change in enumerate(child.changes):
            where = f"{at}.changes[{j}]"
            check(
                change.kind in CHANGE_KINDS,
                f"{where}.kind",
                f"« {change.kind} » inconnu ({', '.join(CHANGE_KINDS)}).",
            )
            check(
                (change.date.weekday(), change.start) in starts,
                where,
                f"aucun cours le {WEEKDAYS[change.date.weekday()]} à {change.start:%H:%M} dans l'emploi du temps.",
            )
            check(
                change.kind != "salle" or change.room is not None,
                f"{where}.room",
                "un changement de salle donne la nouvelle salle.",
            )
            check(
                change.room is None or change.room in rooms,
                f"{where}.room",
                f"salle inconnue « {change.room} ».",
            )
            check(
                change.teacher is None or change.teacher in teachers,
                f"{where}.teacher",
                f"professeur inconnu « {change.teacher} ».",
            )
        for j, extra in enumerate(child.extra_lessons):
            where = f"{at}.extra_lessons[{j}]"
            check(
                extra.kind in EXTRA_LESSON_KINDS,
                f"{where}.kind",
                f"« {extra.kind} » inconnu (retenue, sortie).",
            )
            check(
                grid.on_grid(extra.start), f"{where}.start", f"{extra.start:%H:%M} n'est pas sur la grille."
            )
            check(extra.minutes > 0, f"{where}.minutes", "durée nulle.")
            check(
                extra.room is None or extra.room in rooms,
                f"{where}.room",
                f"salle inconnue « {extra.room} ».",
            )
        for j, grade in enumerate(child.grades):
            where = f"{at}.grades[{j}]"
            check(grade.subject in subjects, f"{where}.subject", f"matière inconnue « {grade.subject} ».")
            if grade.part is not None:
                owner = school.subject(grade.subject)
                known = [part.name for part in owner.parts] if owner else []
                check(
                    grade.part in known,
                    f"{where}.part",
                    f"sous-matière inconnue « {grade.part} » pour « {grade.subject} »"
                    + (f" (sous-matières : {', '.join(known)})." if known else " (elle n'en a pas)."),
                )
            check(grade.period in periods, f"{where}.period", f"période inconnue « {grade.period} ».")
            check(grade.out_of > 0, f"{where}.out_of", "le barème doit être positif.")
            check(grade.coefficient >= 0, f"{where}.coefficient", "le coefficient ne peut pas être négatif.")
            check(
                (grade.value is None) != (grade.special is None),
                where,
                "donner soit « value », soit « special ».",
            )
            if grade.value is not None:
                check(
                    0 <= grade.value <= grade.out_of,
                    f"{where}.value",
                    f"note hors du barème (0 à {grade.out_of:g}).",
                )
            if grade.special is not None:
                check(grade.special in SPECIAL_GRADES, f"{where}.special", "code de 1 à 8.")
            for name in ("class_average", "class_min", "class_max"):
                stat = getattr(grade, name)
                check(stat is None or 0 <= stat <= grade.out_of, f"{where}.{name}", "hors du barème.")
        for j, name in enumerate(child.hidden_averages):
            check(name in subjects, f"{at}.hidden_averages[{j}]", f"matière inconnue « {name} ».")
        for j, dated in enumerate(child.dated_lessons):
            where = f"{at}.dated_lessons[{j}]"
            check(dated.minutes > 0, f"{where}.minutes", "durée nulle.")
            check(dated.kind in ("cours", *EXTRA_LESSON_KINDS), f"{where}.kind", f"« {dated.kind} » inconnu.")
            check(dated.subject is None or dated.subject in subjects, f"{where}.subject", "matière inconnue.")
            for name in dated.teachers:
                check(name in teachers, f"{where}.teachers", f"professeur inconnu « {name} ».")
            check(
                dated.room is None or dated.room in rooms,
                f"{where}.room",
                f"salle inconnue « {dated.room} ».",
            )
    unique([p.login for p in school.parents], "parents")
    keys = {c.key for c in school.children}
    for i, failure in enumerate(school.failures):
        check(bool(failure.function), f"failures[{i}].function", "fonction PRONOTE manquante.")
        check(
            failure.child is None or failure.child in keys,
            f"failures[{i}].child",
            "aucun enfant n'a cette clé.",
        )
    for i, parent in enumerate(school.parents):
        check(bool(parent.login), f"parents[{i}].login", "identifiant vide.")
        check(bool(parent.children), f"parents[{i}].children", "un parent a au moins un enfant.")
    problems += check_schoolwork(school)  # cahier de textes, menus, agenda
    problems += messaging_problems(school) + news_problems(school)  # messagerie, informations
    problems += school_life_problems(school)  # vie scolaire, compétences, bulletins, équipe, compte
    problems += parent_actions_problems(school)  # justifications, documents à fournir, casier
    problems += account_problems(school)  # compte, données de l'enfant, rencontres
    problems += records_problems(school)  # années passées, orientation, stages, entreprises
    if problems:
        more = f" (et {len(problems) - 1} autre(s) problème(s))" if len(problems) > 1 else ""
        raise SchoolFileError(problems[0] + more)
