from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.accounts.decorators import role_required
from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import audit
from dwarsverbinder.utils.dates import add_months

from .constants import VoucherStatus
from .models import Voucher
from .voucher_forms import VoucherIssueForm, VoucherRedeemForm, add_service_errors
from .voucher_selectors import (
    LIST_STATUSES,
    voucher_counts,
    voucher_list,
    vouchers_visible_to,
)
from .voucher_services import voucher_issue, voucher_redeem, voucher_withdraw

DEFAULT_VALIDITY_MONTHS = 24


def short_name(person: Person) -> str:
    """First name and the initial of the surname: "Sanne J.".

    A school that redeems a voucher usually has no relation with the young person yet, so
    it may not open their file. It does need to know that the code belongs to the young
    person at its desk, who is about to enrol: the first name and an initial let the
    school check that, without handing over the full name, date of birth or history of
    somebody it cannot see (data minimisation). Once enrolled, the school sees the file
    through the normal access policy.
    """
    first = (person.given_names.split() or [""])[0]
    return f"{first} {person.surname[:1]}." if person.surname else first


def _acting(request):
    return request.user.active_membership


def _is_school(request) -> bool:
    return _acting(request).organisation.kind == OrganisationKind.SCHOOL


@role_required(*CASEWORK_ROLES)
def voucher_list_view(request):
    today = timezone.localdate()
    status = request.GET.get("status", VoucherStatus.OPEN)
    if status not in LIST_STATUSES:
        status = VoucherStatus.OPEN
    page = Paginator(voucher_list(user=request.user, status=status, today=today), 25).get_page(
        request.GET.get("page")
    )
    for voucher in page:
        voucher.person_label = short_name(voucher.person)
    audit.log_list(
        actor=request.user,
        model=Voucher,
        ids=[v.pk for v in page],
        detail={"status": status, "person_ids": [v.person_id for v in page]},
    )
    counts = voucher_counts(user=request.user, today=today)
    tabs = [
        {"status": s, "label": VoucherStatus(s).label, "count": counts[s], "current": s == status}
        for s in LIST_STATUSES
    ]
    return render(
        request,
        "followup/vouchers/list.html",
        {"page": page, "tabs": tabs, "status": status, "is_school": _is_school(request)},
    )


@role_required(*CASEWORK_ROLES)
def voucher_detail_view(request, pk: int):
    voucher = get_object_or_404(vouchers_visible_to(user=request.user), pk=pk)
    audit.log_view(actor=request.user, obj=voucher, person_id=voucher.person_id)
    status = voucher.status_on(timezone.localdate())
    return render(
        request,
        "followup/vouchers/detail.html",
        {
            "voucher": voucher,
            "status": status,
            "status_label": VoucherStatus(status).label,
            "person_label": short_name(voucher.person),
            "can_withdraw": status == VoucherStatus.OPEN
            and voucher.issued_by_id == _acting(request).organisation_id,
        },
    )


@role_required(*CASEWORK_ROLES)
def voucher_issue_view(request, person_id: int):
    person = get_object_or_404(people_visible_to(user=request.user), pk=person_id)
    initial = {"valid_until": add_months(timezone.localdate(), DEFAULT_VALIDITY_MONTHS)}
    form = VoucherIssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            voucher = voucher_issue(
                person=person,
                organisation=_acting(request).organisation,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Voucher %(code)s has been issued. Give the code to the young person.")
                % {"code": voucher.code},
            )
            return redirect("vouchers:detail", pk=voucher.pk)
    elif request.method == "GET":
        # The form shows the young person's name: a read of their file.
        audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    return render(request, "followup/vouchers/issue.html", {"form": form, "person": person})


@role_required(*CASEWORK_ROLES)
def voucher_redeem_view(request):
    if not _is_school(request):
        raise Http404
    form = VoucherRedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voucher = voucher_redeem(
                code=form.cleaned_data["code"],
                school=_acting(request).organisation,
                by=request.user,
                on=timezone.localdate(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Voucher %(code)s has been redeemed. The young person can enrol.")
                % {"code": voucher.code},
            )
            return redirect("vouchers:detail", pk=voucher.pk)
    return render(request, "followup/vouchers/redeem.html", {"form": form})


@require_POST
@role_required(*CASEWORK_ROLES)
def voucher_withdraw_view(request, pk: int):
    voucher = get_object_or_404(vouchers_visible_to(user=request.user), pk=pk)
    try:
        voucher_withdraw(voucher=voucher, by=request.user)
    except PermissionDenied:
        messages.error(request, _("Only the organisation that issued a voucher can withdraw it."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Voucher %(code)s has been withdrawn.") % {"code": voucher.code}
        )
    return redirect("vouchers:detail", pk=voucher.pk)
