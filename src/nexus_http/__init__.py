"""nexus_http: the HTTP surfaces (POS ``/pos/api``, parcels ``/api``) on Starlette.

``create_app(nexus)`` composes everything; ``create_app_from_env()`` is the ``uvicorn --factory`` entry.
"""

from nexus_http.app import create_app, create_app_from_env

__all__ = ["create_app", "create_app_from_env"]
