"""The command line: ``main`` (parsing, the entry point), ``commands`` (login, sync, show…), ``render``
(Rich tables for ``show``), ``debugtools`` (``debug parse``), ``launch`` (opening the terminal app).

Nothing is imported here: ``espace-parents`` starts by importing ``cli.main`` alone.
"""
