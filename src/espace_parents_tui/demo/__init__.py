"""The emulated PRONOTE server and the demo school.

It shares only the crypto primitives (``pronote.crypto``) with the client; it builds the raw PRONOTE
JSON itself and never calls the client's parsers.
"""
