"""The funding page of a project (/projecten/<slug>/financiering/: every logged-in partner
reads it, the regional coordinator changes it) and the progress report for a funder
(/projecten/<slug>/voortgang.pdf and .xlsx: coordinators and analysts; every download
audited as an export). Anybody else gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from . import funding, report
from .funding_forms import (
    FundingLineForm,
    FundingYearForm,
    ReportingDateForm,
    add_service_errors,
)
from .models import FundingLine, FundingYear, Project, ReportingDate

FORM_TEMPLATE = "programmes/funding/form.html"
DELETE_TEMPLATE = "programmes/funding/delete.html"


def _project(slug: str) -> Project:
    return get_object_or_404(Project.objects.select_related("region"), slug=slug)


def _editable(request, slug: str) -> Project:
    if not funding.can_edit_funding(user=request.user):
        raise Http404
    return _project(slug)


def _back(project: Project) -> str:
    return reverse("programmes:funding", args=[project.slug])


@login_required
@require_GET
def funding_page(request, slug: str):
    project = _project(slug)
    overview = funding.funding_overview(project=project, today=timezone.localdate())
    return render(
        request,
        "programmes/funding/page.html",
        {
            "project": project,
            "overview": overview,
            "can_edit": funding.can_edit_funding(user=request.user),
            "can_report": funding.can_read_report(user=request.user),
            "reminder_days": funding.reminder_days(),
        },
    )


def _form_page(request, *, project, form, title, intro="", save):
    """Render ``form``; on a valid POST call ``save(cleaned_data)`` and go back to the
    funding page, or show the service's errors beside the fields, keeping the input."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_back(project))
    status = 400 if request.method == "POST" else 200
    context = {"project": project, "form": form, "title": title, "intro": intro}
    return render(request, FORM_TEMPLATE, context, status=status)


def _delete_page(request, *, project, obj, title, delete):
    if request.method == "POST":
        delete()
        messages.success(request, _("Deleted."))
        return redirect(_back(project))
    return render(request, DELETE_TEMPLATE, {"project": project, "object": obj, "title": title})


def _line_initial(line: FundingLine) -> dict:
    return {name: getattr(line, name) for name in funding.LINE_FIELDS}


@login_required
def line_add(request, slug: str):
    project = _editable(request, slug)
    return _form_page(
        request,
        project=project,
        form=FundingLineForm(request.POST or None),
        title=_("Add a funding line"),
        save=lambda data: funding.funding_line_save(project=project, by=request.user, **data),
    )


@login_required
def line_edit(request, slug: str, pk: int):
    project = _editable(request, slug)
    line = get_object_or_404(FundingLine, pk=pk, project=project)
    return _form_page(
        request,
        project=project,
        form=FundingLineForm(request.POST or None, initial=_line_initial(line)),
        title=_("Change the funding line of %(funder)s") % {"funder": line.funder},
        save=lambda data: funding.funding_line_save(
            project=project, line=line, by=request.user, **data
        ),
    )


@login_required
def line_delete(request, slug: str, pk: int):
    project = _editable(request, slug)
    line = get_object_or_404(FundingLine, pk=pk, project=project)
    return _delete_page(
        request,
        project=project,
        obj=line,
        title=_("Delete the funding line of %(funder)s") % {"funder": line.funder},
        delete=lambda: funding.funding_line_delete(line=line, by=request.user),
    )


def _period(project: Project) -> str:
    if project.start_date and project.end_date:
        return _("The project runs from %(first)s to %(last)s.") % {
            "first": project.start_date.year,
            "last": project.end_date.year,
        }
    return ""


@login_required
def year_add(request, slug: str, line: int):
    project = _editable(request, slug)
    funding_line = get_object_or_404(FundingLine, pk=line, project=project)
    return _form_page(
        request,
        project=project,
        form=FundingYearForm(request.POST or None),
        title=_("Add a year to %(funder)s") % {"funder": funding_line.funder},
        intro=_period(project),
        save=lambda data: funding.funding_year_save(line=funding_line, by=request.user, **data),
    )


@login_required
def year_edit(request, slug: str, line: int, pk: int):
    project = _editable(request, slug)
    year = get_object_or_404(FundingYear, pk=pk, funding_id=line, funding__project=project)
    initial = {"year": year.year, "granted": year.granted, "spent": year.spent}
    return _form_page(
        request,
        project=project,
        form=FundingYearForm(request.POST or None, initial=initial),
        title=_("Change %(year)s of %(funder)s")
        % {"year": year.year, "funder": year.funding.funder},
        intro=_period(project),
        save=lambda data: funding.funding_year_save(
            line=year.funding, funding_year=year, by=request.user, **data
        ),
    )


@login_required
def year_delete(request, slug: str, line: int, pk: int):
    project = _editable(request, slug)
    year = get_object_or_404(FundingYear, pk=pk, funding_id=line, funding__project=project)
    return _delete_page(
        request,
        project=project,
        obj=year,
        title=_("Delete %(year)s of %(funder)s")
        % {"year": year.year, "funder": year.funding.funder},
        delete=lambda: funding.funding_year_delete(funding_year=year, by=request.user),
    )


@login_required
def reporting_add(request, slug: str, line: int):
    project = _editable(request, slug)
    funding_line = get_object_or_404(FundingLine, pk=line, project=project)
    return _form_page(
        request,
        project=project,
        form=ReportingDateForm(request.POST or None),
        title=_("Add a reporting date for %(funder)s") % {"funder": funding_line.funder},
        save=lambda data: funding.reporting_date_save(line=funding_line, by=request.user, **data),
    )


@login_required
def reporting_edit(request, slug: str, line: int, pk: int):
    project = _editable(request, slug)
    reporting = get_object_or_404(ReportingDate, pk=pk, funding_id=line, funding__project=project)
    initial = {
        "description": reporting.description,
        "due_on": reporting.due_on,
        "submitted_on": reporting.submitted_on,
    }
    return _form_page(
        request,
        project=project,
        form=ReportingDateForm(request.POST or None, initial=initial),
        title=_("Change the reporting date %(what)s") % {"what": reporting.description},
        save=lambda data: funding.reporting_date_save(
            line=reporting.funding, reporting=reporting, by=request.user, **data
        ),
    )


@login_required
def reporting_delete(request, slug: str, line: int, pk: int):
    project = _editable(request, slug)
    reporting = get_object_or_404(ReportingDate, pk=pk, funding_id=line, funding__project=project)
    return _delete_page(
        request,
        project=project,
        obj=reporting,
        title=_("Delete the reporting date %(what)s") % {"what": reporting.description},
        delete=lambda: funding.reporting_date_delete(reporting=reporting, by=request.user),
    )


# -- the progress report ---------------------------------------------------------------------


def _report(request, slug: str, fmt: str) -> HttpResponse:
    if not funding.can_read_report(user=request.user):
        raise Http404
    project = _project(slug)
    made = report.progress_report(project=project)
    if fmt == "pdf":
        body, content_type = report.report_pdf(made), "application/pdf"
    else:
        body = report.report_xlsx(made)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    audit.log_event(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=project,
        detail={
            "report": "progress",
            "format": fmt,
            "definition": made.definition,
            "cohorts": [c.cohort for c in made.cohorts],
        },
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename(fmt)}"'
    return response


@login_required
@require_GET
def report_pdf(request, slug: str):
    return _report(request, slug, "pdf")


@login_required
@require_GET
def report_xlsx(request, slug: str):
    return _report(request, slug, "xlsx")
