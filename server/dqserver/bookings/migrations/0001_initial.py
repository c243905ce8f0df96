"""Helpers, slots, slot plans, closed days, bookings, call-backs, walk-ins and op records, taken
over from the one-app server (``dqserver``) with their tables and rows.

Only the state moves (``SeparateDatabaseAndState`` with no database operation: the tables were
made by ``dqserver`` 0001–0005 and keep their names), and the content types are relabelled, so
permissions, group rights and admin log entries stay with the models (dqserver/relabel.py).
Written by makemigrations, then wrapped by hand.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import dqserver.bookings.models
from dqserver.relabel import OLD_LABEL, relabel_content_types

MODELS = ['helper', 'slot', 'slotplan', 'closedday', 'booking', 'callbackrequest', 'walkin', 'oprecord']


def forwards(apps, schema_editor):
    relabel_content_types(apps, schema_editor, MODELS, OLD_LABEL, 'bookings')


def backwards(apps, schema_editor):
    relabel_content_types(apps, schema_editor, MODELS, 'bookings', OLD_LABEL)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('content', '0001_initial'),
        ('kiosks', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('dqserver', '0005_kiosk_printer_state'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ClosedDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='Datum')),
                        ('reason', models.CharField(blank=True, max_length=120, verbose_name='Grund')),
                        ('quartier', models.ForeignKey(blank=True, help_text='Leer lassen: gilt für alle Quartiere.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='closed_days', to='kiosks.quartier', verbose_name='Quartier')),
                    ],
                    options={
                        'verbose_name': 'Schließtag',
                        'verbose_name_plural': 'Schließtage',
                        'db_table': 'dqserver_closedday',
                        'ordering': ['date'],
                    },
                ),
                migrations.CreateModel(
                    name='Helper',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('seq', models.BigIntegerField(db_index=True, default=0, editable=False)),
                        ('first_name', models.CharField(max_length=50, verbose_name='Vorname (auf dem Kiosk sichtbar)')),
                        ('contact', models.CharField(blank=True, max_length=200, verbose_name='Kontakt (nur intern)')),
                        ('active', models.BooleanField(default=True, verbose_name='Aktiv')),
                        ('pin_hash', models.CharField(blank=True, editable=False, max_length=200, verbose_name='PIN (Hash)')),
                        ('ical_secret', models.CharField(default=dqserver.bookings.models.new_ical_secret, editable=False, max_length=64, unique=True, verbose_name='Kalender-Geheimnis')),
                        ('quartiers', models.ManyToManyField(blank=True, db_table='dqserver_helper_quartiers', related_name='helpers', to='kiosks.quartier', verbose_name='Quartiere')),
                        ('seen_quartiers', models.ManyToManyField(blank=True, db_table='dqserver_helper_seen_quartiers', editable=False, related_name='+', to='kiosks.quartier')),
                    ],
                    options={
                        'verbose_name': 'Digital-Helfer',
                        'verbose_name_plural': 'Digital-Helfer',
                        'db_table': 'dqserver_helper',
                        'ordering': ['first_name'],
                    },
                ),
                migrations.CreateModel(
                    name='OpRecord',
                    fields=[
                        ('op_id', models.UUIDField(primary_key=True, serialize=False)),
                        ('op_type', models.CharField(max_length=32)),
                        ('payload_hash', models.CharField(max_length=64)),
                        ('result', models.JSONField()),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('kiosk', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='kiosks.kiosk')),
                        ('quartier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='kiosks.quartier')),
                    ],
                    options={
                        'verbose_name': 'Kiosk-Vorgang',
                        'verbose_name_plural': 'Kiosk-Vorgänge',
                        'db_table': 'dqserver_oprecord',
                    },
                ),
                migrations.CreateModel(
                    name='SlotPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Montag'), (1, 'Dienstag'), (2, 'Mittwoch'), (3, 'Donnerstag'), (4, 'Freitag'), (5, 'Samstag'), (6, 'Sonntag')], verbose_name='Wochentag')),
                        ('start_time', models.TimeField(verbose_name='Beginn')),
                        ('duration_minutes', models.PositiveIntegerField(default=30, verbose_name='Dauer (Minuten)')),
                        ('count', models.PositiveSmallIntegerField(default=1, verbose_name='Anzahl Termine nacheinander')),
                        ('capacity', models.PositiveIntegerField(default=1, verbose_name='Plätze je Termin')),
                        ('room', models.CharField(blank=True, max_length=80, verbose_name='Raum')),
                        ('valid_from', models.DateField(default=django.utils.timezone.localdate, verbose_name='Gültig ab')),
                        ('valid_until', models.DateField(blank=True, null=True, verbose_name='Gültig bis')),
                        ('active', models.BooleanField(default=True, verbose_name='Aktiv')),
                        ('helper', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='bookings.helper', verbose_name='Digital-Helfer')),
                        ('quartier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='slot_plans', to='kiosks.quartier', verbose_name='Quartier')),
                    ],
                    options={
                        'verbose_name': 'Terminplan',
                        'verbose_name_plural': 'Terminpläne',
                        'db_table': 'dqserver_slotplan',
                        'ordering': ['quartier__name', 'weekday', 'start_time'],
                    },
                ),
                migrations.CreateModel(
                    name='Slot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('seq', models.BigIntegerField(db_index=True, default=0, editable=False)),
                        ('start', models.DateTimeField(verbose_name='Beginn')),
                        ('end', models.DateTimeField(verbose_name='Ende')),
                        ('capacity', models.PositiveIntegerField(default=1, verbose_name='Plätze')),
                        ('room', models.CharField(blank=True, max_length=80, verbose_name='Raum')),
                        ('cancelled', models.BooleanField(default=False, verbose_name='Abgesagt')),
                        ('helper', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='slots', to='bookings.helper', verbose_name='Digital-Helfer')),
                        ('quartier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='slots', to='kiosks.quartier', verbose_name='Quartier')),
                        ('plan', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='slots', to='bookings.slotplan', verbose_name='Terminplan')),
                    ],
                    options={
                        'verbose_name': 'Termin',
                        'verbose_name_plural': 'Termine',
                        'db_table': 'dqserver_slot',
                        'ordering': ['start'],
                    },
                ),
                migrations.CreateModel(
                    name='WalkIn',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, primary_key=True, serialize=False, verbose_name='ID')),
                        ('topic_ref', models.CharField(blank=True, editable=False, max_length=64, verbose_name='Themen-ID vom Kiosk')),
                        ('at', models.DateTimeField(verbose_name='Zeitpunkt')),
                        ('quartier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='walkins', to='kiosks.quartier', verbose_name='Quartier')),
                        ('topic', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.topic', verbose_name='Thema')),
                    ],
                    options={
                        'verbose_name': 'Spontanbesuch',
                        'verbose_name_plural': 'Spontanbesuche',
                        'db_table': 'dqserver_walkin',
                        'ordering': ['-at'],
                    },
                ),
                migrations.CreateModel(
                    name='CallbackRequest',
                    fields=[
                        ('seq', models.BigIntegerField(db_index=True, default=0, editable=False)),
                        ('id', models.UUIDField(default=uuid.uuid4, primary_key=True, serialize=False, verbose_name='ID')),
                        ('topic_ref', models.CharField(blank=True, editable=False, max_length=64, verbose_name='Themen-ID vom Kiosk')),
                        ('first_name', models.CharField(blank=True, max_length=50, verbose_name='Vorname')),
                        ('phone', models.CharField(blank=True, max_length=40, verbose_name='Telefon')),
                        ('status', models.CharField(choices=[('open', 'offen'), ('done', 'erledigt')], default='open', max_length=8, verbose_name='Status')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Angefragt am')),
                        ('personal_data_purged_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Persönliche Daten gelöscht')),
                        ('quartier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='callbacks', to='kiosks.quartier', verbose_name='Quartier')),
                        ('topic', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.topic', verbose_name='Thema')),
                    ],
                    options={
                        'verbose_name': 'Rückrufwunsch',
                        'verbose_name_plural': 'Rückrufwünsche',
                        'db_table': 'dqserver_callbackrequest',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['quartier', 'seq'], name='callback_quartier_seq')],
                    },
                ),
                migrations.CreateModel(
                    name='Booking',
                    fields=[
                        ('seq', models.BigIntegerField(db_index=True, default=0, editable=False)),
                        ('id', models.UUIDField(default=uuid.uuid4, primary_key=True, serialize=False, verbose_name='Buchungs-ID')),
                        ('topic_ref', models.CharField(blank=True, editable=False, max_length=64, verbose_name='Themen-ID vom Kiosk')),
                        ('first_name', models.CharField(blank=True, max_length=50, verbose_name='Vorname')),
                        ('phone', models.CharField(blank=True, max_length=40, verbose_name='Telefon')),
                        ('code', models.CharField(max_length=16, verbose_name='Buchungscode')),
                        ('status', models.CharField(choices=[('confirmed', 'gebucht'), ('cancelled', 'abgesagt'), ('attended', 'erschienen'), ('no_show', 'nicht erschienen'), ('conflict', 'Konflikt (Termin war voll)'), ('conflict_done', 'Konflikt erledigt')], db_index=True, default='confirmed', max_length=16, verbose_name='Status')),
                        ('source', models.CharField(choices=[('kiosk', 'Kiosk'), ('admin', 'Verwaltung')], default='kiosk', max_length=8, verbose_name='Quelle')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Gebucht am')),
                        ('received_at', models.DateTimeField(auto_now_add=True, verbose_name='Beim Server seit')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='Geändert')),
                        ('personal_data_purged_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Persönliche Daten gelöscht')),
                        ('kiosk', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='kiosks.kiosk', verbose_name='Kiosk')),
                        ('quartier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='kiosks.quartier', verbose_name='Quartier')),
                        ('topic', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.topic', verbose_name='Thema')),
                        ('slot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='bookings.slot', verbose_name='Termin')),
                    ],
                    options={
                        'verbose_name': 'Buchung',
                        'verbose_name_plural': 'Buchungen',
                        'db_table': 'dqserver_booking',
                        'ordering': ['-slot__start'],
                        'indexes': [models.Index(fields=['quartier', 'seq'], name='booking_quartier_seq')],
                    },
                ),
                migrations.AddIndex(
                    model_name='slot',
                    index=models.Index(fields=['quartier', 'seq'], name='slot_quartier_seq'),
                ),
                migrations.AddConstraint(
                    model_name='slot',
                    constraint=models.UniqueConstraint(fields=('plan', 'start'), name='slot_unique_per_plan_start'),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
