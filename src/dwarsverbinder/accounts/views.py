from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwarsverbinder.utils.ids import as_id

from .services import membership_activate


@login_required
@require_POST
def switch_membership(request):
    membership = membership_activate(
        user=request.user,
        session=request.session,
        membership_id=as_id(request.POST.get("membership")) or 0,
    )
    if membership is None:
        messages.error(request, _("You do not hold that role."))
    else:
        messages.success(request, _("You now work as %(membership)s.") % {"membership": membership})
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)


@login_required
def my_account(request):
    return render(request, "accounts/my_account.html")
