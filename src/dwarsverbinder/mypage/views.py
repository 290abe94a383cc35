"""My page: the young person's own page, reached with a one-time link, no account.

Every response here is private (``Cache-Control: no-store``, no referrer, not indexed).
The person comes from the My page session only (``session.session_person``); anything
that is not theirs is a 404.
"""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction, ConsentForm
from dwarsverbinder.privacy.export import person_export, person_export_pdf
from dwarsverbinder.privacy.services import consent_withdraw

from . import selectors, services
from .forms import LinkRequestForm
from .session import SESSION_KEY, session_end, session_person, session_start

# A token is 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 100
INVALID_STATUS = {
    services.LinkState.USED: 410,
    services.LinkState.EXPIRED: 410,
    services.LinkState.UNKNOWN: 404,
}


def private(view):
    """Nothing of My page is kept in a cache, sent to another site as a referrer, or
    indexed. (Not "no-referrer": browsers then send "Origin: null" with a form, which
    Django's CSRF check rightly refuses.)"""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapper)


def person_required(view):
    """The logged-in young person as ``request.mypage_person``; otherwise back to the
    page that asks for a link."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        had_session = SESSION_KEY in request.session
        person = session_person(request)
        if person is None:
            if had_session:
                messages.info(
                    request, _("My page has closed, to keep your data safe. Ask for a new link.")
                )
            return redirect("mypage:request")
        request.mypage_person = person
        return view(request, *args, **kwargs)

    return wrapper


def _audit(person, action: str, detail: dict | None = None) -> None:
    audit.log_event(
        actor=None,
        action=action,
        obj=person,
        person_id=person.pk,
        detail=detail,
        username=services.AUDIT_ACTOR,
    )


@private
@sensitive_post_parameters("address")
@require_http_methods(["GET", "POST"])
def request_link(request):
    form = LinkRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.link_request(
            address=form.cleaned_data["address"],
            ip_address=request.META.get("REMOTE_ADDR"),
            language=getattr(request, "LANGUAGE_CODE", ""),
        )
        return redirect("mypage:sent")
    logged_in = request.method == "GET" and session_person(request) is not None
    return render(request, "mypage/request.html", {"form": form, "logged_in": logged_in})


@private
@require_GET
def link_sent(request):
    return render(request, "mypage/sent.html", {"minutes": services.link_minutes()})


def _link_invalid(request, state: str):
    return render(
        request,
        "mypage/link_invalid.html",
        {"form": LinkRequestForm(), "state": state, "minutes": services.link_minutes()},
        status=INVALID_STATUS[state],
    )


@private
@sensitive_variables("token")
@require_http_methods(["GET", "POST"])
def link(request, token: str):
    """GET shows one button; only the POST uses the link. Mail scanners that open links
    to check them only GET, so they do not use it up."""
    if len(token) > MAX_TOKEN_LENGTH:
        return _link_invalid(request, services.LinkState.UNKNOWN)
    if request.method == "GET":
        _found, state = selectors.link_for_token(token=token)
        if state != services.LinkState.VALID:
            return _link_invalid(request, state)
        return render(request, "mypage/link.html")
    try:
        used = services.link_consume(token=token)
    except services.LinkNotUsableError as error:
        return _link_invalid(request, error.state)
    session_start(request, person_id=used.person_id)
    return redirect("mypage:overview")


@private
@require_GET
@person_required
def overview(request):
    person = request.mypage_person
    data = selectors.overview(person=person)
    _audit(person, AuditAction.VIEW)
    return render(request, "mypage/overview.html", {"o": data, "today": timezone.localdate()})


@private
@require_POST
@person_required
def consent_take_back(request, pk: int):
    consent = get_object_or_404(selectors.consents_of(person=request.mypage_person), pk=pk)
    organisation = consent.receiving_organisation.name
    if consent.withdrawn_at is not None:
        # Pressed twice, or in two tabs: nothing changes, and nothing is revived.
        messages.info(
            request,
            _("You already took back this consent on %(date)s.")
            % {"date": timezone.localtime(consent.withdrawn_at).strftime("%d-%m-%Y")},
        )
        return redirect("mypage:overview")
    try:
        consent_withdraw(consent=consent, via=ConsentForm.MY_PAGE, by=None)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "You took back your consent. %(organisation)s can no longer see these details "
                "about you."
            )
            % {"organisation": organisation},
        )
    return redirect("mypage:overview")


@private
@require_GET
@person_required
def download(request, fmt: str):
    person = request.mypage_person
    if fmt not in ("json", "pdf"):
        raise Http404
    data = person_export(person=person)
    _audit(person, AuditAction.EXPORT, {"format": fmt})
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(person_export_pdf(data=data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{stamp}.{fmt}"'
    return response


@private
@require_POST
def log_out(request):
    session_end(request)
    messages.success(request, _("You are logged out of My page."))
    return redirect("mypage:request")
