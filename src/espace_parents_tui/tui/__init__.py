"""The terminal app (Textual): ``app`` with ``screens/`` (one view per section, dialogs) and
``widgets/``. Presentation only: it asks the service layer, never PRONOTE or httpx.
"""
