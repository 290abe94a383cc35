"""Writes for the sociale kaart: a partner creates and updates its own services.

Every write is atomic and audited (before/after); a service carries no personal data, so
no audit row names a person.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from dwarsverbinder.privacy import audit

from .models import Organisation, Service

# Path segments of the sociale kaart that a service's slug may not take.
RESERVED_SLUGS = frozenset({"beheer"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "dienst"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Service.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply(service: Service, fields: dict[str, Any], *, today: datetime.date) -> list:
    """Set plain fields; return the regions to set after saving (None: leave them)."""
    fields = dict(fields)
    regions = fields.pop("regions", None)
    old_days, old_accepting = service.waiting_days, service.accepting_new
    for name, value in fields.items():
        setattr(service, name, value)
    waiting_changed = (service.waiting_days, service.accepting_new) != (old_days, old_accepting)
    if service.waiting_days is not None and (waiting_changed or not service.waiting_updated_on):
        service.waiting_updated_on = today
    return regions


@transaction.atomic
def service_create(
    *,
    organisation: Organisation,
    fields: dict[str, Any],
    by,
    today: datetime.date | None = None,
) -> Service:
    """A new service of ``organisation``; the slug follows from the name."""
    service = Service(organisation=organisation)
    regions = _apply(service, fields, today=today or timezone.localdate())
    service.slug = _unique_slug(service.name)
    service.full_clean()
    service.save()
    audit.log_change(actor=by, obj=service, before=None)
    if regions is not None:
        service.regions.set(regions)
        audit.log_m2m_change(
            actor=by, obj=service, field="regions", before=set(), after={r.pk for r in regions}
        )
    return service


@transaction.atomic
def service_update(
    *, service: Service, fields: dict[str, Any], by, today: datetime.date | None = None
) -> Service:
    """Change a service. A new waiting time (or intake status) gets today's date."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = audit.snapshot(service)
    regions_before = set(service.regions.values_list("pk", flat=True))
    regions = _apply(service, fields, today=today or timezone.localdate())
    service.full_clean()
    service.save()
    audit.log_change(actor=by, obj=service, before=before)
    if regions is not None:
        service.regions.set(regions)
        audit.log_m2m_change(
            actor=by,
            obj=service,
            field="regions",
            before=regions_before,
            after={r.pk for r in regions},
        )
    return service


@transaction.atomic
def service_waiting_update(
    *,
    service: Service,
    waiting_days: int | None,
    accepting_new: bool,
    by,
    today: datetime.date | None = None,
) -> Service:
    """The quick update: the waiting time and intake status, checked today."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = audit.snapshot(service)
    service.waiting_days = waiting_days
    service.accepting_new = accepting_new
    service.waiting_updated_on = today or timezone.localdate()
    service.full_clean()
    service.save(
        update_fields=["waiting_days", "accepting_new", "waiting_updated_on", "updated_at"]
    )
    audit.log_change(actor=by, obj=service, before=before)
    return service
