"""The service layer: the one API the command line and the app talk to.

``portal`` (cache-first reads, sync, fetch, actions), ``sections`` (what to fetch and how to tell what
is new), ``actions`` (writes and downloads), ``onboarding`` (adding an account), ``downloads`` (where
files are saved). It never imports Textual.
"""
