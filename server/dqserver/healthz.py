"""``GET /healthz``: whether this server can serve, for the upgrade check and monitoring.

Answers 200 when the database answers, every migration of this code is applied and the data
folder has room; else 503 with what is wrong. It tells nothing an outsider could use (no
versions, no paths, no counts), so it needs no login.
"""

from __future__ import annotations

import shutil

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

# Below this much free space in the data folder (SQLite file, static files) the server is
# reported unhealthy before a write fails.
MIN_FREE_BYTES = 512 * 1024 * 1024


def problems() -> list[str]:
    """What keeps the server from serving, in English for the operator's logs and monitors."""
    found = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            found.append("migrations not applied")
    except DatabaseError:
        found.append("database unreachable")
    if shutil.disk_usage(settings.VAR_DIR).free < MIN_FREE_BYTES:
        found.append("disk almost full")
    return found


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    found = problems()
    return JsonResponse({"ok": not found, "problems": found}, status=503 if found else 200)
