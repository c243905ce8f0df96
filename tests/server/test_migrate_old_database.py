"""A database made by the one-app server (everything in the app ``dqserver``, before the split
into ``content``, ``kiosks`` and ``bookings``, issue 15) migrates forward with every row in place.

The old server is that commit's own code (``git archive``), run in a child process: it runs
``bootstrap --demo`` (which migrates), takes a booking, a conflict, a cancellation, call-backs
and a walk-in through its ops, publishes a second content release, and gives a manager, a
district admin and an admin log entry their rows; then everything is dumped with its
``dumpdata``. Today's code migrates the same database, runs ``bootstrap`` again (as an update
does), and must dump the same rows, every field equal, under the new app labels (and, migrated
back, the old code its own rows); then the API and the admin must serve them. On SQLite always;
on PostgreSQL too when ``DATABASE_URL`` or ``DQ_TEST_DATABASE_URL`` names one (a scratch
database is made next to it and dropped afterwards).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The last commit of the one-app server (its migrations end at dqserver 0004).
OLD_REV = "79cbb2d076d6e6185dbcf3633196d3558b264db5"

# Where each model of the old app lives now.
NEW_LABEL = {
    **dict.fromkeys(["asset", "category", "topic", "step", "contentrelease"], "content"),
    **dict.fromkeys(["changecounter", "quartier", "kiosk"], "kiosks"),
    **dict.fromkeys(["helper", "slot", "slotplan", "closedday", "booking", "callbackrequest",
                     "walkin", "oprecord"], "bookings"),
}
DUMPED = ["auth", "contenttypes", "admin", "otp_totp"]  # besides the models themselves

SECRET_KEY = "migration-test-secret-key-" + "m" * 40  # the same for old and new: op digests

# Run by the old code, in its own tree, after its `bootstrap --demo`.
OLD_DATA = r"""
import json, sys, uuid
from datetime import timedelta
from pathlib import Path

import django
django.setup()

import kiosk
assert Path(kiosk.__file__).is_relative_to(ROOT), kiosk.__file__  # the old kiosk/ too

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django_otp.plugins.otp_totp.models import TOTPDevice
from dqserver import content, ops
from django.utils import timezone
from dqserver.models import Booking, ClosedDay, Kiosk, Quartier, Slot, Topic

q = Quartier.objects.get(slug="herten-innenstadt")
kiosk_row = Kiosk.objects.get(quartier=q)
token = kiosk_row.issue_token()
slots = list(Slot.objects.filter(quartier=q, cancelled=False, capacity=1).order_by("start")[:3])
topic = Topic.objects.filter(active=True).order_by("slug").first()


def op(kind, **payload):
    return {"op_id": str(uuid.uuid4()), "type": kind, "payload": payload}


def booking(slot, name, code):
    return op("booking.create", booking_id=str(uuid.uuid4()), slot_id=str(slot.pk),
              topic_id=topic.slug, first_name=name, phone="0171 000000", code=code,
              created_at="2026-11-25T10:00:00Z")


first = booking(slots[0], "Erna", "HX4K")
conflict = booking(slots[0], "Otto", "KX7P")
later = booking(slots[1], "Ilse", "QW3E")
callback, answered = (op("callback.create", callback_id=str(uuid.uuid4()), first_name=name,
                         phone="0171 111111", topic_id=topic.slug,
                         created_at="2026-11-25T10:05:00Z") for name in ("Paul", "Rita"))
batch = [first, conflict, later, op("booking.cancel", booking_id=later["payload"]["booking_id"]),
         op("booking.status", booking_id=first["payload"]["booking_id"], status="attended"),
         callback, answered, op("callback.done", callback_id=answered["payload"]["callback_id"]),
         op("walkin.create", walkin_id=str(uuid.uuid4()), topic_id=topic.slug,
            at="2026-11-25T11:00:00Z")]
results = [ops.apply_op(kiosk_row, raw) for raw in batch]
assert [r["status"] for r in results] == ["confirmed", "conflict"] + ["confirmed"] * 7, results

ClosedDay.objects.create(quartier=q, date=timezone.localdate() + timedelta(days=90),
                         reason="Betriebsausflug")
ClosedDay.objects.create(quartier=None, date=timezone.localdate() + timedelta(days=91),
                         reason="Feiertag")

admin = User.objects.get(username="admin")
topic.title_de += " (neu)"
topic.save()
second = content.publish(admin)  # release 2: a delta from release 1 exists

