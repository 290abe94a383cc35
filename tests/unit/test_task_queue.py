"""One task queue: on an SQLite file by default, in PostgreSQL, or on Redis.

Each back-end is exercised for real in a separate process configured only through the
environment, the way the app is configured in production: a task is enqueued, taken from
the queue, run, and its effect read back through the queue's storage.
"""

import os
import subprocess
import sys

import pytest
from django.db import connection

SCRIPT = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwarsverbinder.conf.settings")
django.setup()
from huey.contrib.djhuey import HUEY
from dwarsverbinder.utils.tasks import heartbeat, last_heartbeat
HUEY.storage.initialize_schema() if hasattr(HUEY.storage, "initialize_schema") else None
HUEY.flush()
heartbeat()
task = HUEY.dequeue()
assert task is not None, "nothing was queued"
HUEY.execute(task)
print(type(HUEY.storage).__name__, bool(last_heartbeat()))
"""


def _run(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DWV_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.update({"DWV_ENV": "development", "DWV_DATA_DIR": str(tmp_path), **env})
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=clean, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


def test_default_queue_lives_in_an_sqlite_file(tmp_path):
    assert _run(tmp_path) == "SqliteStorage True"
    assert (tmp_path / "tasks.sqlite3").exists()


def test_queue_runs_on_redis(tmp_path):
    assert _run(tmp_path, DWV_TASK_BROKER="redis://127.0.0.1:6379/15") == "RedisStorage True"


def test_malformed_broker_is_refused(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DWV_", "DJANGO_"))}
    clean.update(
        {
            "DWV_ENV": "development",
            "DWV_DATA_DIR": str(tmp_path),
            "DWV_TASK_BROKER": "amqp://guest@localhost//",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "dwarsverbinder", "check"],
        capture_output=True,
        text=True,
        env=clean,
        timeout=60,
    )
    assert result.returncode == 2
    assert "DWV_TASK_BROKER" in result.stderr


@pytest.mark.postgresql
@pytest.mark.django_db
def test_queue_runs_in_postgresql_when_the_database_is_postgresql(tmp_path):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    assert _run(tmp_path, DATABASE_URL=url) == "SqlStorage True"
