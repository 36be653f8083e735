"""Settings and secrets: the accounts file (``config.py``) and where secrets are kept (``credentials.py``).

Nothing here talks to PRONOTE or imports the service layer.
"""
