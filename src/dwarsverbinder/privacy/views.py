from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.decorators import role_required

from . import audit
from .constants import AuditAction
from .forms import AuditSearchForm
from .models import AuditEvent
from .selectors import audit_object_types, audit_search


@role_required(Role.PRIVACY_OFFICER)
def audit_log(request):
    form = AuditSearchForm(request.GET or None, object_types=audit_object_types())
    events = AuditEvent.objects.none()
    if form.is_bound and form.is_valid():
        events = audit_search(**form.cleaned_data)
    elif not form.is_bound:
        events = audit_search()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # Reading the audit log is itself recorded: which filters were used, not their values.
    audit.log_event(
        actor=request.user,
        action=AuditAction.SEARCH,
        object_type="privacy.auditevent",
        detail={
            "filters": sorted(
                k
                for k, v in (form.cleaned_data if form.is_bound and form.is_valid() else {}).items()
                if v
            )
        },
    )
    return render(
        request,
        "privacy/audit_log.html",
        {"form": form, "page": page},
    )


@role_required(Role.PRIVACY_OFFICER)
def audit_event(request, pk: int):
    event = AuditEvent.objects.filter(pk=pk).first()
    if event is None:
        raise Http404
    # Not tied to the young person: reading the log is not reading their file.
    audit.log_view(actor=request.user, obj=event)
    return render(request, "privacy/audit_event.html", {"event": event})
