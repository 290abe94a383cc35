"""The processing register as a page (every logged-in user: staff should know the rules),
its exports, the privacy officer's edit form, and the retention overview."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.decorators import role_required

from .forms import RegisterEntryForm
from .models import ProcessingRecord
from .register import EDITABLE_FIELDS, export_csv, export_rows, register_entries, register_update
from .removal import record_type_label
from .retention import (
    ANONYMISED_KEY,
    APPLIES_TO,
    retention_limits,
    retention_run,
    retention_runs,
)


def _is_officer(user) -> bool:
    membership = getattr(user, "active_membership", None)
    return membership is not None and membership.role == Role.PRIVACY_OFFICER


def _download(content: str, *, content_type: str, extension: str) -> HttpResponse:
    name = f"verwerkingsregister-{timezone.localdate().isoformat()}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def register(request):
    entries = list(register_entries())
    export = request.GET.get("format")
    if export == "csv":
        return _download(
            export_csv(entries), content_type="text/csv; charset=utf-8", extension="csv"
        )
    if export == "json":
        data = {
            "exported_at": timezone.now().isoformat(),
            "categories": export_rows(entries),
        }
        return _download(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
            extension="json",
        )
    return render(
        request,
        "privacy/register.html",
        {
            "items": list(zip(entries, export_rows(entries), strict=True)),
            "can_edit": _is_officer(request.user),
        },
    )


def _add_service_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        field = key if key in form.fields and key != NON_FIELD_ERRORS else None
        for error in errors:
            form.add_error(field, error)


@role_required(Role.PRIVACY_OFFICER)
def register_edit(request, category: str):
    record = get_object_or_404(ProcessingRecord, category=category)
    # The form validates a copy; the service changes the row (locked, audited).
    form = RegisterEntryForm(
        request.POST if request.method == "POST" else None,
        instance=ProcessingRecord.objects.get(pk=record.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            register_update(
                record=record,
                by=request.user,
                **{name: form.cleaned_data[name] for name in EDITABLE_FIELDS},
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The register entry “%(category)s” is saved. It applies from now on.")
                % {"category": record.get_category_display()},
            )
            return redirect(reverse("privacy:register") + f"#{record.category}")
    return render(request, "privacy/register_edit.html", {"form": form, "record": record})


def _count_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [
        (_("Young people anonymised") if key == ANONYMISED_KEY else record_type_label(key), n)
        for key, n in counts.items()
    ]


@role_required(Role.PRIVACY_OFFICER)
def retention(request):
    today = timezone.localdate()
    limits = retention_limits(today=today)
    entries = [
        (entry, limits.get(entry.category), APPLIES_TO.get(entry.category))
        for entry in register_entries()
    ]
    preview = _count_rows(retention_run(today=today, dry_run=True))
    runs = [{**run, "rows": _count_rows(run["removed"])} for run in retention_runs()]
    return render(
        request,
        "privacy/retention.html",
        {"today": today, "entries": entries, "preview": preview, "runs": runs},
    )
