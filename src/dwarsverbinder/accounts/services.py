from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

from dwarsverbinder.privacy import audit

from .models import Membership, User
from .selectors import SESSION_KEY, memberships_of


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    by=None,
    is_staff: bool = False,
) -> User:
    user = User(
        username=username,
        email=email.lower(),
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    audit.log_change(actor=by, obj=user, before=None)
    return user


@transaction.atomic
def membership_grant(*, user: User, organisation, role: str, by=None) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    if created:
        audit.log_change(actor=by, obj=membership, before=None)
    elif not membership.is_active:
        before = audit.snapshot(membership)
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        audit.log_change(actor=by, obj=membership, before=before)
    return membership


def membership_activate(*, user: User, session, membership_id: int) -> Membership | None:
    """Switch the membership the user acts in; None when it is not one of theirs."""
    membership = memberships_of(user=user).filter(pk=membership_id).first()
    if membership is not None:
        session[SESSION_KEY] = membership.pk
    return membership
