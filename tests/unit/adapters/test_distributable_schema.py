"""The schema can be distributed by tenant (Citus): every tenant-owned table's primary key, unique
constraints, unique indexes and foreign keys lead with ``tenant_id``; platform tables are marked
as reference tables (docs/adr/0015-distributable-schema.md)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, MetaData, String, Table, UniqueConstraint

from nexus_adapters.persistence.tables import REFERENCE, metadata

PLATFORM = {"tenants", "app_secrets", "user_emails", "password_login_failures", "platform_security_events"}
CATALOG = {  # the parts catalog: installation-wide reference data (ADR 25)
    "catalog_generations",
    "catalog_vehicle_brands",
    "catalog_models",
    "catalog_years",
    "catalog_engines",
    "catalog_vehicles",
    "catalog_categories",
    "catalog_groups",
    "catalog_parts",
    "catalog_fitments",
    "catalog_cross_refs",
    "catalog_interchange",
}


def violations(meta: MetaData) -> list[str]:
    """What keeps the schema from being distributed by tenant, one sentence each."""
    found = []
    for table in meta.tables.values():
        if table.info.get("distribution") == "reference":
            continue
        found += _tenant_owned_violations(table)
    return found


def _leads(columns: list[str]) -> bool:
    return bool(columns) and columns[0] == "tenant_id"


def _tenant_owned_violations(table: Table) -> list[str]:
    name = table.name
    if "tenant_id" not in table.c:
        return [f"{name} has no tenant_id and is not marked as a reference table"]
    out = []
    if not _leads([c.name for c in table.primary_key.columns]):
        out.append(f"{name}: primary key does not lead with tenant_id")
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and not _leads([c.name for c in constraint.columns]):
            out.append(f"{name}: unique constraint {constraint.name} does not lead with tenant_id")
        if isinstance(constraint, ForeignKeyConstraint):
            referred = constraint.referred_table
            if referred.info.get("distribution") == "reference":
                continue  # a distributed table may point at a reference table
            if not _leads([c.name for c in constraint.columns]) or not _leads(
                [e.column.name for e in constraint.elements]
            ):
                out.append(f"{name}: foreign key to {referred.name} does not go through tenant_id")
    for index in table.indexes:
        if index.unique and not _leads([c.name for c in index.columns]):
            out.append(f"{name}: unique index {index.name} does not lead with tenant_id")
    return out


def test_every_tenant_owned_table_is_keyed_by_tenant() -> None:
    assert violations(metadata) == []


def test_the_platform_tables_are_reference_tables() -> None:
    marked = {t.name for t in metadata.tables.values() if t.info == REFERENCE}
    assert marked == PLATFORM | CATALOG


def test_the_check_catches_a_table_that_breaks_the_rule() -> None:
    meta = MetaData()
    Table("tenants", meta, Column("id", Integer, primary_key=True), info=REFERENCE)
    Table(
        "widgets",
        meta,
        Column("id", Integer, primary_key=True),
        Column("tenant_id", Integer, ForeignKey("tenants.id"), nullable=False),
        Column("sku", String(20), unique=True),
    )
    Table("notes", meta, Column("id", Integer, primary_key=True))
    Table(
        "parts",
        meta,
        Column("tenant_id", Integer, primary_key=True),
        Column("id", Integer, primary_key=True),
        Column("widget_id", Integer, ForeignKey("widgets.id")),
    )
    assert sorted(violations(meta)) == [
        "notes has no tenant_id and is not marked as a reference table",
        "parts: foreign key to widgets does not go through tenant_id",
        "widgets: primary key does not lead with tenant_id",
        "widgets: unique constraint None does not lead with tenant_id",
    ]
