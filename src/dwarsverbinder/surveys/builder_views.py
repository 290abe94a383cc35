"""The questionnaire builder's pages under /vragenlijsten/. Coordinators build their own
organisation's questionnaires; coaches and intake workers read them; anything out of
reach is a 404. The rules and the audit live in ``authoring``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwarsverbinder.accounts.constants import CASEWORK_ROLES, Role
from dwarsverbinder.accounts.decorators import role_required

from . import authoring
from .builder_forms import (
    IntroForm,
    NewVersionForm,
    QuestionForm,
    QuestionnaireForm,
    add_service_errors,
    condition_value_as_text,
)
from .constants import ConditionOperator, QuestionKind, VersionStatus
from .models import Question, QuestionnaireVersion

PREVIEW_PATH = "/vragenlijst/voorbeeld/{pk}/"


def _visible_versions(request):
    return QuestionnaireVersion.objects.filter(
        questionnaire__in=authoring.questionnaires_visible_to(user=request.user)
    ).select_related("questionnaire__owner", "published_by")


def _editable_version(request, pk: int) -> QuestionnaireVersion:
    return get_object_or_404(
        QuestionnaireVersion.objects.filter(
            questionnaire__in=authoring.questionnaires_editable_by(user=request.user)
        ).select_related("questionnaire"),
        pk=pk,
    )


def _editable_question(request, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.filter(
            version__questionnaire__in=authoring.questionnaires_editable_by(user=request.user)
        ).select_related("version__questionnaire"),
        pk=pk,
    )


def _version_url(version) -> str:
    return reverse("surveys:builder_version", args=[version.pk])


def _refuse_unless_draft(request, version) -> HttpResponseRedirect | None:
    if version.status == VersionStatus.DRAFT:
        return None
    messages.error(request, authoring.never_changes())
    return redirect(_version_url(version))


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@role_required(*CASEWORK_ROLES)
def builder_list(request):
    questionnaires = list(authoring.questionnaire_list(user=request.user))
    standard = next((q for q in questionnaires if q.is_standard), None)
    standard_version = None
    if standard is not None:
        published = [v for v in standard.versions.all() if v.status == VersionStatus.PUBLISHED]
        standard_version = published[-1] if published else None
    return render(
        request,
        "surveys/builder/list.html",
        {
            "questionnaires": questionnaires,
            "can_build": authoring.can_build(user=request.user),
            "standard_version": standard_version,
        },
    )


@role_required(Role.COORDINATOR)
def builder_create(request):
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = authoring.questionnaire_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The questionnaire has been made. Add its questions."))
            return redirect(_version_url(version))
    return render(
        request,
        "surveys/builder/questionnaire_form.html",
        {"form": form, "title": _("New questionnaire"), "submit": _("Make questionnaire")},
    )


@role_required(Role.COORDINATOR)
def builder_copy(request, version_pk: int):
    source = get_object_or_404(authoring.copy_sources(user=request.user), pk=version_pk)
    initial = {
        "name": _("Copy of %(name)s") % {"name": source.questionnaire.name},
        "description": source.questionnaire.description,
    }
    form = QuestionnaireForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = authoring.questionnaire_copy(
                source=source, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The copy has been made as a draft. Change it and publish it.")
            )
            return redirect(_version_url(version))
    return render(
        request,
        "surveys/builder/questionnaire_form.html",
        {"form": form, "source": source, "title": _("Copy a questionnaire"), "submit": _("Copy")},
    )


@role_required(*CASEWORK_ROLES)
def builder_questionnaire(request, pk: int):
    questionnaire = get_object_or_404(
        authoring.questionnaires_visible_to(user=request.user).select_related("owner"), pk=pk
    )
    versions = list(questionnaire.versions.select_related("published_by").order_by("-number"))
    editable = authoring.questionnaires_editable_by(user=request.user).filter(pk=pk).exists()
    has_draft = any(v.status == VersionStatus.DRAFT for v in versions)
    form = None
    if editable and not has_draft:
        sources = versions + [
            v for v in authoring.copy_sources(user=request.user) if v.questionnaire_id != pk
        ]
        form = NewVersionForm(sources=sources)
    return render(
        request,
        "surveys/builder/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "versions": versions,
            "editable": editable,
            "can_build": authoring.can_build(user=request.user),
            "has_draft": has_draft,
            "form": form,
        },
    )


@require_POST
@role_required(Role.COORDINATOR)
def builder_new_version(request, pk: int):
    questionnaire = get_object_or_404(
        authoring.questionnaires_editable_by(user=request.user), pk=pk
    )
    sources = list(questionnaire.versions.all()) + list(authoring.copy_sources(user=request.user))
    source = None
    if request.POST.get("source"):
        form = NewVersionForm(request.POST, sources=sources)
        if not form.is_valid():
            raise Http404
        source = form.sources[form.cleaned_data["source"]]
    try:
        version = authoring.version_new_draft(
            questionnaire=questionnaire, by=request.user, source=source
        )
    except ValidationError as error:
        _report(request, error)
        return redirect("surveys:builder_questionnaire", pk=pk)
    messages.success(
        request, _("Version %(number)s has been made as a draft.") % {"number": version.number}
    )
    return redirect(_version_url(version))


def _condition_text(question: Question) -> str:
    if not question.condition_key:
        return ""
    return _("When question %(key)s %(operator)s: %(value)s") % {
        "key": question.condition_key,
        "operator": ConditionOperator(question.condition_operator).label
        if question.condition_operator in ConditionOperator.values
        else question.condition_operator,
        "value": condition_value_as_text(question.condition_value),
    }


@role_required(*CASEWORK_ROLES)
def builder_version(request, pk: int):
    version = get_object_or_404(_visible_versions(request), pk=pk)
    questions = list(version.questions.order_by("position"))
    for question in questions:
        question.condition_text = _condition_text(question)
    editable = (
        authoring.questionnaires_editable_by(user=request.user)
        .filter(pk=version.questionnaire_id)
        .exists()
    )
    can_change = editable and version.status == VersionStatus.DRAFT
    return render(
        request,
        "surveys/builder/version.html",
        {
            "version": version,
            "questionnaire": version.questionnaire,
            "questions": questions,
            "editable": editable,
            "can_change": can_change,
            "problems": authoring.version_problems(version) if can_change else [],
            "preview_path": PREVIEW_PATH.format(pk=version.pk),
            "kinds": QuestionKind.choices,
        },
    )


@role_required(Role.COORDINATOR)
def builder_intro(request, pk: int):
    version = _editable_version(request, pk)
    if refused := _refuse_unless_draft(request, version):
        return refused
    initial = {"intro_nl": version.intro_nl, "intro_en": version.intro_en}
    form = IntroForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            authoring.version_update_intro(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The introduction has been saved."))
            return redirect(_version_url(version))
    return render(request, "surveys/builder/intro.html", {"form": form, "version": version})


def _kind(request, default: str = "") -> str:
    """The kind the form is for: posted, chosen with ?soort=, or the question's own."""
    kind = request.POST.get("kind") or request.GET.get("soort")
    return kind if kind in QuestionKind.values else default


