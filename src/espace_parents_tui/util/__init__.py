"""Helpers every layer may use: private files written atomically, French and English strings.

They import nothing from the rest of the package.
"""
