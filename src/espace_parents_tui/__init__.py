"""espace-parents: a terminal client for PRONOTE's Espace Parents."""

__version__ = "0.1.0"
