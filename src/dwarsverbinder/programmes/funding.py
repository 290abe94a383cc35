"""A project's funding: funding lines (who granted how much, when, on what conditions),
what each line grants and what was spent of it per calendar year, and the reports the
funders expect by a date, with a reminder to the project's coordinators before each.

Reads (``funding_overview`` and the rest at the top) compute the totals, the spent share
and the co-financing ratio; writes (the ``*_save`` and ``*_delete`` services below) are
atomic, validated with errors keyed by field (so the form puts them beside the field and
keeps what was typed) and audited before/after. ``reporting_reminders_send`` is the daily
reminder run (``programmes/tasks.py``).

The co-financing ratio of a project with RIF funding is the share of the total granted
that does not come from the RIF (the province, municipalities, the state, support funds and
the partners' own contribution together). It is unknown as soon as one line's amount
granted is unknown, and it does not apply to a project without a RIF line.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership, User
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from .constants import FundingSource, PartnerRole
from .models import FundingLine, FundingYear, Project, ReportingDate
from .selectors import can_edit_projects

logger = logging.getLogger(__name__)

ZERO = Decimal("0")
# Who reads the progress report for a funder (it holds the monitor's figures).
REPORT_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST})
# The partners whose coordinators keep the project, and get the reporting reminders.
LEAD_ROLES = (PartnerRole.PENVOERDER, PartnerRole.PROJECT_LEAD)


def reminder_days() -> int:
    """How many days before a reporting date the reminder goes out."""
    return int(getattr(settings, "REPORTING_REMINDER_DAYS", 14))


def can_edit_funding(*, user) -> bool:
    return can_edit_projects(user=user)


def can_read_report(*, user) -> bool:
    membership = getattr(user, "active_membership", None)
    return membership is not None and membership.role in REPORT_ROLES


# -- reads -----------------------------------------------------------------------------------


class ReportingState:
    DUE = "due"
    LATE = "late"
    SUBMITTED = "submitted"
    SUBMITTED_LATE = "submitted_late"


def reporting_state(reporting: ReportingDate, *, today: datetime.date) -> str:
    if reporting.submitted_on is not None:
        if reporting.submitted_on > reporting.due_on:
            return ReportingState.SUBMITTED_LATE
        return ReportingState.SUBMITTED
    return ReportingState.LATE if reporting.due_on < today else ReportingState.DUE


def reporting_state_label(state: str) -> str:
    return {
        ReportingState.DUE: _("Due"),
        ReportingState.LATE: _("Late: not submitted"),
        ReportingState.SUBMITTED: _("Submitted"),
        ReportingState.SUBMITTED_LATE: _("Submitted late"),
    }[state]


@dataclass(frozen=True)
class ReportingRow:
    reporting: ReportingDate
    state: str
    label: str


@dataclass(frozen=True)
class LineSummary:
    line: FundingLine
    years: list[FundingYear]
    granted_per_year: Decimal  # the years' granted together
    spent: Decimal
    spent_share: Decimal | None  # % of the amount granted; None when that is unknown or 0
    reporting: list[ReportingRow]


@dataclass(frozen=True)
class YearTotal:
    year: int
    granted: Decimal
    spent: Decimal


@dataclass(frozen=True)
class CoFinancing:
    """``share`` in % when known; ``applies`` is False for a project without RIF money."""

    applies: bool
    share: Decimal | None

    @property
    def known(self) -> bool:
        return self.share is not None


@dataclass(frozen=True)
class FundingOverview:
    project: Project
    lines: list[LineSummary]
    years: list[YearTotal]
    total_granted: Decimal | None  # None when one line's amount is unknown
    total_spent: Decimal
    spent_share: Decimal | None
    co_financing: CoFinancing
    unknown_lines: int = 0
    reporting: list[ReportingRow] = field(default_factory=list)


def _share(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if whole is None or whole <= 0:
        return None
    return (part / whole * 100).quantize(Decimal("0.1"))


def co_financing(lines: list[FundingLine]) -> CoFinancing:
    """The share of the total granted that does not come from the RIF (see the module)."""
    if not any(line.source == FundingSource.RIF for line in lines):
        return CoFinancing(applies=False, share=None)
    if any(line.amount_granted is None for line in lines):
        return CoFinancing(applies=True, share=None)
    total = sum((line.amount_granted for line in lines), ZERO)
    other = sum((line.amount_granted for line in lines if line.source != FundingSource.RIF), ZERO)
    return CoFinancing(applies=True, share=_share(other, total))


def funding_lines(*, project: Project):
    return (
        FundingLine.objects.filter(project=project)
        .prefetch_related(
            Prefetch("years", queryset=FundingYear.objects.order_by("year")),
            Prefetch("reporting_dates", queryset=ReportingDate.objects.order_by("due_on")),
        )
        .order_by("source", "funder", "pk")
    )


def funding_overview(*, project: Project, today: datetime.date) -> FundingOverview:
    """Every funding line of the project with its years and reporting dates, the totals
    per year and overall, the spent share and the co-financing ratio (3 queries)."""
    lines = list(funding_lines(project=project))
    summaries, per_year, all_reporting = [], {}, []
    for line in lines:
        years = list(line.years.all())
        spent = sum((y.spent for y in years), ZERO)
        rows = [
            ReportingRow(r, s, reporting_state_label(s))
            for r in line.reporting_dates.all()
            for s in [reporting_state(r, today=today)]
        ]
        all_reporting += rows
        summaries.append(
            LineSummary(
                line=line,
                years=years,
                granted_per_year=sum((y.granted for y in years), ZERO),
                spent=spent,
                spent_share=_share(spent, line.amount_granted),
                reporting=rows,
            )
        )
        for y in years:
            granted, spent_year = per_year.get(y.year, (ZERO, ZERO))
            per_year[y.year] = (granted + y.granted, spent_year + y.spent)
    unknown = sum(1 for line in lines if line.amount_granted is None)
    total_granted = None if unknown else sum((line.amount_granted for line in lines), ZERO)
    total_spent = sum((s.spent for s in summaries), ZERO)
    all_reporting.sort(key=lambda row: (row.reporting.due_on, row.reporting.pk))
    return FundingOverview(
        project=project,
        lines=summaries,
        years=[YearTotal(year, g, s) for year, (g, s) in sorted(per_year.items())],
        total_granted=total_granted,
        total_spent=total_spent,
        spent_share=_share(total_spent, total_granted),
        co_financing=co_financing(lines),
        unknown_lines=unknown,
        reporting=all_reporting,
    )


def euro(amount: Decimal | None) -> str:
    """ "€ 12.500,00" in the active language; "unknown" for None."""
    if amount is None:
        return _("unknown")
    return "€\u00a0" + formats.number_format(amount, 2, use_l10n=True, force_grouping=True)


# -- writes ----------------------------------------------------------------------------------


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


CENT = Decimal("0.01")


def _cents(value: Decimal | None) -> Decimal | None:
    """Two decimals, as stored ("100" becomes "100.00"); a value with more decimals is
    left for ``full_clean`` to refuse."""
    if value is None:
        return None
    value = Decimal(value)
    return value.quantize(CENT) if value == value.quantize(CENT) else value


def _not_negative(errors: dict, name: str, value: Decimal | None) -> None:
    if value is not None and value < 0:
        errors.setdefault(name, []).append(_("An amount cannot be negative."))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _validate(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


LINE_FIELDS = ("source", "funder", "amount_granted", "granted_on", "conditions")


@transaction.atomic
def funding_line_save(
    *, project: Project, by, line: FundingLine | None = None, **fields: Any
) -> FundingLine:
    """Add a funding line to ``project`` or change ``line``. The amount granted cannot be
    negative, nor below what its years grant or what was spent of it; a line with
    reporting dates cannot be granted after the first of them."""
    unknown = set(fields) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if line is None:
        line, before = FundingLine(project=project), None
    else:
        line = FundingLine.objects.select_for_update().get(pk=line.pk, project=project)
        before = audit.snapshot(line)
    if "amount_granted" in fields:
        fields["amount_granted"] = _cents(fields["amount_granted"])
    for name, value in fields.items():
        setattr(line, name, value)
    errors: dict[str, list] = {}
    _not_negative(errors, "amount_granted", line.amount_granted)
    if line.pk and line.amount_granted is not None and "amount_granted" not in errors:
        years = list(line.years.all())
        granted = sum((y.granted for y in years), ZERO)
        spent = sum((y.spent for y in years), ZERO)
        if spent > line.amount_granted:
            errors["amount_granted"] = [
                _(
                    "%(spent)s has already been spent of this line: the amount granted "
                    "cannot be less."
                )
                % {"spent": euro(spent)}
            ]
        elif granted > line.amount_granted:
            errors["amount_granted"] = [
                _(
                    "The years of this line grant %(granted)s together: the amount granted "
                    "cannot be less."
                )
                % {"granted": euro(granted)}
            ]
    if line.pk and line.granted_on:
        first = line.reporting_dates.order_by("due_on").first()
        if first is not None and first.due_on < line.granted_on:
            errors.setdefault("granted_on", []).append(
                _("A report is due on %(due)s, before this date.") % {"due": _fmt(first.due_on)}
            )
    _raise(errors)
    _validate(line)
    line.save()
    audit.log_change(actor=by, obj=line, before=before)
    return line


def _delete(obj, *, by) -> None:
    snapshot = audit.snapshot(obj)
    pk = obj.pk
    obj.delete()
    audit.log_event(
        actor=by,
        action=AuditAction.DELETE,
        object_type=obj._meta.label_lower,
        object_id=pk,
        changes=audit.diff(snapshot, {}),
    )


@transaction.atomic
def funding_line_delete(*, line: FundingLine, by) -> None:
    """Remove a funding line with its years and reporting dates (each audited)."""
    for year in list(line.years.all()):
        _delete(year, by=by)
    for reporting in list(line.reporting_dates.all()):
        _delete(reporting, by=by)
    _delete(line, by=by)


@transaction.atomic
def funding_year_save(
    *,
    line: FundingLine,
    by,
    year: int,
    granted: Decimal,
    spent: Decimal,
    funding_year: FundingYear | None = None,
) -> FundingYear:
    """Record what ``line`` grants and what was spent of it in ``year``. Refused: a
    negative amount; a year outside the project's period; spending above what the year
    grants; the years together granting more, or spending more, than the line's amount
    granted (when known); a year the line already has."""
    line = FundingLine.objects.select_for_update().select_related("project").get(pk=line.pk)
    granted, spent = _cents(granted), _cents(spent)
    project = line.project
    errors: dict[str, list] = {}
    _not_negative(errors, "granted", granted)
    _not_negative(errors, "spent", spent)
    first = project.start_date.year if project.start_date else None
    last = project.end_date.year if project.end_date else None
    if (first is not None and year < first) or (last is not None and year > last):
        errors["year"] = [
            _("The project runs from %(first)s to %(last)s: %(year)s is outside that period.")
            % {"first": first or "…", "last": last or "…", "year": year}
        ]
    others = line.years.exclude(pk=funding_year.pk if funding_year else None)
    if others.filter(year=year).exists():
        errors.setdefault("year", []).append(
            _("This line already has %(year)s: change that year instead.") % {"year": year}
        )
    if "granted" not in errors and "spent" not in errors:
        if spent > granted:
            errors["spent"] = [
                _("Spent (%(spent)s) is more than granted in this year (%(granted)s).")
                % {"spent": euro(spent), "granted": euro(granted)}
            ]
        if line.amount_granted is not None:
            granted_before = sum((y.granted for y in others), ZERO)
            spent_before = sum((y.spent for y in others), ZERO)
            if granted_before + granted > line.amount_granted:
                errors["granted"] = [
                    _(
                        "The years together would grant %(total)s, more than the line's "
                        "amount granted (%(line)s)."
                    )
                    % {"total": euro(granted_before + granted), "line": euro(line.amount_granted)}
                ]
            if "spent" not in errors and spent_before + spent > line.amount_granted:
                errors["spent"] = [
                    _(
                        "The years together would spend %(total)s, more than the line's "
                        "amount granted (%(line)s)."
                    )
                    % {"total": euro(spent_before + spent), "line": euro(line.amount_granted)}
                ]
    _raise(errors)
    if funding_year is None:
        instance, before = FundingYear(funding=line), None
    else:
        instance = FundingYear.objects.get(pk=funding_year.pk, funding=line)
        before = audit.snapshot(instance)
    instance.year, instance.granted, instance.spent = year, granted, spent
    _validate(instance)
    instance.save()
    audit.log_change(actor=by, obj=instance, before=before)
    return instance


@transaction.atomic
def funding_year_delete(*, funding_year: FundingYear, by) -> None:
    _delete(funding_year, by=by)


@transaction.atomic
def reporting_date_save(
    *,
    line: FundingLine,
    by,
    due_on: datetime.date,
    description: str,
    submitted_on: datetime.date | None = None,
    reporting: ReportingDate | None = None,
    today: datetime.date | None = None,
) -> ReportingDate:
    """Add or change a report the funder expects. Refused: a due date before the grant
    date, a submission date in the future. A moved due date gets a new reminder."""
    today = today or timezone.localdate()
    errors: dict[str, list] = {}
    if line.granted_on and due_on < line.granted_on:
        errors["due_on"] = [
            _("The funding was granted on %(granted)s: a report cannot be due before that.")
            % {"granted": _fmt(line.granted_on)}
        ]
    if submitted_on and submitted_on > today:
        errors["submitted_on"] = [_("A report cannot have been submitted in the future.")]
    _raise(errors)
    if reporting is None:
        instance, before = ReportingDate(funding=line), None
    else:
        instance = ReportingDate.objects.select_for_update().get(pk=reporting.pk, funding=line)
        before = audit.snapshot(instance)
        if instance.due_on != due_on:
            instance.reminded_on = None
    instance.due_on, instance.description, instance.submitted_on = (
        due_on,
        description,
        submitted_on,
    )
    _validate(instance)
    instance.save()
    audit.log_change(actor=by, obj=instance, before=before)
    return instance


@transaction.atomic
def reporting_date_delete(*, reporting: ReportingDate, by) -> None:
    _delete(reporting, by=by)


# -- reminders -------------------------------------------------------------------------------


def project_coordinators(*, project: Project) -> list[int]:
    """The users with an active coordinator membership at the project's penvoerder or
    project lead organisations."""
    organisations = project.partners.filter(role__in=LEAD_ROLES).values("organisation_id")
    return sorted(
        set(
            Membership.objects.filter(
                organisation_id__in=organisations, role=Role.COORDINATOR, is_active=True
            ).values_list("user_id", flat=True)
        )
    )


def _reminder_mail(reporting: ReportingDate, user_ids: list[int]) -> int:
    addresses = list(
        User.objects.filter(id__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    from dwarsverbinder.followup.digest import site_url

    project = reporting.funding.project
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Dwarsverbinder: a report for %(funder)s is due on %(due)s") % {
            "funder": reporting.funding.funder,
            "due": _fmt(reporting.due_on),
        }
        body = _(
            'Project %(project)s: "%(what)s" for %(funder)s is due on %(due)s and has not '
            "been marked as submitted yet."
        ) % {
            "project": project.name,
            "what": reporting.description,
            "funder": reporting.funding.funder,
            "due": _fmt(reporting.due_on),
        }
        path = reverse("programmes:funding", args=[project.slug])
        body = f"{body}\n\n{site_url()}{path}\n"
    sent = 0
    for address in addresses:
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
        except (smtplib.SMTPException, OSError):
            logger.warning("reporting reminder mail failed")
            continue
        sent += 1
    return sent


def reporting_reminders_send(*, today: datetime.date, days: int | None = None) -> dict[str, int]:
    """Remind the coordinators of each report that is due within ``days`` (the setting
    REPORTING_REMINDER_DAYS), not submitted and not reminded of yet. Each reporting date
    is marked reminded in the same transaction, and the mail goes after the commit: once,
    also when the run is repeated."""
    days = reminder_days() if days is None else days
    until = today + datetime.timedelta(days=days)
    reminded = 0
    with transaction.atomic():
        candidates = ReportingDate.objects.filter(
            submitted_on__isnull=True,
            reminded_on__isnull=True,
            due_on__gte=today,
            due_on__lte=until,
        ).select_related("funding__project")
        for reporting in candidates:
            claimed = ReportingDate.objects.filter(
                pk=reporting.pk, reminded_on__isnull=True
            ).update(reminded_on=today)
            if not claimed:
                continue
            reminded += 1
            users = project_coordinators(project=reporting.funding.project)
            audit.log_event(
                actor=None,
                action=AuditAction.UPDATE,
                obj=reporting,
                changes={"reminded_on": [None, today.isoformat()]},
                detail={"reminder_to": len(users)},
                username="reporting-reminder",
            )

            transaction.on_commit(
                lambda reporting=reporting, users=users: _reminder_mail(reporting, users)
            )
    return {"reminded": reminded}
