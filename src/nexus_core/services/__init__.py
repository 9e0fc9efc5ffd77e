"""Use cases. Each is a function ``handler(cmd, uow, deps) -> result`` run in one transaction by
:class:`nexus_core.services.runner.Nexus`; commands are frozen attrs classes of primitives."""
