"""Start-up: configuration errors stop the app with one clear sentence; production is safe."""

import os
import subprocess
import sys

import pytest

PROD_ENV = {
    "DWV_ENV": "production",
    "SECRET_KEY": "x7Gq!pT9#vL2@mW8$zR4%kN6^bY1&cH3*dF5(jS0)aE9-uI7+oP2=lK4_wQ8e",
    "DWV_PSEUDONYM_KEY": "another-long-random-key-for-bsn-pseudonyms-0a9b8c7d",
    "ALLOWED_HOSTS": "dwarsverbinder.example.nl",
    "DEBUG": "false",
}


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DWV_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "dwarsverbinder", *args],
        capture_output=True,
        text=True,
        env=clean,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DWV_PSEUDONYM_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = run(["check"], **env)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Dwarsverbinder cannot start:")
    assert missing in result.stderr
    assert "Traceback" not in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], **PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_unknown_database_url_is_one_sentence():
    result = run(["check"], DATABASE_URL="mysql://root@localhost/dwv")
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_sentence():
    result = run(["migrate"], DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    assert result.returncode == 2
    assert "cannot reach its database" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_number_is_named():
    result = run(["check"], DWV_MIN_CELL_SIZE="ten")
    assert result.returncode == 2
    assert "DWV_MIN_CELL_SIZE" in result.stderr


def test_debug_cannot_be_on_in_production():
    result = run(["check"], **{**PROD_ENV, "DEBUG": "true"})
    assert result.returncode == 2
    assert "DEBUG" in result.stderr


def test_malformed_trusted_proxy_is_named():
    result = run(["check"], DWV_TRUSTED_PROXIES="10.0.0.1, proxy.example.nl")
    assert result.returncode == 2
    assert "DWV_TRUSTED_PROXIES" in result.stderr


def test_unknown_log_level_is_one_sentence():
    result = run(["check"], DWV_LOG_LEVEL="LOUD")
    assert result.returncode == 2
    assert "DWV_LOG_LEVEL" in result.stderr
    assert "Traceback" not in result.stderr
