"""Pictures, categories, topics, steps and releases, taken over from the one-app server
(``dqserver``) with their tables and rows.

Only the state moves (``SeparateDatabaseAndState`` with no database operation: the tables were
made by ``dqserver`` 0001–0005 and keep their names), and the content types are relabelled, so
permissions, group rights and admin log entries stay with the models (dqserver/relabel.py).
Written by makemigrations, then wrapped by hand.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from dqserver.relabel import OLD_LABEL, relabel_content_types

MODELS = ['asset', 'category', 'topic', 'step', 'contentrelease']


def forwards(apps, schema_editor):
    relabel_content_types(apps, schema_editor, MODELS, OLD_LABEL, 'content')


def backwards(apps, schema_editor):
    relabel_content_types(apps, schema_editor, MODELS, 'content', OLD_LABEL)


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
                    name='Asset',
                    fields=[
                        ('sha256', models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name='SHA-256')),
                        ('data', models.BinaryField(verbose_name='Daten')),
                        ('size', models.PositiveIntegerField(verbose_name='Größe (Bytes)')),
                        ('media_type', models.CharField(max_length=32, verbose_name='Typ')),
                        ('licence', models.CharField(max_length=200, verbose_name='Lizenz')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Angelegt')),
                    ],
                    options={
                        'verbose_name': 'Bild',
                        'verbose_name_plural': 'Bilder',
                        'db_table': 'dqserver_asset',
                    },
                ),
                migrations.CreateModel(
                    name='Category',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=64, unique=True, verbose_name='Kennung')),
                        ('position', models.PositiveIntegerField(default=1, verbose_name='Reihenfolge')),
                        ('title_de', models.CharField(max_length=120, verbose_name='Titel (Deutsch)')),
                        ('translations', models.JSONField(blank=True, default=dict, help_text='Weitere Sprachen als JSON, z. B. {"en": {"title": "…"}}. Deutsch steht in den Feldern oben und ist Pflicht.', verbose_name='Übersetzungen')),
                        ('icon', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='content.asset', verbose_name='Symbol')),
                    ],
                    options={
                        'verbose_name': 'Kategorie',
                        'verbose_name_plural': 'Kategorien',
                        'db_table': 'dqserver_category',
                        'ordering': ['position', 'slug'],
                    },
                ),
                migrations.CreateModel(
                    name='ContentRelease',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(unique=True, verbose_name='Version')),
                        ('manifest_json', models.TextField(editable=False, verbose_name='Manifest')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='Veröffentlicht am')),
                        ('assets', models.ManyToManyField(db_table='dqserver_contentrelease_assets', editable=False, related_name='releases', to='content.asset', verbose_name='Bilder')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='Veröffentlicht von')),
                    ],
                    options={
                        'verbose_name': 'Inhalts-Version',
                        'verbose_name_plural': 'Inhalts-Versionen',
                        'db_table': 'dqserver_contentrelease',
                        'ordering': ['-number'],
                    },
                ),
                migrations.CreateModel(
                    name='Topic',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=64, unique=True, verbose_name='Kennung')),
                        ('position', models.PositiveIntegerField(default=1, verbose_name='Reihenfolge')),
                        ('title_de', models.CharField(max_length=160, verbose_name='Titel (Deutsch)')),
                        ('summary_de', models.TextField(verbose_name='Kurzbeschreibung (Deutsch)')),
                        ('translations', models.JSONField(blank=True, default=dict, help_text='Weitere Sprachen als JSON, z. B. {"en": {"title": "…"}}. Deutsch steht in den Feldern oben und ist Pflicht.', verbose_name='Übersetzungen')),
                        ('active', models.BooleanField(default=True, help_text='Nur aktive Themen kommen in die nächste Version.', verbose_name='Veröffentlichen')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='Geändert')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='topics', to='content.category', verbose_name='Kategorie')),
                    ],
                    options={
                        'verbose_name': 'Thema',
                        'verbose_name_plural': 'Themen',
                        'db_table': 'dqserver_topic',
                        'ordering': ['category__position', 'position', 'slug'],
                    },
                ),
                migrations.CreateModel(
                    name='Step',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField(default=1, verbose_name='Reihenfolge')),
                        ('text_de', models.TextField(verbose_name='Text (Deutsch)')),
                        ('alt_de', models.CharField(blank=True, max_length=300, verbose_name='Bildbeschreibung (Deutsch)')),
                        ('translations', models.JSONField(blank=True, default=dict, help_text='z. B. {"en": {"text": "…", "alt": "…"}}', verbose_name='Übersetzungen')),
                        ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='content.asset', verbose_name='Bild')),
                        ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='content.topic', verbose_name='Thema')),
                    ],
                    options={
                        'verbose_name': 'Schritt',
                        'verbose_name_plural': 'Schritte',
                        'db_table': 'dqserver_step',
                        'ordering': ['topic', 'position', 'pk'],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
