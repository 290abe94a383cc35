"""Pages for the response and results of rounds under /vragenlijsten/resultaten/.

Response and results are suppressed aggregates for the round's coordinators and analysts;
their downloads are audited. The list of young people who did not answer is for coaches and
shows only those they may see, audited like every list of people.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dwarsverbinder.accounts.constants import CASEWORK_ROLES, Role
from dwarsverbinder.people.models import Person
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction
from dwarsverbinder.utils.exports import to_csv, to_xlsx

from . import exports, results
from .models import Round

PAGE_SIZE = 50
DOWNLOADS = {"respons", "resultaten"}
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _role(request) -> str:
    membership = getattr(request.user, "active_membership", None)
    return membership.role if membership is not None else ""


def _round(pk: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("version__questionnaire", "organisation"), pk=pk
    )


def _round_for_results(request, pk: int) -> Round:
    """The round, when the user may see its aggregates; a 404 otherwise."""
    round = _round(pk)
    if not results.may_see_results(user=request.user, round=round):
        raise Http404
    return round


def _context(request, round: Round, tab: str, **extra) -> dict:
    return {
        "round": round,
        "tab": tab,
        "minimum": results.minimum_cell_size(),
        "may_call": _role(request) in CASEWORK_ROLES,
        "may_see_results": results.may_see_results(user=request.user, round=round),
        **extra,
    }


@require_GET
@login_required
def result_rounds(request):
    role = _role(request)
    if role not in CASEWORK_ROLES and role != Role.ANALYST:
        raise Http404
    context = {
        "rounds": list(results.rounds_with_results(user=request.user)),
        "to_call": results.rounds_to_call(user=request.user) if role in CASEWORK_ROLES else [],
        "may_call": role in CASEWORK_ROLES,
        "may_see_results": role in (Role.COORDINATOR, Role.ANALYST),
    }
    return render(request, "surveys/results/rounds.html", context)


@require_GET
@login_required
def result_response(request, pk: int):
    round = _round_for_results(request, pk)
    summary = results.round_response(round=round)
    return render(
        request,
        "surveys/results/response.html",
        _context(request, round, "response", summary=summary),
    )


@require_GET
@login_required
def result_detail(request, pk: int):
    round = _round_for_results(request, pk)
    summary = results.round_response(round=round)
    questions = results.question_results(round=round, hide_totals=summary.total.completed is None)
    return render(
        request,
        "surveys/results/detail.html",
        _context(request, round, "results", summary=summary, questions=questions),
    )


@require_GET
@login_required
def result_nonresponders(request, pk: int):
    """The young people the user may see who were invited and did not complete. A 404 for
    a round the user has nobody in (unless it is their organisation's own)."""
    if _role(request) not in CASEWORK_ROLES:
        raise Http404
    round = _round(pk)
    reach = results.visible_response(user=request.user, round=round)
    own = round.organisation_id == request.user.active_membership.organisation_id
    if not reach["invited"] and not own:
        raise Http404
    page = Paginator(results.nonresponders(user=request.user, round=round), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit.log_list(
        actor=request.user,
        model=Person,
        ids=[invitation.person_id for invitation in page],
        detail={"survey_round": round.pk, "list": "nonresponders", "page": page.number},
    )
    return render(
        request,
        "surveys/results/nonresponders.html",
        _context(request, round, "nonresponders", page=page, reach=reach),
    )


@require_GET
@login_required
def result_download(request, pk: int, table: str, fmt: str):
    if table not in DOWNLOADS or fmt not in FORMATS:
        raise Http404
    round = _round_for_results(request, pk)
    summary = results.round_response(round=round)
    if table == "respons":
        rows = exports.response_rows(summary)
        sheet = _("Response")
    else:
        questions = results.question_results(
            round=round, hide_totals=summary.total.completed is None
        )
        rows = exports.results_rows(round=round, results=questions, minimum=summary.minimum)
        sheet = _("Results")
    body = to_csv(rows) if fmt == "csv" else to_xlsx(rows, sheet=sheet)
    audit.log_event(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="surveys.round",
        object_id=round.pk,
        detail={"table": table, "format": fmt},
    )
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = f"vragenlijst-ronde-{round.pk}-{table}-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
