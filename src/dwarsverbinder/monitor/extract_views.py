"""The researcher extract (/monitor/onderzoeksbestand/): a form (GET) and the download
(POST), for analysts only (anybody else gets a 404, regional coordinators too). Every
download writes one audit event with the parameters and the purpose the analyst typed,
never a pseudonym."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction
from dwarsverbinder.utils.exports import to_csv, to_xlsx

from .definitions import CURRENT, get_definition
from .extract import COLUMNS, build_extract, can_download_extract, extract_table
from .forms import existing_cohorts

AUDIT_OBJECT_TYPE = "monitor.extract"
TEMPLATE = "monitor/extract.html"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HORIZONS = get_definition().horizons
HORIZON_ERROR = gettext_lazy(
    "Choose one or more horizons from the list: 3, 6, 12, 18 or 24 months."
)

# What each column of the file holds, shown on the page.
COLUMN_HELP = {
    "pseudonym": gettext_lazy(
        "The young person in this file: the same at every horizon, different in every download."
    ),
    "cohort": gettext_lazy("The school year of leaving, e.g. 2023-2024."),
    "leave_month": gettext_lazy("The month of leaving school (year-month, not the day)."),
    "horizon": gettext_lazy("Months after leaving school: 3, 6, 12, 18 or 24."),
    "reference_month": gettext_lazy("The month of the date at that horizon."),
    "position": gettext_lazy(
        "onderwijs, werk, dagbesteding, uitkering, geen or onbekend, at that date."
    ),
    "care": gettext_lazy("1 when care (zorg) was involved at that date, else 0."),
    "lasting_outflow": gettext_lazy(
        "1 when in education, work or daytime activities at both 6 and 12 months, else 0; "
        "empty before 12 months."
    ),
    "rmc_region": gettext_lazy("The code of the RMC region of residence (today's)."),
    "municipality": gettext_lazy("The code of the municipality of residence (today's)."),
    "school": gettext_lazy("The code of the school left."),
    "programme_type": gettext_lazy("The programme type left, e.g. pro, vso, entree, mbo_bol."),
    "level": gettext_lazy("The level of the programme left (1 to 4), when it has one."),
    "gender": gettext_lazy("v, m or x; empty when not recorded."),
    "birth_year": gettext_lazy("The year of birth (not the date)."),
}


class ExtractForm(forms.Form):
    cohort = forms.ChoiceField(
        label=gettext_lazy("Cohort (school year of leaving)"),
        error_messages={
            "required": gettext_lazy("Choose a cohort."),
            "invalid_choice": gettext_lazy(
                "Choose a cohort from the list: a school year with leavers."
            ),
        },
    )
    horizons = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Months after leaving school"),
        coerce=int,
        initial=list(HORIZONS),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "A young person is in the file only at the horizons whose date has passed."
        ),
        error_messages={"required": HORIZON_ERROR, "invalid_choice": HORIZON_ERROR},
    )
    format = forms.ChoiceField(
        label=gettext_lazy("File format"),
        choices=[
            ("csv", gettext_lazy("CSV (semicolons, opens in Excel)")),
            ("xlsx", gettext_lazy("XLSX (Excel)")),
        ],
        initial="csv",
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose CSV or XLSX."),
            "invalid_choice": gettext_lazy("Choose CSV or XLSX."),
        },
    )
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "What the file is for, for example the study or the question it answers. It is "
            "recorded in the audit log with the download. Do not write names or other "
            "personal data here."
        ),
        error_messages={
            "required": gettext_lazy("Write what the file is for."),
            "max_length": gettext_lazy(
                "Keep the purpose to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args, cohorts: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        newest_first = [(c, c) for c in reversed(cohorts)]
        self.fields["cohort"].choices = [("", _("Choose a cohort")), *newest_first]
        self.fields["horizons"].choices = [
            (h, _("%(months)s months") % {"months": h}) for h in HORIZONS
        ]


def _analyst(request) -> None:
    if not can_download_extract(user=request.user):
        raise Http404


@require_http_methods(["GET", "POST"])
@login_required
def extract(request):
    _analyst(request)
    cohorts = existing_cohorts()
    if request.method == "GET":
        return _page(request, ExtractForm(cohorts=cohorts), cohorts)
    form = ExtractForm(request.POST, cohorts=cohorts)
    if form.is_valid():
        response = _download(request, form)
        if response is not None:
            return response
    return _page(request, form, cohorts, status=400)


def _page(request, form: ExtractForm, cohorts: list[str], status: int = 200) -> HttpResponse:
    columns = [(name, COLUMN_HELP[name]) for name in COLUMNS]
    context = {"form": form, "cohorts": cohorts, "columns": columns, "definition": CURRENT}
    return render(request, TEMPLATE, context, status=status)


def _download(request, form: ExtractForm) -> HttpResponse | None:
    """The file, audited; None (with an error on the form) when nobody is in it yet."""
    data = form.cleaned_data
    result = build_extract(cohort=data["cohort"], horizons=data["horizons"])
    if not result.rows:
        form.add_error(
            "horizons",
            _("Nobody in cohort %(cohort)s has reached these horizons yet.")
            % {"cohort": result.cohort},
        )
        return None
    fmt = data["format"]
    table = extract_table(result)
    body = to_csv(table) if fmt == "csv" else to_xlsx(table, sheet=_("Extract"))
    audit.log_event(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type=AUDIT_OBJECT_TYPE,
        detail={
            "definition": result.definition,
            "cohort": result.cohort,
            "horizons": list(result.horizons),
            "format": fmt,
            "rows": len(result.rows),
            "purpose": data["purpose"],
        },
    )
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = f"monitor-extract-{result.cohort}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
