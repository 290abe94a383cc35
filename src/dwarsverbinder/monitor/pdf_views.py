"""The monitor's PDF report (/monitor/rapport.pdf), for analysts and regional coordinators
(anybody else gets a 404): the dashboard's selection, from the same query string, as a
report for funders. Every download is audited with its parameters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from .forms import DashboardForm, existing_cohorts, with_defaults
from .pdf import Selection, report_context, report_pdf
from .selectors import can_read_monitor

AUDIT_OBJECT_TYPE = "monitor.report"


@require_GET
@login_required
def report(request):
    if not can_read_monitor(user=request.user):
        raise Http404
    cohorts = existing_cohorts()
    data = with_defaults(request.GET, cohorts, timezone.localdate())
    form = DashboardForm(data, cohorts=cohorts)
    if not cohorts or not form.is_valid():
        context = {"form": form, "cohorts": cohorts}
        return render(request, "monitor/dashboard.html", context, status=400)
    selection = Selection.from_form(form)
    made = report_context(selection=selection, cohorts=cohorts)
    body = report_pdf(made)
    audit.log_event(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type=AUDIT_OBJECT_TYPE,
        detail={"definition": made.definition, "format": "pdf", **selection.parameters},
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response
