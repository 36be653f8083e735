"""Where ``espace-parents`` and ``python -m espace_parents_tui`` start.

``show … --offline --json`` reaches its fast path (``cli/quickread.py``) before the command line's
own module (``cli/main.py``) is loaded; everything else goes to ``cli/main.py`` at once. Nothing is
imported here at module level: a status bar may run the fast path every few seconds.
"""

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["show"] and "--offline" in argv and "--json" in argv:
        from espace_parents_tui.cli import quickread

        code = quickread.show(argv)
        if code is not None:
            return code
    from espace_parents_tui.cli.main import main as full_main

    return full_main(argv, quick=False)  # (the fast path has said no: not asked twice)