def _question_page(request, *, version, form, question=None):
    return render(
        request,
        "surveys/builder/question_form.html",
        {
            "form": form,
            "version": version,
            "question": question,
            "kind_label": QuestionKind(form.kind).label,
            "other_kinds": [(v, label) for v, label in QuestionKind.choices if v != form.kind],
        },
    )


@role_required(Role.COORDINATOR)
def builder_question_add(request, pk: int):
    version = _editable_version(request, pk)
    if refused := _refuse_unless_draft(request, version):
        return refused
    kind = _kind(request)
    if not kind:
        return render(
            request,
            "surveys/builder/question_kind.html",
            {"version": version, "kinds": QuestionKind.choices},
        )
    earlier = list(version.questions.order_by("position"))
    form = QuestionForm(request.POST or None, kind=kind, earlier=earlier)
    if request.method == "POST" and form.is_valid():
        try:
            question = authoring.question_add(
                version=version, by=request.user, **form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question %(key)s has been added.") % {"key": question.key})
            return redirect(f"{_version_url(version)}#question-{question.pk}")
    return _question_page(request, version=version, form=form)


@role_required(Role.COORDINATOR)
def builder_question_edit(request, pk: int):
    question = _editable_question(request, pk)
    version = question.version
    if refused := _refuse_unless_draft(request, version):
        return refused
    kind = _kind(request, question.kind)
    earlier = list(version.questions.filter(position__lt=question.position).order_by("position"))
    form = QuestionForm(
        request.POST or None,
        kind=kind,
        earlier=earlier,
        initial={**QuestionForm.initial_for(question), "kind": kind},
    )
    if request.method == "POST" and form.is_valid():
        try:
            authoring.question_update(question=question, by=request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Question %(key)s has been saved.") % {"key": form.cleaned_data["key"]}
            )
            return redirect(f"{_version_url(version)}#question-{question.pk}")
    return _question_page(request, version=version, form=form, question=question)


@role_required(Role.COORDINATOR)
def builder_question_delete(request, pk: int):
    question = _editable_question(request, pk)
    version = question.version
    if refused := _refuse_unless_draft(request, version):
        return refused
    if request.method == "POST":
        try:
            authoring.question_delete(question=question, by=request.user)
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(
                request, _("Question %(key)s has been deleted.") % {"key": question.key}
            )
        return redirect(_version_url(version))
    return render(
        request,
        "surveys/builder/question_delete.html",
        {"question": question, "version": version},
    )


@require_POST
@role_required(Role.COORDINATOR)
def builder_question_move(request, pk: int):
    question = _editable_question(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    try:
        authoring.question_move(question=question, by=request.user, direction=direction)
    except ValidationError as error:
        _report(request, error)
    return redirect(f"{_version_url(question.version)}#question-{question.pk}")


@require_POST
@role_required(Role.COORDINATOR)
def builder_publish(request, pk: int):
    version = _editable_version(request, pk)
    try:
        authoring.version_publish(version=version, by=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("Version %(number)s has been published. It can be used in rounds now.")
            % {"number": version.number},
        )
    return redirect(_version_url(version))


@require_POST
@role_required(Role.COORDINATOR)
def builder_retire(request, pk: int):
    version = _editable_version(request, pk)
    try:
        authoring.version_retire(version=version, by=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("Version %(number)s has been retired. New rounds cannot use it.")
            % {"number": version.number},
        )
    return redirect(_version_url(version))


@require_POST
@role_required(Role.COORDINATOR)
def builder_discard(request, pk: int):
    version = _editable_version(request, pk)
    try:
        questionnaire = authoring.version_discard(version=version, by=request.user)
    except ValidationError as error:
        _report(request, error)
        return redirect(_version_url(version))
    messages.success(request, _("The draft has been discarded."))
    if questionnaire is None:
        return redirect("surveys:builder_list")
    return redirect("surveys:builder_questionnaire", pk=questionnaire.pk)
