"""Pages of the programmes room: the public regional issue pages, and for logged-in
partners the projects, with editing for the regional coordinator and the participants
page for coaches and coordinators."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwarsverbinder.followup.selectors import person_search
from dwarsverbinder.monitor.selectors import can_read_monitor
from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import audit

from . import selectors, services
from .circles import circles_for_project
from .forms import (
    ActivityForm,
    EndEnrolmentForm,
    EnrolForm,
    LinkForm,
    MilestoneForm,
    ParticipantSearchForm,
    PartnerForm,
    ProjectForm,
)
from .models import Activity, Milestone, Project, ProjectLink, ProjectParticipation

# -- public: the regional issues -------------------------------------------------------


def issues(request):
    return render(request, "programmes/issues.html", {"issues": selectors.issue_list()})


def issue(request, slug: str):
    found = get_object_or_404(selectors.issue_public(slug=slug))
    return render(request, "programmes/issue.html", {"issue": found})


# -- projects for logged-in partners ---------------------------------------------------


@login_required
def projects(request):
    return render(
        request,
        "programmes/projects.html",
        {"projects": selectors.project_list(), "issues": selectors.issue_list()},
    )


@login_required
def project(request, slug: str):
    found = get_object_or_404(selectors.project_detail(slug=slug))
    user = request.user
    monitor_url = None
    if can_read_monitor(user=user):
        query = urlencode({"group_by": "pilot", "project": found.slug})
        monitor_url = f"{reverse('monitor:dashboard')}?{query}"
    return render(
        request,
        "programmes/project.html",
        {
            "project": found,
            "milestones": selectors.milestones_with_lateness(found),
            "participants": selectors.participant_count(project=found),
            "min_cell_size": settings.MIN_CELL_SIZE,
            "programme_types": [
                ProgrammeType(value).label
                for value in found.target_programme_types
                if value in ProgrammeType.values
            ],
            "monitor_url": monitor_url,
            "circles": circles_for_project(found),
            "can_edit": selectors.can_edit_projects(user=user),
            "can_enrol": selectors.can_enrol_participants(user=user),
        },
    )


# -- editing (regional coordinator) ----------------------------------------------------


def _editable(request, slug: str) -> Project:
    """The project, for a user who may keep projects; a 404 for anybody else."""
    if not selectors.can_edit_projects(user=request.user):
        raise Http404
    return get_object_or_404(Project, slug=slug)


def _save(form, write: Callable[[], object]) -> bool:
    """Run the write when the form is valid; the service's errors go back onto the form."""
    if not form.is_valid():
        return False
    try:
        write()
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    return True


def _form_page(request, project: Project, form, *, title: str, template: str = "form"):
    return render(
        request,
        f"programmes/project_{template}.html",
        {"project": project, "form": form, "title": title},
    )


