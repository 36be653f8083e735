"""Malformed server answers: a seeded, bounded fuzzer through the client and the portal.

The corpus is every answer the emulated server gives in a full sync (recorded section by section,
login included), plus the recorded real answers of ``../shared/fixtures/pronote-real/`` when that
folder is there. Each case spoils one answer (demo/faults.py: a payload mutation, or a transport
fault), runs the portal's sync of the section that asks for it on a copy of a synced cache, and
judges: no exception but one clear sentence, the failure said (an error, or the section's problem),
and nothing lost from the cache.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from espace_parents_tui.demo.faults import (
    MUTATION_KINDS,
    PAGE_KINDS,
    PAYLOAD,
    TRANSPORT_KINDS,
    AnswerFault,
    JsonMutator,
)
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.instance import instance_info
from espace_parents_tui.service.portal import Portal, PortalError
from espace_parents_tui.service.sections import SECTIONS

from .world import ACCOUNT_KEY, Outcome, World, lost_between, open_cache, snapshot

LOGIN_FUNCTIONS = ("FonctionParametres", "Identification", "Authentification", "ParametresUtilisateur")
LOGIN_SECTION = "account"  # the smallest sync: one call after the login
REAL = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "pronote-real"
# The recordings of appelfonction answers, by the function that gives them.
REAL_FUNCTIONS = ("FonctionParametres", "ParametresUtilisateur", "PageEmploiDuTemps")

ROW_TITLES = {
    "remove": "Réponse malformée : champ supprimé",
    "wrong_type": "Réponse malformée : mauvais type",
    "null": "Réponse malformée : null",
    "huge_string": "Réponse malformée : texte énorme (200 000 caractères)",
    "huge_list": "Réponse malformée : liste énorme (1 000 éléments)",
    "bad_date": "Réponse malformée : date invalide",
    "unknown_enum": "Réponse malformée : valeur d'énumération inconnue",
    "http500": "HTTP 500",
    "http503": "HTTP 503",
    "http429": "HTTP 429",
    "html_error": "Page d'erreur HTML au lieu de JSON",
    "redirect_ent": "Redirection vers l'ENT",
    "truncated": "Corps de réponse tronqué",
    "bad_crypto": "Chiffrement illisible (dataSec)",
    "bad_compression": "Compression illisible (dataSec)",
    "slow_body": "Corps de réponse trop lent (coupé au délai)",
    "cut": "Connexion coupée au milieu de la réponse",
    "real": "Réponses réelles enregistrées, modifiées",
}


@dataclass(frozen=True)
class Answer:
    """One answer of the server in a section's sync: the ``occurrence``-th answer to ``function``."""

    section: str
    function: str
    occurrence: int
    payload: Any


@dataclass
class Case:
    row: str  # a key of ROW_TITLES
    section: str  # the section synced ("infoMobileApp": the onboarding's server check)
    function: str  # the answer spoiled ("page", an appelfonction name, "infoMobileApp")
    occurrence: int
    kind: str  # PAYLOAD or a transport kind
    mutate: Callable[[Any], Any] | None = None
    what: str = ""

    def fault(self, stall: float) -> AnswerFault:
        return AnswerFault(self.function, self.kind, self.occurrence, mutate=self.mutate, stall=stall)

    def describe(self) -> str:
        return f"{self.section} / {self.function} #{self.occurrence} / {self.kind} {self.what}".strip()


# --- the corpus ----------------------------------------------------------------------------------


async def collect(w: World) -> list[Answer]:
    """Every answer of a full sync, section by section (the login's answers once)."""
    functions = set(w.app.pages) | set(LOGIN_FUNCTIONS)
    answers: list[Answer] = []
    for section in SECTIONS:
        seen: list[tuple[str, Any]] = []
        w.app.options.faults = [
            AnswerFault(name, PAYLOAD, times=0, mutate=_recorder(seen, name)) for name in sorted(functions)
        ]
        path = w.fresh_cache()
        cache = open_cache(path)
        portal = w.portal(cache)
        try:
            report = await portal.sync(sections=[section])
            assert not report.problems, report.problems
        finally:
            w.app.options.faults = []
            await portal.close()
            cache.close()
            w.drop_case(path)
        counts: dict[str, int] = {}
        for function, payload in seen:
            counts[function] = counts.get(function, 0) + 1
            if function in LOGIN_FUNCTIONS and section != LOGIN_SECTION:
                continue
            answers.append(Answer(section, function, counts[function], payload))
    return answers


