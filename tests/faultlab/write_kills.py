"""Kills during writes: ``espace-parents justify``, ``reply``, ``documents upload``, ``declare-absence``
or ``write`` killed with SIGKILL mid-send.

The emulated server holds the write (``WriteHold``, demo/faults.py) at one of two points, so the kill
lands exactly there, never by timing:

- ``before``: the request reached the server, which has not read it (it is then dropped): the school
  never got the write;
- ``after``: the server stored the write and holds its answer: the school has it, the client never
  learned it.

After each kill the cache must pass ``PRAGMA integrity_check`` and hold the draft, marked "sending"
(nothing typed is lost). The next start (``espace-parents drafts``) must ask the server and say
"Envoyé" (draft deleted) when the school has the write, "Non reçu par l'établissement" (draft kept)
when not, and never send the write again.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from espace_parents_tui.util.waits import wait_until

from .concurrency import CLI, cli_env
from .world import TODAY, Outcome

PASSWORD = "demo"
WRITES = {
    "justify": "SaisieVieScolaire",
    "reply": "SaisieMessage",
    "deposit": "SaisieDocumentATelecharger",
    "declare": "SaisieVieScolaire",
    "write": "SaisieMessage",
}
# The call that stores the write: "prévenir d'une absence" is checked first (``estControle``, nothing
# kept), then sent for real.
OCCURRENCE = {"declare": 2}
DOCUMENT = "Attestation d'assurance scolaire"  # a document Léa's school asks for, still missing
SCAN = "attestation assurance Léa.pdf"
STAGES = ("before", "after")
REPLY_TEXT = "Bien reçu, merci : nous en parlerons à la réunion."
COMMENT = "Fièvre depuis la veille."
DECLARED = "Rendez-vous chez l'orthodontiste."  # the comment of the absence warned of ahead
DECLARE_REASON = "DIVERS"
SUBJECT = "Sortie du jeudi"
RECIPIENT = "M. GARNIER P."  # a new discussion
MESSAGE = "Bonjour, Léa pourra-t-elle partir à 16h jeudi ? Merci."
TYPED = {"justify": "comment", "reply": "text", "deposit": "file", "declare": "comment", "write": "text"}
# The problems that are a loss (the rest: a protection in default, e.g. a wrong verdict, a resend).
LOSSES = ("cache endommagé", "brouillon perdu", "texte du brouillon changé", "brouillon non gardé")


@dataclass
class KillCase:
    """One kill: what was being sent, where the server held it, and what the next start said."""

    write: str  # a key of WRITES
    stage: str  # "before" or "after"
    draft_after_kill: dict | None = None  # the draft as the killed process left it
    integrity: str = ""
    verdict: dict | None = None  # what ``drafts --json`` said of it
    drafts_left: list | None = None
    writes_on_server: int = 0  # how many times the school stored the write
    resent: int = 0  # write calls the next start made (must be 0)
    second_start: dict | None = None  # ``drafts --json`` once more: the verdict is not asked again


def draft_rows(db: Path) -> tuple[str, list[dict]]:
    """(``integrity_check``, the drafts) read with plain sqlite3, not the code under test."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.execute("SELECT count(*) FROM datasets").fetchone()
        rows = con.execute("SELECT child, kind, key, fields, problem, sending_since FROM drafts").fetchall()
    finally:
        con.close()
    names = ("child", "kind", "key", "fields", "problem", "sending_since")
    return ok, [dict(zip(names, row, strict=True)) for row in rows]


def _argv(write: str, absence, discussion, root: Path) -> list[str]:
    if write == "deposit":
        scan = root / SCAN
        scan.write_bytes(b"%PDF-1.4 attestation " + bytes(range(256)) * 10)
        return ["documents", "upload", "--child", "Léa", DOCUMENT, str(scan)]
    if write == "justify":
        return [
            "justify", "--child", "Léa", "--when", absence.start.isoformat(timespec="minutes"),
            "--reason", "MALADIE SANS CERTIFICAT", "--comment", COMMENT,
        ]  # fmt: skip
    if write == "declare":
        return [
            "declare-absence", "--child", "Léa", "--from", "2026-11-26", "--reason", DECLARE_REASON,
            "--comment", DECLARED,
        ]  # fmt: skip
    if write == "write":
        return ["write", "--child", "Léa", "--to", RECIPIENT, "--subject", SUBJECT, "--text", MESSAGE]
    return ["reply", discussion.subject, "--text", REPLY_TEXT]


