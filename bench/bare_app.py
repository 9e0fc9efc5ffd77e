"""The ceiling: a bare Starlette app served exactly as ``nexus serve`` serves Nexus.

``GET /pos/health`` answers Nexus's health JSON from a constant; ``POST /write`` reads the body and runs
one SQLAlchemy Core write transaction (one INSERT) in the threadpool, on an engine from
``nexus_adapters.persistence.engine.make_engine`` (so SQLite gets the same pragmas and ``BEGIN IMMEDIATE``),
and answers like ``POST /pos/api/accounting/entries`` does.

Run: ``python -m bench.bare_app --port 5002 --workers 1 --database-url sqlite:///...``.
"""

from __future__ import annotations

import argparse
import os

import uvicorn
from sqlalchemy import Column, Integer, MetaData, Table, Text, insert
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.settings import Settings
from nexus_cli.commands.serve import uvicorn_options

URL_VARIABLE = "NEXUS_BENCH_BARE_DATABASE_URL"
HEALTH = b'{"status":"ok"}'

metadata = MetaData()
writes = Table("bench_writes", metadata, Column("id", Integer, primary_key=True), Column("body", Text, nullable=False))


def create_app() -> Starlette:
    engine = make_engine(os.environ[URL_VARIABLE])

    async def health(request: Request) -> Response:
        return Response(HEALTH, media_type="application/json")

    def write(body: bytes) -> int:
        with engine.begin() as conn:
            return int(conn.execute(insert(writes).values(body=body.decode())).inserted_primary_key[0])

    async def post_write(request: Request) -> Response:
        new_id = await run_in_threadpool(write, await request.body())
        return Response(b'{"id":%d,"message":"Entry created"}' % new_id, 201, media_type="application/json")

    return Starlette(routes=[Route("/pos/health", health), Route("/write", post_write, methods=["POST"])])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    os.environ[URL_VARIABLE] = args.database_url
    engine = make_engine(args.database_url)
    metadata.create_all(engine)
    engine.dispose()
    options = uvicorn_options(Settings.from_env(), host="127.0.0.1", port=args.port, workers=args.workers)
    uvicorn.run("bench.bare_app:create_app", factory=True, **options)


if __name__ == "__main__":
    main()
