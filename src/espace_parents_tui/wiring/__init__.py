"""Wiring: the one place that builds the parts of a run and hands them to the service layer.

``portals`` opens a configured account's portal (credential store, cache file, clock); ``demo``
opens the demo school's (the emulated server on loopback, a memory store, a throw-away cache). The
command line and the app ask here for a portal; nothing below this layer starts a server or picks a
store.
"""
