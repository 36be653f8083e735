"""Helpers every layer may use: private files written atomically, French and English strings, TOML
files edited without losing what a person wrote in them.

They import nothing from the rest of the package.
"""
