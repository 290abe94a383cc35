"""Filters for the data export, whose dates are ISO 8601 strings."""

from __future__ import annotations

import datetime

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def isodate(value):
    """ "2024-03-01" (or a full timestamp) as "1 maart 2024"; empty stays empty."""
    if not value:
        return ""
    try:
        parsed = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return value
    if "T" in str(value):
        return date_format(parsed, "j F Y, H:i")
    return date_format(parsed.date(), "j F Y")


@register.filter
def yesno_b1(value) -> str:
    return _("yes") if value else _("no")
