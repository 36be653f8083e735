"""The fault programme (issue 13): runners that spoil answers, sessions, processes and disks.

One implementation, called by the tests (``tests/test_reliability_*.py``, a bounded number of cases)
and by ``benchmarks/reliability.py`` (more cases; it writes the table of ``docs/reliability.md``).
"""
