"""espace-parents: a terminal client for PRONOTE's Espace Parents.

The version lives in pyproject.toml only; the installed metadata carries it (``espace-parents --version``).
"""