manager = User.objects.create_user("manni", password="ein-langes-passwort", is_staff=True)
manager.groups.add(Group.objects.get(name="Quartiersmanager"))
q.managers.add(manager)
TOTPDevice.objects.create(user=manager, name="App", confirmed=True)
district = User.objects.create_user("bezirk", password="ein-langes-passwort", is_staff=True)
district.user_permissions.add(Permission.objects.get(codename="view_all_quartiers"))
booked = Booking.objects.get(pk=first["payload"]["booking_id"])
LogEntry.objects.create(user=admin, content_type=ContentType.objects.get_for_model(Booking),
                        object_id=str(booked.pk), object_repr=str(booked)[:200],
                        action_flag=CHANGE, change_message="Status geändert")

json.dump({"token": token, "ops": batch, "results": results,
           "booking": {"id": str(booked.pk), "code": booked.code, "status": booked.status},
           "release": second.number, "manifest": second.manifest_json,
           "base_digest": content.release_digest(second.number - 1)},
          open(sys.argv[1], "w"))
"""

# Run by today's code on the migrated database: what the API and the admin make of the old rows.
NEW_CHECKS = r"""
import hashlib, json, sys, uuid

import django
django.setup()

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from dqserver.bookings.models import Booking, Helper, Slot
from dqserver.kiosks.models import Kiosk, Quartier
from dqserver.management.commands.bootstrap import manager_permissions

old = json.load(open(sys.argv[1]))
out = {}
api = Client(headers={"Authorization": "Bearer " + old["token"]})

feed = api.get("/api/v1/changes", {"limit": 1000}).json()
out["feed_bookings"] = sorted((b["code"], b["status"]) for b in feed["bookings"])
out["feed_callbacks"] = sorted(c["status"] for c in feed["callbacks"])
out["feed_helpers"] = len(feed["helpers"])
out["feed_slots"] = len(feed["slots"])
out["replayed"] = api.post("/api/v1/ops", {"ops": old["ops"]},
                           content_type="application/json").json()["results"]
whole = api.get("/api/v1/content/manifest")
out["manifest"] = whole.content.decode("utf-8")
out["manifest_etag"] = whole["ETag"]
delta = api.get("/api/v1/content/manifest",
                {"base": old["release"] - 1, "base_digest": old["base_digest"]}).json()
out["delta_base"] = delta.get("base_release")
manifest = json.loads(out["manifest"])
pictures = [api.get(f"/api/v1/content/assets/{a['sha256']}") for a in manifest["assets"]]
out["pictures_match"] = all(hashlib.sha256(p.content).hexdigest() == a["sha256"]
                            for p, a in zip(pictures, manifest["assets"], strict=True))
slot = (Slot.objects.filter(quartier__slug="herten-innenstadt", cancelled=False, capacity=1)
        .exclude(bookings__isnull=False).order_by("start").first())
new = {"op_id": str(uuid.uuid4()), "type": "booking.create", "payload": {
    "booking_id": str(uuid.uuid4()), "slot_id": str(slot.pk), "topic_id": None,
    "first_name": "Neu", "phone": "", "code": "NEU1", "created_at": "2026-11-26T10:00:00Z"}}
out["new_booking"] = api.post("/api/v1/ops", {"ops": [new]},
                              content_type="application/json").json()["results"][0]["status"]
out["heartbeat"] = api.post("/api/v1/heartbeat", {"app_version": "2"},
                            content_type="application/json").status_code
# New rows get new ids (PostgreSQL: the identity sequences go on from the old rows).
fresh = Quartier.objects.create(slug="neu", name="Neu")
Kiosk.objects.create(quartier=fresh, name="Kiosk")
helper = Helper(first_name="Neu")
helper.save()
out["new_ids_after_old"] = fresh.pk > Quartier.objects.exclude(pk=fresh.pk).order_by("-pk")[0].pk

manager = User.objects.get(username="manni")
out["manager_perms"] = sorted(manager.get_all_permissions())
out["group_is_bootstraps"] = (set(Group.objects.get(name="Quartiersmanager").permissions.all())
                              == set(manager_permissions()))
out["district_sees_all"] = User.objects.get(username="bezirk").has_perm(
    "kiosks.view_all_quartiers")
out["log_entry_url"] = LogEntry.objects.get().get_admin_url()
out["old_labels_left"] = list(ContentType.objects.filter(app_label="dqserver")
                              .values_list("model", flat=True))
