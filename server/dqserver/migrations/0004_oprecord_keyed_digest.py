"""Op records keep an HMAC of the payload's sha256, no longer the plain sha256 (issue #13)."""

from django.db import migrations


def key_the_old_hashes(apps, schema_editor):
    from dqserver.bookings.ops import keyed_digest

    OpRecord = apps.get_model("dqserver", "OpRecord")
    for record in OpRecord.objects.only("op_id", "payload_hash").iterator():
        OpRecord.objects.filter(pk=record.pk).update(
            payload_hash=keyed_digest(record.payload_hash))


class Migration(migrations.Migration):

    dependencies = [
        ("dqserver", "0003_feed_indexes"),
    ]

    operations = [
        migrations.RunPython(key_the_old_hashes, migrations.RunPython.noop, elidable=True),
    ]
