"""The PRONOTE protocol client: crypto, wire envelope, login, calls and parsing. No Textual here."""
