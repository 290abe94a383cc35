"""Settings for the test suite: the normal settings with DWV_ENV=test."""

import os

os.environ.setdefault("DWV_ENV", "test")

from .settings import *  # noqa: E402,F403
