"""Moving models from the one-app server (app label ``dqserver``) to the apps by concern.

The tables stay where they are (each model keeps its ``dqserver_…`` table); only Django's
bookkeeping follows the move: the migration state (``SeparateDatabaseAndState`` in each app's
first migration, and ``DeleteModel`` from the state only in ``dqserver`` 0006), and the content
types. A content type row names a model by app label; permissions (so the rights of the group
"Quartiersmanager" and of district admins) and admin log entries point at it by id. Relabelling
the row keeps every one of them; a new row would leave them behind on a stale one.
"""

from __future__ import annotations

OLD_LABEL = "dqserver"


def relabel_content_types(apps, schema_editor, models: list[str], source: str,
                          target: str) -> None:
    """Give the content types of ``models`` (lower-case model names) of app ``source`` to
    app ``target``. A new database has none yet: Django makes them after migrating."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.db_manager(schema_editor.connection.alias)
    for model in models:
        taken = types.filter(app_label=target, model=model).exists()
        # ``taken`` cannot happen in a plain migrate: Django makes the content types of an app
        # only after its first migration, and that migration relabels first. Left alone rather
        # than merged, so nothing is ever deleted here.
        if not taken:
            types.filter(app_label=source, model=model).update(app_label=target)
    types.clear_cache()
