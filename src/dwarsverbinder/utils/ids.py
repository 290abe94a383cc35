"""Ids typed into a query string or form: plain ASCII digits that fit a database key."""

from __future__ import annotations

import re

_ID = re.compile(r"[0-9]{1,18}")


def as_id(value: object) -> int | None:
    """The id in ``value``, or None when it is not one: empty, not ASCII digits (``"²"``
    and full-width digits pass ``str.isdigit``), or too long for a 64-bit key."""
    text = str(value or "").strip()
    return int(text) if _ID.fullmatch(text) else None
