"""The processing register as the privacy officer keeps it: reading it, exporting it and
changing one entry. The access policy (``policy.py``) reads the same rows on every
request, so a change here changes who sees what at once; there is no second copy."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import Role

from . import audit
from .constants import LegalBasis
from .models import ProcessingRecord

# A public task or a legal obligation rests on a law: the register must name it.
BASES_WITH_ARTICLE = frozenset({LegalBasis.LEGAL_TASK, LegalBasis.LEGAL_OBLIGATION})

EDITABLE_FIELDS = (
    "purpose",
    "legal_basis",
    "legal_article",
    "retention_months",
    "retention_from",
    "roles",
    "organisation_kinds",
    "shared_without_consent_with",
)


def register_entries() -> QuerySet[ProcessingRecord]:
    return ProcessingRecord.objects.order_by("id")


def article_error(*, legal_basis: str, legal_article: str) -> str | None:
    """The error for a legal basis that needs a law and article but has none."""
    if legal_basis in BASES_WITH_ARTICLE and not legal_article.strip():
        return _("A public task or a legal obligation rests on a law: name the law and article.")
    return None


@transaction.atomic
def register_update(*, record: ProcessingRecord, by, **fields: Any) -> ProcessingRecord:
    """Change one entry of the register. Only the privacy officer; audited as a change."""
    membership = getattr(by, "active_membership", None)
    if membership is None or membership.role != Role.PRIVACY_OFFICER:
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    record = ProcessingRecord.objects.select_for_update().get(pk=record.pk)
    before = audit.snapshot(record)
    for name, value in fields.items():
        setattr(record, name, value)
    problem = article_error(legal_basis=record.legal_basis, legal_article=record.legal_article)
    if problem:
        raise ValidationError({"legal_article": problem})
    record.full_clean()
    record.save()
    audit.log_change(actor=by, obj=record, before=before)
    return record


# --- Export ------------------------------------------------------------------------------


def _labels(values: list[str], choices) -> list[str]:
    return [str(choices(v).label) for v in values if v in choices.values]


def export_rows(records) -> list[dict[str, Any]]:
    """The register as plain data: codes next to their labels, so that a reader of the
    export needs neither the code nor a translation table."""
    from dwarsverbinder.network.constants import OrganisationKind

    return [
        {
            "category": r.category,
            "category_label": str(r.get_category_display()),
            "contents": r.contents,
            "purpose": r.purpose,
            "legal_basis": r.legal_basis,
            "legal_basis_label": str(r.get_legal_basis_display()),
            "legal_article": r.legal_article,
            "retention_months": r.retention_months,
            "retention_from": r.retention_from,
            "roles": list(r.roles),
            "role_labels": _labels(r.roles, Role),
            "organisation_kinds": list(r.organisation_kinds),
            "organisation_kind_labels": _labels(r.organisation_kinds, OrganisationKind),
            "shared_without_consent_with": list(r.shared_without_consent_with),
            "shared_without_consent_with_labels": _labels(
                r.shared_without_consent_with, OrganisationKind
            ),
            "updated_at": r.updated_at.isoformat(),
        }
        for r in records
    ]


def _csv_columns() -> list[tuple[str, str]]:
    return [
        ("category_label", _("Data category")),
        ("contents", _("What it holds")),
        ("purpose", _("Purpose")),
        ("legal_basis_label", _("Legal basis")),
        ("legal_article", _("Law and article")),
        ("retention_months", _("Retention period (months)")),
        ("retention_from", _("Retention counts from")),
        ("role_labels", _("Roles that may see it")),
        ("organisation_kind_labels", _("Partner types that may see it")),
        ("shared_without_consent_with_labels", _("Handed over without consent to")),
        ("updated_at", _("Last changed")),
    ]


def _cell(value: Any) -> str:
    text = ", ".join(value) if isinstance(value, list) else str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet: keep it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def export_csv(records) -> str:
    """Semicolon-separated with a byte order mark, as Dutch Excel opens it directly."""
    columns = _csv_columns()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _key, label in columns])
    for row in export_rows(records):
        writer.writerow([_cell(row[key]) for key, _label in columns])
    return out.getvalue()
