"""`nexus`: the operators' command line (see docs/cli.md)."""

from __future__ import annotations

import typer

from nexus_cli.commands import (
    catalog,
    db,
    demo,
    integrations,
    invoicing,
    items,
    orders,
    period,
    register,
    serve,
    tenants,
    users,
)

app = typer.Typer(
    name="nexus",
    help="Nexus back office: database, server, tenants and operator tasks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(tenants.app, name="tenants")
app.add_typer(users.app, name="users")
app.add_typer(period.app, name="period")
app.add_typer(items.app, name="items")
app.add_typer(orders.app, name="orders")
app.add_typer(register.app, name="register")
app.add_typer(integrations.app, name="integrations")
app.add_typer(invoicing.app, name="invoicing")
app.add_typer(catalog.app, name="catalog")
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
