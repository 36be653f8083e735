"""The package as people install it: a wheel, installed by pipx and by uv into throw-away homes.

One wheel is built from a copy of the project (its version given a local label, so that
``--version`` can only be right by reading the installed metadata); pipx (with pip, as most people
have it) and uv each install it into folders under the test's tmp_path; then, from an empty folder,
the installed ``espace-parents`` prints its version and shows the demo school's grades. pip and uv
fetch the dependencies from the package index: these tests need it reachable.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomlkit

from espace_parents_tui.cli import main as cli

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "espace_parents_tui"
TODAY = "2026-11-24"  # subprocesses are not frozen: they get --today
LABEL = "+installcheck"  # the local version label of the wheel under test
JUNK = (
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "__pycache__",
    ".hypothesis",
    ".ruff_cache",
    ".pytest_cache",
)


def test_version_is_the_installed_distributions(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    expected = importlib.metadata.version("espace-parents-tui")
    assert capsys.readouterr().out == f"espace-parents {expected}\n"
    project = tomlkit.parse((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert expected == project["project"]["version"]  # one version, pyproject's (stale install: reinstall)


def _project_files() -> list[Path]:
    """The project's files as a fresh clone has them (plus new files not yet committed)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode()
        return [Path(name) for name in listed.split("\0") if name and (ROOT / name).is_file()]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: everything but the junk
        return [
            p.relative_to(ROOT)
            for p in ROOT.rglob("*")
            if p.is_file() and not set(p.relative_to(ROOT).parts) & set(JUNK) and p.suffix != ".pyc"
        ]


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A copy of the project whose version carries LABEL (and a stray bytecode cache)."""
    tree = tmp_path_factory.mktemp("source") / "espace-parents"
    for name in _project_files():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    pyproject = tree / "pyproject.toml"
    document = tomlkit.parse(pyproject.read_text(encoding="utf-8"))
    document["project"]["version"] = str(document["project"]["version"]) + LABEL
    pyproject.write_text(tomlkit.dumps(document), encoding="utf-8")
    # A developer's tree holds bytecode caches: they must stay out of the wheel.
    stray = tree / "src" / PACKAGE / "__pycache__" / "cli.cpython-311.pyc"
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"\0")
    return tree


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = out.glob("*.whl")
    return found


def _package_files(root: Path) -> set[str]:
    """Every file of the package under ``root``, as ``espace_parents_tui/…`` paths, caches aside."""
    return {
        p.relative_to(root).as_posix()
        for p in (root / PACKAGE).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    }


def test_the_wheel_carries_every_file_of_the_package_and_no_bytecode(source, wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _package_files(source / "src")
    assert {n for n in expected if not n.endswith(".py")}, "no data file found: the check would be empty"
    assert expected - names == set()
    assert not {n for n in names if n.endswith((".pyc", ".pyo")) or "__pycache__" in n}
    # The English catalog is compiled by the build (setup.py), not taken from the tree: git keeps no .mo.
    compiled = f"{PACKAGE}/locale/en/LC_MESSAGES/espace_parents.mo"
    assert not (source / "src" / compiled).exists() and compiled in names
    assert f"{PACKAGE}/locale/en/LC_MESSAGES/espace_parents.po" in names


def _throwaway_env(home: Path, **variables: str) -> dict[str, str]:
    """This environment, minus the development venv, with the user's folders under ``home``."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.update(variables)
    return env


def _install_with_pipx(wheel: Path, home: Path) -> tuple[Path, Path, dict[str, str]]:
    pytest.importorskip("pipx", reason="pipx absent : pip install pipx (il est dans l'extra dev)")
    env = _throwaway_env(
        home,
        PIPX_HOME=str(home / "pipx"),
        PIPX_BIN_DIR=str(home / "bin"),
        PIPX_MAN_DIR=str(home / "man"),
        PIPX_COMPLETION_DIR=str(home / "completions"),
    )
    # pip as the backend: what most pipx users have (pipx picks uv on its own when it finds it).
    command = [sys.executable, "-m", "pipx", "install", "--backend", "pip", "--python", sys.executable]
    done = subprocess.run(
        [*command, str(wheel)], cwd=home, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return home / "bin" / "espace-parents", home / "pipx" / "venvs" / "espace-parents-tui", env


def _install_with_uv(wheel: Path, home: Path) -> tuple[Path, Path, dict[str, str]]:
    uv_module = pytest.importorskip("uv", reason="uv absent : pip install uv (il est dans l'extra dev)")
    env = _throwaway_env(
        home,
        UV_TOOL_DIR=str(home / "uv-tools"),
        UV_TOOL_BIN_DIR=str(home / "bin"),
        UV_CACHE_DIR=str(home / "uv-cache"),
        UV_PYTHON_DOWNLOADS="never",  # the Python already here, never one fetched
    )
    command = [uv_module.find_uv_bin(), "tool", "install", "--python", sys.executable, str(wheel)]
    done = subprocess.run(command, cwd=home, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return home / "bin" / "espace-parents", home / "uv-tools" / "espace-parents-tui", env


def _without_session_values(value):
    """The demo's JSON without what differs from one server session to the next (ids, fetch time)."""
    if isinstance(value, dict):
        return {
            k: _without_session_values(v)
            for k, v in value.items()
            if k not in ("id", "period_id", "fetched_at")
        }
    if isinstance(value, list):
        return [_without_session_values(v) for v in value]
    return value


@pytest.mark.parametrize("install", [_install_with_pipx, _install_with_uv], ids=["pipx", "uv"])
def test_installed_tool_runs_the_demo_from_a_clean_folder(
    install, wheel, source, tmp_path, monkeypatch, capsys
):
    home = tmp_path / "home"
    (home / "empty").mkdir(parents=True)
    program, tool_venv, env = install(wheel, home)
    assert program.is_file()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(program), *args], cwd=home / "empty", env=env, capture_output=True, text=True, timeout=120
        )

    version = run("--version")
    project_version = tomlkit.parse((source / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert (version.returncode, version.stdout) == (0, f"espace-parents {project_version}\n"), version.stderr

    # The program runs the installed copy, never this checkout, and that copy has every file.
    python = tool_venv / "bin" / "python"
    where = subprocess.run(
        [str(python), "-c", f"import {PACKAGE}, pathlib; print(pathlib.Path({PACKAGE}.__file__).parent)"],
        cwd=home / "empty",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    installed = Path(where.stdout.strip())
    assert installed.is_relative_to(tool_venv), where.stderr
    assert _package_files(source / "src") - _package_files(installed.parent) == set()

    # The installed copy speaks English when asked (its compiled catalog), and French by default.
    english = run("--lang", "en", "show", "nowhere", "--demo", "--today", TODAY)
    assert english.returncode == 2 and "Unknown section" in english.stderr, english.stderr
    assert "Rubrique inconnue" in run("show", "nowhere", "--demo", "--today", TODAY).stderr

    shown = run("show", "grades", "--demo", "--json", "--today", TODAY)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["section"] == "grades" and data["data"]["grades"], shown.stdout[:500]
    # The same answer as this checkout's, in process (the server's session ids aside).
    for name, value in env.items():
        if name.startswith("XDG_"):
            monkeypatch.setenv(name, value.replace(str(home), str(tmp_path / "here")))
    assert cli.main(["show", "grades", "--demo", "--json", "--today", TODAY]) == 0
    assert _without_session_values(data) == _without_session_values(json.loads(capsys.readouterr().out))