browser = Client()
browser.force_login(manager)
session = browser.session
session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=manager).persistent_id
session.save()
page = browser.get("/admin/bookings/booking/")
out["admin_bookings"] = [page.status_code, old["booking"]["code"] in page.content.decode()]
out["admin_pages"] = {url: browser.get(url).status_code for url in [
    "/admin/", "/admin/content/topic/", "/admin/content/contentrelease/",
    "/admin/kiosks/kiosk/", "/admin/bookings/helper/", "/admin/bookings/slot/",
    f"/admin/bookings/booking/{old['booking']['id']}/change/"]}
moved = browser.get("/admin/dqserver/booking/?status=confirmed")
out["old_admin_url"] = [moved.status_code, moved["Location"]]
json.dump(out, open(sys.argv[2], "w"))
"""


@pytest.fixture(scope="module")
def old_tree(tmp_path_factory) -> Path:
    """The one-app server's tree (server/, kiosk/, the demo content) at ``OLD_REV``."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: the one-app server's code comes from the history")
    done = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", OLD_REV,
                           "server", "kiosk", "assets/demo"], capture_output=True)
    shallow = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--is-shallow-repository"],
                             capture_output=True, text=True).stdout.strip() == "true"
    if done.returncode != 0 and shallow:  # .ci/run deepens a shallow clone when it can
        pytest.skip(f"a shallow clone without {OLD_REV[:12]}: `git fetch --unshallow`")
    assert done.returncode == 0, (
        f"git archive {OLD_REV[:12]} failed (a shallow clone? `git fetch --unshallow`): "
        + done.stderr.decode(errors="replace"))
    root = tmp_path_factory.mktemp("one-app-server")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(root, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return root


def postgres_server_url() -> str | None:
    for name in ("DATABASE_URL", "DQ_TEST_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database: a SQLite file, or a scratch database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    server_url = postgres_server_url()
    if server_url is None:
        pytest.skip("no PostgreSQL: set DATABASE_URL or DQ_TEST_DATABASE_URL")
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(server_url)
    params = {"host": config["HOST"] or None, "port": config["PORT"] or None,
              "user": config["USER"] or None, "password": config["PASSWORD"] or None,
              "dbname": config["NAME"] or "postgres", "autocommit": True}
    name = f"dq_migrate_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server_url.rsplit("/", 1)[0].split("?")[0] + "/" + name
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child_env(root: Path, database_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DQ_", "DATABASE_URL", "PYTHONPATH"))}
    env.update(PYTHONPATH=os.pathsep.join([str(root), str(root / "server")]),
               DJANGO_SETTINGS_MODULE="dqserver.settings", DATABASE_URL=database_url,
               DQ_VAR_DIR=str(var_dir), DJANGO_SECRET_KEY=SECRET_KEY,
               DJANGO_ALLOWED_HOSTS="testserver,localhost", DQ_LOG_LEVEL="WARNING",
               DJANGO_SUPERUSER_USERNAME="admin", DJANGO_SUPERUSER_PASSWORD="ein-langes-pw-1")
    return env


def run(root: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(args)} in {root}:\n{done.stderr[-4000:]}"
    return done.stdout


# Many-to-many fields: dumped as lists of ids in the order of the related model, and a
# permission's order follows its content type's app label.
MANY = {"managers", "quartiers", "seen_quartiers", "assets", "permissions", "user_permissions",
        "groups"}


def dump(root: Path, env: dict[str, str], apps: list[str], path: Path) -> dict:
    """{(app.model, pk): fields} of everything ``dumpdata`` gives for ``apps``."""
    run(root, env, "server/manage.py", "dumpdata", *apps, "-o", str(path))
    return {(row["model"], json.dumps(row["pk"])): {
        name: sorted(value) if name in MANY else value for name, value in row["fields"].items()}
        for row in json.loads(path.read_text(encoding="utf-8"))}


# Fields added to the models since OLD_REV, with what the rows of then have in them.
ADDED = {"kiosks.kiosk": {"printer_state": ""}}


def moved(rows: dict) -> dict:
    """The old dump as today's code must see it: each model under its new app label, and the
    content types relabelled (same ids, so permissions and log entries point at them still)."""
    out = {}
    for (model, pk), fields in rows.items():
        app, name = model.split(".")
        if app == "dqserver":
            model = f"{NEW_LABEL[name]}.{name}"
            fields = {**fields, **ADDED.get(model, {})}
        if model == "contenttypes.contenttype" and fields["app_label"] == "dqserver":
            fields = {**fields, "app_label": NEW_LABEL[fields["model"]]}
        out[(model, pk)] = fields
    return out


def new_model_rows(after: dict, expected: dict) -> set:
    """The content types of models the old code did not have, and their permissions."""
    old_types = {(f["app_label"], f["model"]) for (model, _pk), f in expected.items()
                 if model == "contenttypes.contenttype"}
    new_types = {pk for (model, pk), f in after.items() if model == "contenttypes.contenttype"
                 and (f["app_label"], f["model"]) not in old_types}
    return {(model, pk) for (model, pk), f in after.items()
            if (model == "contenttypes.contenttype" and pk in new_types)
            or (model == "auth.permission" and str(f["content_type"]) in new_types)}


def test_a_database_of_the_one_app_server_migrates_with_every_row(old_tree, database_url,
                                                                   tmp_path):
    old_env = child_env(old_tree, database_url, tmp_path / "old-var")
    run(old_tree, old_env, "server/manage.py", "bootstrap", "--demo")  # migrates first
    (tmp_path / "old_data.py").write_text(f"ROOT = {str(old_tree)!r}\n" + OLD_DATA)
    run(old_tree, old_env, str(tmp_path / "old_data.py"), str(tmp_path / "old.json"))
    old = json.loads((tmp_path / "old.json").read_text())
    before = dump(old_tree, old_env, ["dqserver", *DUMPED], tmp_path / "before.json")
    assert {model for model, _ in before} >= {f"dqserver.{name}" for name in NEW_LABEL}

    new_env = child_env(REPO, database_url, tmp_path / "new-var")
    run(REPO, new_env, "server/manage.py", "migrate", "--no-input", "-v", "0")
    run(REPO, new_env, "server/manage.py", "bootstrap")  # as an update runs it: nothing changes
    after = dump(REPO, new_env, ["content", "kiosks", "bookings", *DUMPED],
                 tmp_path / "after.json")
    expected = moved(before)
    # No row lost, none added — but the content types and permissions of models added since
    # (the stats, glossary and people apps, revisions), which are new rows by nature.
    added = new_model_rows(after, expected)
    assert after.keys() - added == expected.keys()
    # Every old field as it was (columns added since, e.g. a plan's end time, may be filled).
    changed = [key for key in expected
               if {name: after[key].get(name) for name in expected[key]} != expected[key]]
    assert not changed, [(key, expected[key], after[key]) for key in changed[:3]]

    # And back (a rollback to the one-app release): its code finds its rows as it left them.
    for app in ("kiosks", "content"):  # unapplies bookings 0001 and dqserver 0005 on the way
        run(REPO, new_env, "server/manage.py", "migrate", app, "zero", "--no-input", "-v", "0")
    back = dump(old_tree, old_env, ["dqserver", *DUMPED], tmp_path / "back.json")
    assert {key: row for key, row in back.items() if key not in added} == before  # (stale
    # content types of the newer models stay, as Django leaves them)
    run(REPO, new_env, "server/manage.py", "migrate", "--no-input", "-v", "0")

    (tmp_path / "new_checks.py").write_text(NEW_CHECKS)
    run(REPO, new_env, str(tmp_path / "new_checks.py"), str(tmp_path / "old.json"),
        str(tmp_path / "new.json"))
    new = json.loads((tmp_path / "new.json").read_text())
    # The kiosk API serves the old rows as before.
    assert new["feed_bookings"] == [["HX4K", "attended"], ["KX7P", "conflict"],
                                    ["QW3E", "cancelled"]]
    assert new["feed_callbacks"] == ["done", "open"]
    assert new["feed_helpers"] > 0 and new["feed_slots"] > 0
    assert new["replayed"] == old["results"]  # op records and their keyed digests kept
    assert new["manifest"] == old["manifest"]
    assert new["manifest_etag"] == f'"release-{old["release"]}"'
    assert new["delta_base"] == old["release"] - 1 and new["pictures_match"]
    assert new["new_booking"] == "confirmed" and new["heartbeat"] == 204
    assert new["new_ids_after_old"]
    # Rights followed the models: the group, a district admin's own permission, the log.
    assert {"bookings.change_booking", "bookings.add_helper", "content.change_topic",
            "kiosks.change_kiosk"} <= set(new["manager_perms"])
    assert not any(p.startswith("dqserver.") or ".delete_" in p for p in new["manager_perms"])
    assert new["group_is_bootstraps"] and new["district_sees_all"]
    assert new["log_entry_url"] == f"/admin/bookings/booking/{old['booking']['id']}/change/"
    assert new["old_labels_left"] == []
    assert new["admin_bookings"] == [200, True]
    assert set(new["admin_pages"].values()) == {200}, new["admin_pages"]
    assert new["old_admin_url"] == [301, "/admin/bookings/booking/?status=confirmed"]
