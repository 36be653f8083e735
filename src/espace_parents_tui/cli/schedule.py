"""Running ``espace-parents watch`` regularly: a systemd user timer, or a crontab line to add.

With a systemd user manager, ``--install`` writes ``espace-parents-watch.service`` and ``.timer``
under ``$XDG_CONFIG_HOME/systemd/user`` (every 15 minutes, up to 2 minutes of random delay) and
enables the timer; ``--uninstall`` disables it and removes both files. Without one, the line to add
with ``crontab -e`` is printed (its random delay comes from ``watch --jitter``); nothing is edited.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from espace_parents_tui.util.i18n import _

UNIT = "espace-parents-watch"
INTERVAL_MIN = 15
JITTER_S = 120


def user_unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def program() -> str:
    """The absolute path of this installation's ``espace-parents`` command."""
    beside = Path(sys.executable).with_name("espace-parents")
    if beside.exists():
        return str(beside)
    found = shutil.which("espace-parents")
    return str(Path(found).resolve()) if found else f"{sys.executable} -m espace_parents_tui"


def watch_command(account: str | None, *, jitter: int = 0) -> list[str]:
    command = [*shlex.split(program()), "watch"]
    if account:
        command += ["--account", account]
    if jitter:
        command += ["--jitter", str(jitter)]
    return command


def units(account: str | None) -> dict[str, str]:
    """The two unit files' contents, by file name."""
    exec_start = " ".join(shlex.quote(part) for part in watch_command(account))
    service = _(
        "[Unit]\nDescription=Espace Parents : nouveautés PRONOTE (notes, absences, messages, cours)\nAfter=network-online.target\nWants=network-online.target\n\n[Service]\nType=oneshot\nExecStart={exec_start}\n"
    ).format(exec_start=exec_start)
    timer = _(
        "[Unit]\nDescription=Espace Parents : vérifier les nouveautés toutes les {INTERVAL_MIN} minutes\n\n[Timer]\nOnBootSec=5min\nOnUnitActiveSec={INTERVAL_MIN}min\nRandomizedDelaySec={JITTER_S}s\nUnit={UNIT}.service\n\n[Install]\nWantedBy=timers.target\n"
    ).format(INTERVAL_MIN=INTERVAL_MIN, JITTER_S=JITTER_S, UNIT=UNIT)
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def crontab_line(account: str | None) -> str:
    command = " ".join(shlex.quote(part) for part in watch_command(account, jitter=JITTER_S))
    return f"*/{INTERVAL_MIN} * * * * {command} >/dev/null 2>&1"


def _systemctl(*args: str) -> subprocess.CompletedProcess | None:
    if shutil.which("systemctl") is None:
        return None
    try:
        return subprocess.run(["systemctl", "--user", *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None


def has_user_systemd() -> bool:
    done = _systemctl("show-environment")
    return done is not None and done.returncode == 0


@dataclass
class Outcome:
    lines: list[str]
    ok: bool = True


def install(account: str | None) -> Outcome:
    if not has_user_systemd():
        return Outcome(
            [
                _("Pas de gestionnaire systemd utilisateur ici : ajoutez cette ligne avec « crontab -e » :"),
                crontab_line(account),
            ]
        )
    folder = user_unit_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in units(account).items():
        (folder / name).write_text(text, encoding="utf-8")
    _systemctl("daemon-reload")
    enabled = _systemctl("enable", "--now", f"{UNIT}.timer")
    if enabled is None or enabled.returncode != 0:
        reason = (enabled.stderr.strip() if enabled else "") or _("systemctl a échoué")
        return Outcome(
            [_("Fichiers écrits dans {folder}, mais le minuteur n'a pas démarré : {reason}").format(folder=folder, reason=reason)], ok=False
        )
    return Outcome([_("Minuteur {UNIT}.timer installé ({folder}) : une vérification toutes les 15 minutes.").format(UNIT=UNIT, folder=folder)])


def uninstall() -> Outcome:
    folder = user_unit_dir()
    present = [folder / name for name in (f"{UNIT}.timer", f"{UNIT}.service") if (folder / name).exists()]
    if not present:
        return Outcome(
            [
                _(
                    "Aucun minuteur systemd installé. Avec cron, retirez la ligne « espace-parents watch » "
                    "(« crontab -e »)."
                )
            ]
        )
    _systemctl("disable", "--now", f"{UNIT}.timer")
    for path in present:
        path.unlink()
    _systemctl("daemon-reload")
    return Outcome([_("Minuteur {UNIT}.timer retiré ({folder}).").format(UNIT=UNIT, folder=folder)])
