"""Marks the models' own labels (the words the client gives a PRONOTE code) for the translation catalog.

The models keep their labels in French, as PRONOTE words them; ``N_`` only lets Babel extract them.
The interface shows them through ``util.i18n._`` (``_(kind.label)``), which gives the run's language.
The models do not import ``util`` (two independent layers), hence this marker of their own.
"""


def N_(message: str) -> str:
    return message
