"""The quartiers, their kiosks and the change counter, taken over from the one-app server
(``dqserver``) with their tables and rows.

Only the state moves (``SeparateDatabaseAndState`` with no database operation: the tables were
made by ``dqserver`` 0001–0005 and keep their names), and the content types are relabelled, so
permissions, group rights and admin log entries stay with the models (dqserver/relabel.py).
Written by makemigrations, then wrapped by hand.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from dqserver.relabel import OLD_LABEL, relabel_content_types

MODELS = ['changecounter', 'quartier', 'kiosk']


def forwards(apps, schema_editor):
    relabel_content_types(apps, schema_editor, MODELS, OLD_LABEL, 'kiosks')


def backwards(apps, schema_editor):
    relabel_content_types(apps, schema_editor, MODELS, 'kiosks', OLD_LABEL)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
        ('dqserver', '0005_kiosk_printer_state'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ChangeCounter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.BigIntegerField(default=0)),
                        ('epoch', models.CharField(default='', max_length=16)),
                    ],
                    options={
                        'verbose_name': 'Änderungszähler',
                        'verbose_name_plural': 'Änderungszähler',
                        'db_table': 'dqserver_changecounter',
                    },
                ),
                migrations.CreateModel(
                    name='Quartier',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('seq', models.BigIntegerField(db_index=True, default=0, editable=False)),
                        ('slug', models.SlugField(help_text='Kurz, klein geschrieben, z. B. herten-innenstadt.', max_length=64, unique=True, verbose_name='Kennung')),
                        ('name', models.CharField(max_length=120, verbose_name='Name')),
                        ('centre', models.CharField(blank=True, max_length=160, verbose_name='Begegnungsstätte')),
                        ('address', models.CharField(blank=True, max_length=240, verbose_name='Adresse')),
                        ('contact_name', models.CharField(blank=True, max_length=120, verbose_name='Ansprechperson (Digital-Helfer werden)')),
                        ('contact_phone', models.CharField(blank=True, max_length=40, verbose_name='Telefon der Ansprechperson')),
                        ('contact_text', models.TextField(blank=True, verbose_name='Text „Digital-Helfer werden“')),
                        ('managers', models.ManyToManyField(blank=True, db_table='dqserver_quartier_managers', related_name='managed_quartiers', to=settings.AUTH_USER_MODEL, verbose_name='Quartiersmanager')),
                    ],
                    options={
                        'verbose_name': 'Quartier',
                        'verbose_name_plural': 'Quartiere',
                        'db_table': 'dqserver_quartier',
                        'ordering': ['name'],
                        'permissions': [('view_all_quartiers', 'Darf alle Quartiere sehen (Bezirks-Admin)')],
                    },
                ),
                migrations.CreateModel(
                    name='Kiosk',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='Name')),
                        ('token_hash', models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True, verbose_name='Token (Hash)')),
                        ('token_hint', models.CharField(blank=True, editable=False, max_length=8, verbose_name='Token beginnt mit')),
                        ('token_issued_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Token ausgestellt')),
                        ('last_seen', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Zuletzt gesehen')),
                        ('app_version', models.CharField(blank=True, editable=False, max_length=64, verbose_name='App-Version')),
                        ('content_release', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='Inhalts-Version')),
                        ('last_error', models.TextField(blank=True, editable=False, verbose_name='Letzter Fehler')),
                        ('free_disk_bytes', models.BigIntegerField(blank=True, editable=False, null=True, verbose_name='Freier Speicher (Bytes)')),
                        ('last_heartbeat', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Letztes Lebenszeichen')),
                        ('printer_state', models.CharField(blank=True, choices=[('ok', 'bereit'), ('no_paper', 'kein Papier'), ('not_connected', 'nicht verbunden'), ('error', 'Fehler')], editable=False, max_length=16, verbose_name='Drucker')),
                        ('quartier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='kiosks', to='kiosks.quartier', verbose_name='Quartier')),
                    ],
                    options={
                        'verbose_name': 'Kiosk',
                        'verbose_name_plural': 'Kiosks',
                        'db_table': 'dqserver_kiosk',
                        'ordering': ['quartier__name', 'name'],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
