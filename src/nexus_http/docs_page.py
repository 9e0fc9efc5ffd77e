"""``/docs``: Swagger UI over ``/openapi.json``, every file served by the app itself (works offline).

The Swagger UI files come from the ``openapi-ui-bundles`` package (ADR 14): Swagger UI 5, the first major
version that renders OpenAPI 3.1 documents. The page also lists every operation inside ``<noscript>``, so
it says something useful without JavaScript.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from openapi_ui_bundles import swagger_ui
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

STATIC_PREFIX = "/docs/static"
SWAGGER_UI_DIR: Path = Path(swagger_ui.static_path)

_INIT = """
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
};
"""


def static_files() -> Mount:
    """The Swagger UI bundle's files at ``/docs/static``."""
    return Mount(STATIC_PREFIX, app=StaticFiles(directory=SWAGGER_UI_DIR), name="docs-static")


def _operations_table(spec: dict[str, Any]) -> str:
    esc = html.escape
    rows = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            auth = "public" if not op.get("security") else op.get("x-permission", "authenticated")
            rows.append(
                f"<tr><td>{esc(method.upper())}</td><td><code>{esc(path)}</code></td>"
                f"<td>{esc(op['summary'])}</td><td>{esc(auth)}</td><td>{esc(', '.join(op['responses']))}</td></tr>"
            )
    return (
        "<table><tr><th>method</th><th>path</th><th>summary</th><th>auth</th><th>statuses</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def docs_page(spec: dict[str, Any]) -> str:
    """The interactive page; its scripts and styles are the app's own files, nothing from the internet."""
    title = html.escape(spec["info"]["title"])
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{title} API</title>"
        f'<link rel="stylesheet" href="{STATIC_PREFIX}/swagger-ui.css">'
        f'<link rel="icon" type="image/png" href="{STATIC_PREFIX}/favicon-32x32.png">'
        "</head><body>"
        '<div id="swagger-ui"></div>'
        f"<noscript><h1>{title} API</h1><p>{html.escape(spec['info']['description'])} "
        'Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>'
        f"{_operations_table(spec)}</noscript>"
        f'<script src="{STATIC_PREFIX}/swagger-ui-bundle.js" charset="UTF-8"></script>'
        f"<script>{_INIT}</script>"
        "</body></html>"
    )
