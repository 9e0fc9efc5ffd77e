"""Nexus core: the pure domain, its use cases and the ports they need.

Nothing here performs I/O, reads the clock or draws random numbers; adapters do,
through the protocols in :mod:`nexus_core.ports`.
"""
