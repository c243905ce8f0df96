"""The program's source for its network users (AGPL-3.0 §13): a link on every admin page, the
API's root, and the archive the server makes of the code it runs."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_the_api_root_names_the_licence_and_the_source(client):
    answer = client.get("/api/v1/")
    assert answer.status_code == 200
    assert answer.json() == {"name": "DigiQuartier Kiosk-API", "licence": "AGPL-3.0-or-later",
                             "source": "http://testserver/quelltext.tar.gz"}


def test_the_admin_login_page_links_to_the_source(client):
    page = client.get("/admin/login/").content.decode()
    assert 'href="http://testserver/quelltext.tar.gz"' in page and "AGPL" in page


@override_settings(DQ_SOURCE_URL="https://example.org/digiquartier")
def test_a_public_repository_is_linked_instead(client):
    assert client.get("/api/v1/").json()["source"] == "https://example.org/digiquartier"
    assert 'href="https://example.org/digiquartier"' in client.get("/admin/login/").content.decode()


def test_the_archive_holds_the_code_this_server_runs(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    answer = client.get("/quelltext.tar.gz")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/gzip"
    with tarfile.open(fileobj=io.BytesIO(b"".join(answer.streaming_content))) as tar:
        names = tar.getnames()
        top = names[0].split("/")[0]
        ours = (settings.REPO_DIR / "server/dqserver/source.py").read_bytes()
        assert tar.extractfile(f"{top}/server/dqserver/source.py").read() == ours
    assert f"{top}/LICENSE" in names and f"{top}/kiosk/pins.py" in names
    assert not any("__pycache__" in n or "/var/" in n or ".venv" in n for n in names)
