"""What deleting rows removes, counted per record type, the same way for a preview and for
the deletion itself. Shared by erasure requests (``requests.py``) and the retention run
(``retention.py``); both report counts, never contents."""

from __future__ import annotations

from collections import Counter

from django.apps import apps
from django.db import models


def _cascading_relations(model: type[models.Model]):
    """The relations along which deleting a ``model`` row deletes other rows (the same
    candidates Django's own deletion collector follows, hidden ones included)."""
    return [
        rel
        for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created
        and not rel.concrete
        and (rel.one_to_one or rel.one_to_many)
        and rel.on_delete is models.CASCADE
    ]


def cascade_counts(queryset: models.QuerySet, *, _depth: int = 0) -> Counter:
    """How many rows deleting ``queryset`` would remove, per ``app_label.model``: the rows
    themselves and everything that cascades from them. A fixed number of queries per
    relation, however many rows there are."""
    counts: Counter = Counter()
    total = queryset.count()
    if not total:
        return counts
    model = queryset.model
    counts[model._meta.label_lower] += total
    if _depth >= 5:  # no cycles in this schema; a guard, not a limit that is ever reached
        return counts
    ids = queryset.order_by().values("pk")
    for rel in _cascading_relations(model):
        related = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": ids})
        counts.update(cascade_counts(related, _depth=_depth + 1))
    return counts


def delete_counted(queryset: models.QuerySet) -> Counter:
    """Delete ``queryset`` (with its cascades) and return the rows removed per type."""
    _total, per_model = queryset.delete()
    return Counter({label.lower(): n for label, n in per_model.items() if n})


def record_type_label(label: str) -> str:
    """``app_label.model`` as it reads in the interface, in the plural."""
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label
