from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_task_queue_tables(sender, **kwargs) -> None:
    """With the queue in PostgreSQL, `migrate` also creates huey's tables."""
    from huey.contrib.djhuey import HUEY
    from huey.contrib.sql_huey import SqlStorage

    if isinstance(HUEY.storage, SqlStorage):
        database = HUEY.storage.database
        with database:
            # Checked first, so that a migrate with nothing to do needs no CREATE right.
            if not database.table_exists(HUEY.storage.Task._meta.table_name):
                HUEY.storage.create_tables()


class UtilsConfig(AppConfig):
    name = "dwarsverbinder.utils"
    label = "utils"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the start-up checks)

        # Sent once per app with models; this app has none, so listen for the audit log's.
        post_migrate.connect(_create_task_queue_tables, sender=self.apps.get_app_config("privacy"))