def _recorder(seen: list[tuple[str, Any]], function: str) -> Callable[[Any], Any]:
    def record(payload: Any) -> Any:
        seen.append((function, payload))
        return payload

    return record


def real_recordings(folder: Path = REAL) -> dict[str, list[tuple[str, Any]]]:
    """The recorded real answers by function (decoded ``dataSec`` payloads), and infoMobileApp's."""
    found: dict[str, list[tuple[str, Any]]] = {}
    if not folder.is_dir():
        return found
    for function in (*REAL_FUNCTIONS, "infoMobileApp"):
        for path in sorted((folder / function).glob("*.json")):
            payload = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(payload, dict) and "dataSec" in payload:  # the file that kept the envelope
                payload = payload["dataSec"]
            found.setdefault(function, []).append((f"{function}/{path.name}", payload))
    return found


# --- the cases -----------------------------------------------------------------------------------


def _replacing(payload: Any) -> Callable[[Any], Any]:
    return lambda _served: payload


def make_cases(
    answers: list[Answer], real: dict[str, list[tuple[str, Any]]], count: int, seed: int
) -> list[Case]:
    """``count`` cases, drawn with ``seed``: every kind of fault in turn, on answers drawn at random.

    About two thirds are payload mutations, a quarter transport faults (a few of them on the space
    page), the rest the real recordings (as recorded once, then mutated). ``slow_body`` cases cost
    the client's deadline each: one per 1,000 cases.
    """
    rng = random.Random(seed)
    mutator = JsonMutator(seed)
    cases: list[Case] = []
    transport = [k for k in TRANSPORT_KINDS if k != "slow_body"]
    slow_left = max(1, count // 1000)
    real_items = [(f, name, p) for f, items in real.items() for name, p in items]
    real_first = {name for _f, name, _p in real_items}
    i = 0
    while len(cases) < count:
        i += 1
        family = i % 12
        if real_items and family == 0:
            function, name, payload = real_items[(i // 12) % len(real_items)]
            section = _section_for(function, answers)
            if name in real_first:  # each recording once as it is, then mutated
                real_first.discard(name)
                cases.append(Case("real", section, function, 1, PAYLOAD, _replacing(payload), name))
                continue
            kind = rng.choice(MUTATION_KINDS)
            try:
                changed, what = mutator.apply(kind, payload)
            except LookupError:
                continue
            cases.append(Case("real", section, function, 1, PAYLOAD, _replacing(changed), f"{name} : {what}"))
        elif family in (1, 2, 3):
            if slow_left and rng.random() < 0.05:
                slow_left -= 1
                kind = "slow_body"
            else:
                kind = transport[(i // 12 * 3 + family) % len(transport)]
            if rng.random() < 0.12 and kind in PAGE_KINDS:
                cases.append(Case(kind, LOGIN_SECTION, "page", 1, kind))
                continue
            answer = rng.choice(answers)
            cases.append(Case(kind, answer.section, answer.function, answer.occurrence, kind))
        else:
            kind = MUTATION_KINDS[(i // 12 * 8 + family) % len(MUTATION_KINDS)]
            answer = rng.choice(answers)
            try:
                changed, what = mutator.apply(kind, answer.payload)
            except LookupError:
                continue
            cases.append(
                Case(
                    kind,
                    answer.section,
                    answer.function,
                    answer.occurrence,
                    PAYLOAD,
                    _replacing(changed),
                    what,
                )
            )
    return cases


def _section_for(function: str, answers: list[Answer]) -> str:
    if function == "infoMobileApp":
        return "infoMobileApp"
    for answer in answers:
        if answer.function == function:
            return answer.section
    return LOGIN_SECTION


# --- running a case ------------------------------------------------------------------------------


class Sessions:
    """Portals for the cases. A case that spoils a page answer may run in the session a previous
    case left logged in (as the app does between two syncs), on its own cache copy; a case on the
    login, or after an error, gets a fresh portal and a new login."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.warm: Portal | None = None

    async def portal(self, case: Case, cache) -> Portal:
        if case.function in LOGIN_FUNCTIONS or case.function == "page" or self.warm is None:
            await self.drop()
            self.warm = self.w.portal(cache)
        else:
            self.warm.cache = cache
        return self.warm

    async def drop(self) -> None:
        if self.warm is not None:
            await self.warm.close()
            self.warm = None


async def run_case(w: World, case: Case, *, stall: float, sessions: Sessions | None = None) -> Outcome:
    outcome = Outcome(case.row, case.describe())
    fault = case.fault(stall)
    if case.section == "infoMobileApp":
        return await _run_instance_case(w, case, fault, outcome)
    sessions = sessions or Sessions(w)
    path = w.fresh_cache()
    before = w.baseline_snapshot
    cache = open_cache(path)
    portal = await sessions.portal(case, cache)
    w.app.options.faults = [fault]
    report = None
    try:
        report = await portal.sync(sections=[case.section])
    except PortalError as exc:
        outcome.reported, outcome.message = bool(str(exc).strip()), str(exc)
    except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
        outcome.traceback = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        w.app.options.faults = []
        if report is None or case.function in LOGIN_FUNCTIONS:
            await sessions.drop()
        cache.close()
    after = snapshot(path)
    w.drop_case(path)
    if not fault.fired:
        outcome.traceback = outcome.traceback or "panne jamais déclenchée (cas mal construit)"
        return outcome
    may_change = {ACCOUNT_KEY}
    if report is not None:
        failed = set(report.failed)
        may_change |= {k for k in before.datasets if k[1] == case.section and k not in failed}
        if report.problems:
            outcome.reported, outcome.message = True, report.problems[0]
        else:
            outcome.tolerated = True
    outcome.lost = lost_between(before, after, may_change=may_change) or _children_lost(before, after)
    if outcome.tolerated and case.kind not in (PAYLOAD, "cut"):
        # (A cut answer is asked again: what is accepted then is the server's next, whole answer.)
        outcome.lost = outcome.lost or "réponse abîmée acceptée comme valable"
    return outcome


def _children_lost(before, after) -> str | None:
    """A login answer accepted with no child at all would empty the app: that is a loss."""
    old, new = before.datasets.get(ACCOUNT_KEY), after.datasets.get(ACCOUNT_KEY)
    if old is None or new is None or old == new:
        return None
    children = json.loads(new).get("account", {}).get("children")
    if not children:
        return "compte enregistré sans aucun enfant"
    return None


async def _run_instance_case(w: World, case: Case, fault: AnswerFault, outcome: Outcome) -> Outcome:
    """infoMobileApp.json, read before any login (the app's server check): no cache to lose."""
    w.app.options.faults = [fault]
    try:
        await instance_info(w.url, timeout=3.0)
        outcome.tolerated = True
    except errors.PronoteError as exc:
        outcome.reported, outcome.message = True, str(exc)
    except Exception as exc:  # noqa: BLE001
        outcome.traceback = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        w.app.options.faults = []
    if not fault.fired:
        outcome.traceback = outcome.traceback or "panne jamais déclenchée (cas mal construit)"
    return outcome


async def run_answer_faults(w: World, count: int, seed: int, *, stall: float = 2.0) -> list[Outcome]:
    """The fuzzer: ``count`` cases on the corpus of ``w`` (the client's deadline must be < ``stall``)."""
    answers = await collect(w)
    cases = make_cases(answers, real_recordings(), count, seed)
    sessions = Sessions(w)
    try:
        return [await run_case(w, case, stall=stall, sessions=sessions) for case in cases]
    finally:
        await sessions.drop()
