"""Persistence on SQLAlchemy Core: SQLite (embedded) and PostgreSQL (production, scale-out).

The composition root needs only these names; everything else is an implementation detail.
"""

from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.migrate import current_revision, head_revision, upgrade_database
from nexus_adapters.persistence.secrets import ensure_secret
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory

__all__ = [
    "SqlUnitOfWorkFactory",
    "current_revision",
    "ensure_secret",
    "head_revision",
    "make_engine",
    "upgrade_database",
]