class Scene:
    """The demo school served on loopback, an account logged in by the real command, and a held write."""

    def __init__(self, root: Path, write: str, stage: str, storage: str = "--ask") -> None:
        from espace_parents_tui.demo.school import demo_school
        from espace_parents_tui.demo.server import DemoServer, ServerOptions

        self.root, self.write, self.stage, self.storage = root, write, stage, storage
        self.app = DemoServer(demo_school(TODAY), ServerOptions(today=TODAY))
        self.env = cli_env(root)
        self.db = root / "xdg_cache_home" / "espace-parents" / "famille.sqlite3"
        served = self.app.school  # what the server holds and changes
        lea = served.child("lea")
        self.absence = max((a for a in lea.absences if a.to_justify_by_parents), key=lambda a: a.start)
        self.discussion = next(d for d in served.parents[0].discussions if d.key == "lea-devoir")
        self.document = next(d for d in lea.requested_documents if d.name == DOCUMENT)
        assert self.document.state == "manquant"
        self._messages = len(self.discussion.messages)
        self.lea = lea
        self._declared = sum(1 for a in lea.absences if a.declared_by_parent)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*CLI, *args], input=PASSWORD + "\n", env=self.env, capture_output=True, text=True, timeout=60
        )

    def writes_on_server(self) -> int:
        """How many times the school stored the write (the run's replies live in the server's state)."""
        if self.write == "justify":
            return int(self.absence.pending)
        if self.write == "deposit":
            return int(self.document.state == "fourni")
        if self.write == "declare":
            return sum(1 for a in self.lea.absences if a.declared_by_parent) - self._declared
        if self.write == "write":
            kept = self.app.state.get("messaging", {}).get("demo", [])
            return sum(1 for d in kept if d.subject == SUBJECT)
        kept = self.app.state.get("messaging", {}).get("demo", [self.discussion])
        return len(next(d for d in kept if d.key == "lea-devoir").messages) - self._messages

    def write_calls(self) -> int:
        return self.app.stats.requests[WRITES[self.write]]

    def login(self, page_url: str) -> None:
        login = ("login", "--server", page_url, "--username", "demo", "--password-stdin", self.storage)
        done = self.cli(*login, "--account", "famille")
        assert done.returncode == 0, done.stderr

    def kill_during_write(self, case: KillCase) -> None:
        """Start the write, SIGKILL it where the server holds it, read what the cache kept."""
        from espace_parents_tui.demo.faults import WriteHold

        hold = WriteHold(WRITES[self.write], self.stage, OCCURRENCE.get(self.write, 1))
        self.app.options.holds = [hold]
        said = self.root / "killed.stderr"
        with said.open("w") as errors:
            process = subprocess.Popen(
                [*CLI, *_argv(self.write, self.absence, self.discussion, self.root)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, env=self.env, text=True,
            )  # fmt: skip
            try:
                assert process.stdin is not None
                process.stdin.write(PASSWORD + "\n")
                process.stdin.flush()
                assert wait_until(lambda: hold.arrived.is_set() or process.poll() is not None, 60)
                assert process.poll() is None, f"fini avant d'envoyer l'écriture : {said.read_text()}"
                process.send_signal(signal.SIGKILL)
                assert wait_until(lambda: process.poll() is not None, 10)
            finally:
                hold.released.set()  # the held call ends (dropped, or answered to nobody)
                if process.poll() is None:
                    process.kill()
                    process.wait()
        self.app.options.holds = []
        case.integrity, rows = draft_rows(self.db)
        case.draft_after_kill = rows[0] if len(rows) == 1 else None
        case.writes_on_server = self.writes_on_server()


def run_case(root: Path, write: str, stage: str) -> KillCase:
    """One account, one write killed at ``stage``, then the next start (``drafts``, twice)."""
    from espace_parents_tui.demo.serving import ServerThread

    scene = Scene(root, write, stage)
    case = KillCase(write, stage)
    with ServerThread(scene.app) as thread:
        scene.login(thread.page_url)
        scene.kill_during_write(case)
        calls_before = scene.write_calls()
        done = scene.cli("drafts", "--json")
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        case.verdict = answer["checked"][0] if answer["checked"] else None
        case.drafts_left = answer["drafts"]
        done = scene.cli("drafts", "--json")
        case.second_start = json.loads(done.stdout)
        case.resent = scene.write_calls() - calls_before
    return case


async def run_app_case(root: Path, write: str, stage: str) -> tuple[KillCase, list[tuple[str, str]]]:
    """A write killed at ``stage`` by SIGKILL, then the terminal app opens on the account: the
    case, and the app's notifications (title, message)."""
    from espace_parents_tui.cli.launch import build_app
    from espace_parents_tui.clock import DayClock
    from espace_parents_tui.demo.serving import ServerThread
    from tui_helpers import settle

    from .concurrency import _app_args, _environment

    scene = Scene(root, write, stage, storage="--insecure-storage")  # the app asks nothing on stdin
    case = KillCase(write, stage)
    with ServerThread(scene.app) as thread, _environment(scene.env):
        scene.login(thread.page_url)
        scene.kill_during_write(case)
        calls_before = scene.write_calls()
        tui = build_app(_app_args(DayClock(TODAY)))
        tui._watch_terminal = False
        async with tui.run_test(size=(100, 30)) as pilot:
            await settle(pilot)  # every worker done: the sync, then the check of the draft in doubt
            said = [(str(n.title), str(n.message)) for n in tui._notifications]
        case.resent = scene.write_calls() - calls_before
        _ok, rows = draft_rows(scene.db)
        case.drafts_left = rows
    return case, said


def problems_of(case: KillCase) -> list[str]:
    """What went wrong in ``case`` (empty: everything held)."""
    found: list[str] = []
    received = case.stage == "after"
    if case.integrity != "ok":
        found.append(f"cache endommagé : {case.integrity}")
    draft = case.draft_after_kill
    if draft is None:
        found.append("brouillon perdu au moment du SIGKILL")
    else:
        fields = json.loads(draft["fields"])
        typed = fields.get(TYPED[case.write], "")
        typed = Path(typed).name if case.write == "deposit" else typed
        if typed not in (COMMENT, REPLY_TEXT, SCAN, DECLARED, MESSAGE):
            found.append(f"texte du brouillon changé : {typed!r}")
        if not draft["sending_since"]:
            found.append("brouillon non marqué « envoi en cours »")
    if case.writes_on_server != (1 if received else 0):
        found.append(f"écritures enregistrées par l'école : {case.writes_on_server}")
    if case.verdict is None:
        found.append("le démarrage suivant n'a rien dit de l'envoi interrompu")
    else:
        if case.verdict["received"] != received:
            found.append(f"verdict faux : {case.verdict}")
        start = "Envoyé : " if received else "Non reçu par l'établissement : "
        if not case.verdict["message"].startswith(start):
            found.append(f"phrase inattendue : {case.verdict['message']}")
    left = case.drafts_left or []
    if received and left:
        found.append("brouillon gardé alors que l'école a l'écriture")
    if not received and (len(left) != 1 or left[0].get("sending_since") is not None):
        found.append(f"brouillon non gardé (ou encore « en cours ») : {left}")
    if case.resent:
        found.append(f"écriture renvoyée toute seule ({case.resent} fois)")
    if case.second_start is None or case.second_start.get("checked"):
        found.append("le verdict est redemandé au démarrage suivant")
    return found


def write_sigkills(root: Path, rounds: int = 1) -> list[Outcome]:
    """Each write killed at each point, ``rounds`` times; one :class:`Outcome` per kill."""
    outcomes = []
    number = 0
    for _round in range(rounds):
        for write in WRITES:
            for stage in STAGES:
                number += 1
                folder = root / f"kill-{number}"
                folder.mkdir(parents=True)
                case = run_case(folder, write, stage)
                where = "avant que le serveur la lise" if stage == "before" else "après son enregistrement"
                outcome = Outcome("sigkill_write", f"SIGKILL pendant « {write} », {where}", reported=True)
                problems = problems_of(case)
                lost = [p for p in problems if p.startswith(LOSSES)]
                if lost:
                    outcome.lost = "; ".join(lost)
                if len(lost) < len(problems):
                    outcome.violation = "; ".join(p for p in problems if p not in lost)
                outcome.message = (case.verdict or {}).get("message", "")
                outcomes.append(outcome)
    return outcomes


def run_cut_case(root: Path, write: str, stage: str) -> tuple[subprocess.CompletedProcess, KillCase]:
    """No kill: the network fails the write itself. ``after``: the server stores it, then the
    connection is cut mid-answer; ``before``: the server answers HTTP 500 without reading it. The
    command's answer, then the next start (``drafts``)."""
    from espace_parents_tui.demo.faults import AnswerFault
    from espace_parents_tui.demo.serving import ServerThread

    scene = Scene(root, write, stage)
    case = KillCase(write, stage)
    with ServerThread(scene.app) as thread:
        scene.login(thread.page_url)
        if stage == "after":
            scene.app.options.faults = [AnswerFault(WRITES[write], "cut", OCCURRENCE.get(write))]
        else:
            scene.app.options.http500 = {WRITES[write]}
        sent = scene.cli(*_argv(write, scene.absence, scene.discussion, root))
        scene.app.options.faults, scene.app.options.http500 = [], set()
        case.integrity, rows = draft_rows(scene.db)
        case.draft_after_kill = rows[0] if len(rows) == 1 else None
        case.writes_on_server = scene.writes_on_server()
        calls_before = scene.write_calls()
        answer = json.loads(scene.cli("drafts", "--json").stdout)
        case.verdict = answer["checked"][0] if answer["checked"] else None
        case.drafts_left = answer["drafts"]
        case.second_start = json.loads(scene.cli("drafts", "--json").stdout)
        case.resent = scene.write_calls() - calls_before
    return sent, case