@login_required
def project_edit(request, slug: str):
    project = _editable(request, slug)
    form = ProjectForm.for_project(project, request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save(
        form,
        lambda: services.project_update(
            project=project,
            fields=form.project_fields(),
            issues=list(form.cleaned_data["issues"]),
            by=request.user,
        ),
    ):
        messages.success(request, _("The project is saved."))
        return redirect("programmes:project", slug=project.slug)
    return _form_page(request, project, form, title=_("Change the project facts"))


def _dated_form(request, form_class, instance, fields: tuple[str, ...]):
    if request.method == "POST":
        return form_class(request.POST)
    initial = {name: getattr(instance, name) for name in fields} if instance else None
    return form_class(initial=initial)


@login_required
def milestone_form(request, slug: str, pk: int | None = None):
    project = _editable(request, slug)
    milestone = get_object_or_404(Milestone, pk=pk, project=project) if pk else None
    fields = ("title", "due_on", "status", "reached_on", "note")
    form = _dated_form(request, MilestoneForm, milestone, fields)
    if request.method == "POST" and _save(
        form,
        lambda: services.milestone_save(
            project=project, milestone=milestone, fields=form.cleaned_data, by=request.user
        ),
    ):
        messages.success(request, _("The milestone is saved."))
        return redirect(f"{reverse('programmes:project', args=[project.slug])}#milestones")
    title = _("Change milestone") if milestone else _("New milestone")
    return _form_page(request, project, form, title=title)


@login_required
def activity_form(request, slug: str, pk: int | None = None):
    project = _editable(request, slug)
    activity = get_object_or_404(Activity, pk=pk, project=project) if pk else None
    fields = ("title", "description", "start_date", "end_date")
    form = _dated_form(request, ActivityForm, activity, fields)
    if request.method == "POST" and _save(
        form,
        lambda: services.activity_save(
            project=project, activity=activity, fields=form.cleaned_data, by=request.user
        ),
    ):
        messages.success(request, _("The activity is saved."))
        return redirect(f"{reverse('programmes:project', args=[project.slug])}#activities")
    title = _("Change activity") if activity else _("New activity")
    return _form_page(request, project, form, title=title)


@login_required
def links(request, slug: str):
    project = _editable(request, slug)
    form = LinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save(
        form, lambda: services.link_add(project=project, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The link is added."))
        return redirect("programmes:links", slug=project.slug)
    return render(
        request,
        "programmes/project_links.html",
        {"project": project, "form": form, "links": project.links.all()},
    )


@login_required
@require_POST
def link_remove(request, slug: str, pk: int):
    project = _editable(request, slug)
    services.link_remove(
        link=get_object_or_404(ProjectLink, pk=pk, project=project), by=request.user
    )
    messages.success(request, _("The link is removed."))
    return redirect("programmes:links", slug=project.slug)


@login_required
def partners(request, slug: str):
    project = _editable(request, slug)
    form = PartnerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save(
        form, lambda: services.partner_add(project=project, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The partner is added."))
        return redirect("programmes:partners", slug=project.slug)
    rows = project.partners.select_related("organisation").order_by("role", "organisation__name")
    return render(
        request,
        "programmes/project_partners.html",
        {"project": project, "form": form, "partners": rows},
    )


@login_required
@require_POST
def partner_remove(request, slug: str, pk: int):
    project = _editable(request, slug)
    partner = get_object_or_404(project.partners, pk=pk)
    services.partner_remove(partner=partner, by=request.user)
    messages.success(request, _("The partner is removed."))
    return redirect("programmes:partners", slug=project.slug)


# -- participants (coaches and coordinators) -------------------------------------------


def _participant_project(request, slug: str) -> Project:
    if not selectors.can_enrol_participants(user=request.user):
        raise Http404
    return get_object_or_404(Project, slug=slug)


def _participants_page(request, project: Project, **extra):
    rows = list(selectors.participations_visible_to(user=request.user, project=project))
    # The page names young people: one audit row names every enrolment and person shown.
    audit.log_list(
        actor=request.user,
        model=ProjectParticipation,
        ids=[row.pk for row in rows],
        detail={"project": project.pk, "person_ids": [row.person_id for row in rows]},
    )
    context = {
        "project": project,
        "participations": rows,
        "search_form": ParticipantSearchForm(),
        "results": None,
        **extra,
    }
    return render(request, "programmes/participants.html", context)


@login_required
def participants(request, slug: str):
    project = _participant_project(request, slug)
    if request.method != "POST":
        return _participants_page(request, project)
    # The search is a POST, so no name ends up in an address or a server log.
    search_form = ParticipantSearchForm(request.POST)
    results = None
    if search_form.is_valid():
        results = list(person_search(user=request.user, query=search_form.cleaned_data["q"])[:20])
        audit.log_list(
            actor=request.user,
            model=Person,
            ids=[p.pk for p in results],
            detail={"searched": True, "project": project.pk},
        )
    return _participants_page(
        request,
        project,
        search_form=search_form,
        results=[(p, EnrolForm(initial={"person": p.pk}, prefix=f"p{p.pk}")) for p in results]
        if results is not None
        else None,
    )


@login_required
@require_POST
def participant_enrol(request, slug: str, person_id: int):
    project = _participant_project(request, slug)
    person = get_object_or_404(people_visible_to(user=request.user), pk=person_id)
    form = EnrolForm(request.POST, prefix=f"p{person.pk}")
    if _save(
        form,
        lambda: services.participation_start(
            project=project,
            person=person,
            joined_on=form.cleaned_data["joined_on"],
            by=request.user,
        ),
    ):
        messages.success(
            request, _("%(name)s takes part in the project.") % {"name": person.full_name}
        )
        return redirect("programmes:participants", slug=project.slug)
    return _participants_page(request, project, results=[(person, form)])


@login_required
def participant_end(request, slug: str, pk: int):
    project = _participant_project(request, slug)
    participation = get_object_or_404(
        selectors.participations_visible_to(user=request.user, project=project), pk=pk
    )
    form = EndEnrolmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save(
        form,
        lambda: services.participation_end(
            participation=participation, left_on=form.cleaned_data["left_on"], by=request.user
        ),
    ):
        messages.success(request, _("The participation is ended."))
        return redirect("programmes:participants", slug=project.slug)
    if request.method != "POST":
        audit.log_view(actor=request.user, obj=participation, person_id=participation.person_id)
    return render(
        request,
        "programmes/participant_end.html",
        {"project": project, "participation": participation, "form": form},
    )
