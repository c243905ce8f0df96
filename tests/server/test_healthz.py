"""``GET /healthz``, what the server's upgrade asks before it switches to a new release."""

from __future__ import annotations

import pytest
from django.db.migrations.recorder import MigrationRecorder
from dqserver import healthz

pytestmark = pytest.mark.django_db


def test_a_healthy_server_says_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "problems": []}


def test_a_migration_not_applied_is_a_503(client):
    MigrationRecorder.Migration.objects.order_by("-id").first().delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"ok": False, "problems": ["migrations not applied"]}


def test_a_full_disk_is_a_503(client, monkeypatch):
    monkeypatch.setattr(healthz, "MIN_FREE_BYTES", 1 << 60)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["problems"] == ["disk almost full"]


def test_only_get(client):
    assert client.post("/healthz").status_code == 405
