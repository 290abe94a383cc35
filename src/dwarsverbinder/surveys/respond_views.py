"""The young person's survey pages: one question per page, each answer saved at once.

Three ways lead through the same pages (a ``Walk``): a personal link (/vragenlijst/<token>/),
class mode after identifying (/vragenlijst/klas/<code>/vragen/, the invitation in the
session, no token shown) and the staff preview (/vragenlijst/voorbeeld/<version>/, answers
kept in the session only). Every page is private: not cached, no referrer to other sites.
"""

from __future__ import annotations

import datetime
import secrets
from abc import ABC, abstractmethod

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from dwarsverbinder.accounts.constants import CASEWORK_ROLES, Role
from dwarsverbinder.accounts.decorators import role_required
from dwarsverbinder.mypage.views import private
from dwarsverbinder.network.constants import OrganisationKind

from . import class_mode, respond
from .constants import Effect, QuestionKind, ResponseVia
from .models import ClassSession, Invitation, Question, QuestionnaireVersion, Round
from .respond import State
from .respond_forms import AnswerForm, ClassIdentifyForm

SESSION_CLASS = "dwv_survey_class"
SESSION_BROWSER = "dwv_survey_browser"
SESSION_PREVIEW = "dwv_survey_preview"
FROM_SUMMARY = "overzicht"
TEMPLATES = "surveys/respond/"


# --- Walks ----------------------------------------------------------------------------------


class Walk(ABC):
    """One way through a questionnaire version; subclasses say where answers live."""

    names: dict[str, str] = {}
    preview = False

    def __init__(self, *, version: QuestionnaireVersion, args: tuple):
        self.version = version
        self.args = args
        self.questions = respond.questions_of(version)
        self.answers = self.load()

    @abstractmethod
    def load(self) -> dict:
        """Where the answers live (the response, or the session for a preview)."""

    @abstractmethod
    def save(self, question: Question, raw) -> None:
        """Store one answer."""

    @abstractmethod
    def complete(self) -> None:
        """Send the answers."""

    def url(self, page: str, key: str = "") -> str:
        return reverse(self.names[page], args=(*self.args, *([key] if key else [])))

    def shown(self) -> list[Question]:
        return respond.shown_questions(self.questions, self.answers)

    def consent(self) -> str:
        """What sending the answers agrees to; a preview sends nothing."""
        return ""

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def _question_url(self, question: Question | None) -> str:
        return self.url("question", question.key) if question else self.url("summary")

    def next_url(self, after: Question, *, from_summary: bool = False) -> str:
        later = [q for q in self.shown() if self.questions.index(q) > self.questions.index(after)]
        if from_summary:
            later = [q for q in later if q.key not in self.answers]
        return self._question_url(later[0] if later else None)

    def previous_url(self, before: Question) -> str:
        index = self.questions.index(before)
        earlier = [q for q in self.shown() if self.questions.index(q) < index]
        return self.url("question", earlier[-1].key) if earlier else self.url("start")

    def resume_url(self) -> str:
        """Where to carry on: the first question not answered yet that is required or
        comes after the last answered one (an optional one left empty is not asked again)."""
        shown = self.shown()
        answered = [i for i, q in enumerate(shown) if q.key in self.answers]
        last = answered[-1] if answered else -1
        for index, question in enumerate(shown):
            if question.key not in self.answers and (question.required or index > last):
                return self.url("question", question.key)
        return self.url("summary")


class InvitationWalk(Walk):
    """Answering for real: every answer is saved to the invitation's response."""

    def consent(self) -> str:
        return respond.consent_statement(self.invitation.round.organisation)

    def __init__(self, *, invitation: Invitation, args: tuple, via: str, names: dict):
        self.invitation = invitation
        self.via = via
        self.names = names
        super().__init__(version=invitation.round.version, args=args)

    def load(self) -> dict:
        return respond.answers_of(self.invitation)

    def save(self, question: Question, raw) -> None:
        respond.answer_save(invitation=self.invitation, question=question, raw=raw, via=self.via)
        self.answers = self.load()

    def complete(self) -> None:
        respond.response_complete(invitation=self.invitation, via=self.via)


LINK_NAMES = {
    "start": "survey:respond_start",
    "question": "survey:respond_question",
    "summary": "survey:respond_summary",
    "thanks": "survey:respond_thanks",
}
CLASS_NAMES = {
    "start": "survey:respond_class_start",
    "question": "survey:respond_class_question",
    "summary": "survey:respond_class_summary",
    "thanks": "survey:respond_class_thanks",
}


class PreviewWalk(Walk):
    """Staff trying a version: answers live in the session only, to follow conditions."""

    preview = True
    names = {
        "start": "survey:respond_preview",
        "question": "survey:respond_preview_question",
        "summary": "survey:respond_preview_summary",
        "thanks": "survey:respond_preview_thanks",
    }

    def __init__(self, *, request, version: QuestionnaireVersion):
        self.request = request
        super().__init__(version=version, args=(version.pk,))

    def load(self) -> dict:
        return dict(self.request.session.get(SESSION_PREVIEW, {}).get(str(self.version.pk), {}))

    def _store(self, answers: dict) -> None:
        stored = self.request.session.get(SESSION_PREVIEW, {})
        stored[str(self.version.pk)] = answers
        self.request.session[SESSION_PREVIEW] = stored
        self.answers = answers

    def save(self, question: Question, raw) -> None:
        value = respond.answer_clean(question=question, raw=raw)
        if question not in self.shown():
            raise ValidationError({"answer": _("This question is not asked now.")})
        answers = {k: v for k, v in self.answers.items() if k != question.key}
        if value is not None:
            answers[question.key] = value
        shown = {q.key for q in respond.shown_questions(self.questions, answers)}
        self._store({k: v for k, v in answers.items() if k in shown})

    def complete(self) -> None:
        if respond.missing_required(self.questions, self.answers):
            raise ValidationError({"answer": _("Some questions still need an answer.")})
        self._store({})


# --- Shared pages --------------------------------------------------------------------------


def _scale_label(question: Question, which: str) -> str:
    english = get_language().startswith("en")
    label = getattr(question, f"scale_{which}_label_en") if english else ""
    return label or getattr(question, f"scale_{which}_label_nl")


def _choices(question: Question) -> list[tuple[str, str]]:
    if question.kind == QuestionKind.YES_NO:
        return [("yes", _("Yes")), ("no", _("No"))]
    if question.kind == QuestionKind.SCALE:
        low, high = respond.scale_bounds(question)
        labels = {low: _scale_label(question, "min"), high: _scale_label(question, "max")}
        return [
            (str(n), f"{n} – {labels[n]}" if labels.get(n) else str(n))
            for n in range(low, high + 1)
        ]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [
            (str(o.get("value")), question.option_label(o.get("value"))) for o in question.options
        ]
    return []


def answer_label(question: Question, value) -> str:
    """An answer as the young person would say it, in the page's language."""
    if value is None or value == [] or value == "":
        return ""
    if question.kind == QuestionKind.YES_NO:
        return _("Yes") if value == "yes" else _("No")
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        values = value if isinstance(value, list) else [value]
        return ", ".join(question.option_label(v) for v in values)
    if question.kind == QuestionKind.SCALE:
        return dict(_choices(question)).get(str(value), str(value))
    if question.kind == QuestionKind.DATE:
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _input_attrs(question: Question) -> dict:
    if question.kind == QuestionKind.DATE:
        attrs = {"type": "date"}
        if question.effect == Effect.POSITION_SINCE:
            attrs["max"] = timezone.localdate().isoformat()
        return attrs
    if question.effect == Effect.NEW_PHONE:
        return {"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
    if question.effect == Effect.NEW_EMAIL:
        return {"type": "email", "inputmode": "email", "autocomplete": "email"}
    return {"type": "text", "autocomplete": "off", "maxlength": respond.TEXT_MAX_LENGTH}


def _start(request, walk: Walk) -> HttpResponse:
    shown = walk.shown()
    context = {
        "walk": walk,
        "title": walk.version.questionnaire.name,
        "intro": walk.version.intro(),
        "count": len(shown),
        "first_url": walk.url("question", shown[0].key) if shown else walk.url("summary"),
        "resume_url": walk.resume_url() if walk.answers else "",
        "consent": walk.consent(),
    }
    return render(request, TEMPLATES + "start.html", context)


def _question(request, walk: Walk, key: str, on_closed) -> HttpResponse:
    question = walk.question(key)
    if question is None:
        raise Http404
    shown = walk.shown()
    if question not in shown:  # its condition does not hold: on to the next one
        return redirect(walk.next_url(question))
    from_summary = request.GET.get("terug") == FROM_SUMMARY
    if request.method == "POST":
        form = AnswerForm(request.POST, question=question)
        try:
            walk.save(question, form.raw())
        except respond.NotAnswerableError as error:
            return on_closed(error.state)
        except ValidationError as error:
            form.add_error("answer", error.message_dict.get("answer", error.messages))
        else:
            return redirect(walk.next_url(question, from_summary=from_summary))
    else:
        form = AnswerForm(question=question, initial={"answer": walk.answers.get(key)})
    chosen = form.values()
    context = {
        "walk": walk,
        "question": question,
        "text": question.text(),
        "help": question.help(),
        "form": form,
        "error": " ".join(form.errors.get("answer", [])),
        "multiple": question.kind == QuestionKind.MULTIPLE,
        "choices": [
            {"value": value, "label": label, "checked": value in chosen, "id": f"answer-{i}"}
            for i, (value, label) in enumerate(_choices(question))
        ],
        "typed": chosen[0] if chosen else "",
        "input": _input_attrs(question),
        "number": shown.index(question) + 1,
        "total": len(shown),
        "back_url": walk.previous_url(question),
    }
    return render(request, TEMPLATES + "question.html", context)


def _summary(request, walk: Walk, on_closed) -> HttpResponse:
    incomplete = False
    if request.method == "POST":
        try:
            walk.complete()
        except respond.NotAnswerableError as error:
            return on_closed(error.state)
        except ValidationError:
            incomplete = True
        else:
            return redirect(walk.url("thanks"))
    rows = [
        {
            "question": q,
            "text": q.text(),
            "answer": answer_label(q, walk.answers.get(q.key)),
            "missing": q.required and q.key not in walk.answers,
            "url": walk.url("question", q.key) + "?terug=" + FROM_SUMMARY,
        }
        for q in walk.shown()
    ]
    missing = [row for row in rows if row["missing"]]
    context = {
        "walk": walk,
        "rows": rows,
        "missing": missing,
        "incomplete": incomplete,
        "consent": walk.consent(),
    }
    return render(request, TEMPLATES + "summary.html", context)


def _thanks(request) -> HttpResponse:
    return render(request, TEMPLATES + "thanks.html")


def _unknown_link(request) -> HttpResponse:
    return render(request, TEMPLATES + "unknown.html", status=404)


def _closed(request, round_: Round, state: str) -> HttpResponse:
    if state == State.COMPLETED:
        return render(request, TEMPLATES + "already.html")
    context = {"organisation": round_.organisation.name, "not_started": state == State.NOT_STARTED}
    return render(request, TEMPLATES + "closed.html", context, status=410)


# --- By personal link -------------------------------------------------------------------------


def _link_walk(request, token: str, *, completed_to_thanks: bool = False):
    invitation = respond.invitation_for_token(token)
    if invitation is None:
        return _unknown_link(request)
    state = respond.invitation_state(invitation)
    if state == State.COMPLETED and completed_to_thanks:
        return redirect("survey:respond_thanks", token)
    if state != State.OPEN:
        return _closed(request, invitation.round, state)
    respond.invitation_mark_opened(invitation)
    return InvitationWalk(
        invitation=invitation, args=(token,), via=ResponseVia.LINK, names=LINK_NAMES
    )


def _link_closed(request, token: str):
    def on_closed(state: str) -> HttpResponse:
        if state == State.COMPLETED:
            return redirect("survey:respond_thanks", token)
        invitation = respond.invitation_for_token(token)
        return _closed(request, invitation.round, state)

    return on_closed


@private
@sensitive_variables("token")
@require_GET
def link_start(request, token: str):
    walk = _link_walk(request, token)
    return walk if isinstance(walk, HttpResponse) else _start(request, walk)


@private
@sensitive_variables("token")
@sensitive_post_parameters("answer")
@require_http_methods(["GET", "POST"])
def link_question(request, token: str, key: str):
    walk = _link_walk(request, token)
    if isinstance(walk, HttpResponse):
        return walk
    return _question(request, walk, key, _link_closed(request, token))


@private
@sensitive_variables("token")
@require_http_methods(["GET", "POST"])
def link_summary(request, token: str):
    walk = _link_walk(request, token, completed_to_thanks=request.method == "POST")
    if isinstance(walk, HttpResponse):
        return walk
    return _summary(request, walk, _link_closed(request, token))


@private
@sensitive_variables("token")
@require_GET
def link_thanks(request, token: str):
    invitation = respond.invitation_for_token(token)
    if invitation is None:
        return _unknown_link(request)
    if invitation.completed_at is None:
        return redirect("survey:respond_start", token)
    return _thanks(request)


# --- In class ---------------------------------------------------------------------------------


def _class_session_page(request, code: str):
    """The class session of ``code``, or the friendly page for an unknown or old code."""
    session = (
        ClassSession.objects.select_related("school", "round__organisation")
        .filter(code=class_mode.normalise_code(code))
        .first()
    )
    if session is None or session.expires_at <= timezone.now():
        context = {"expired": session is not None}
        return render(
            request, TEMPLATES + "class_invalid.html", context, status=410 if session else 404
        )
    return session


def _class_data(request, code: str) -> dict | None:
    data = request.session.get(SESSION_CLASS)
    if not isinstance(data, dict) or data.get("code") != class_mode.normalise_code(code):
        return None
    if timezone.now().timestamp() >= float(data.get("until", 0)):
        request.session.pop(SESSION_CLASS, None)
        return None
    return data


def _class_walk(request, code: str, *, completed_to_thanks: bool = False):
    data = _class_data(request, code)
    if data and data.get("done"):
        return redirect("survey:respond_class_thanks", code)
    invitation = (
        Invitation.objects.select_related("round__organisation", "round__version__questionnaire")
        .filter(pk=data.get("invitation"))
        .first()
        if data
        else None
    )
    if invitation is None:
        return redirect("survey:respond_class_identify", code)
    state = respond.invitation_state(invitation)
    if state == State.COMPLETED and completed_to_thanks:
        return redirect("survey:respond_class_thanks", code)
    if state != State.OPEN:
        return _closed(request, invitation.round, state)
    respond.invitation_mark_opened(invitation)
    return InvitationWalk(
        invitation=invitation, args=(data["code"],), via=ResponseVia.CLASS, names=CLASS_NAMES
    )


def _class_closed(request, code: str):
    def on_closed(state: str) -> HttpResponse:
        if state == State.COMPLETED:
            return redirect("survey:respond_class_thanks", code)
        return redirect("survey:respond_class_start", code)

    return on_closed


def _class_begin(request, session: ClassSession, invitation: Invitation) -> None:
    # A new session key, so a key planted beforehand is worth nothing; the answers of one
    # young person are reached only from the browser that identified.
    request.session.cycle_key()
    until = timezone.now() + class_mode.SESSION_DURATION
    request.session[SESSION_CLASS] = {
        "invitation": invitation.pk,
        "code": session.code,
        "until": until.timestamp(),
    }


@private
@sensitive_post_parameters("student_number", "date_of_birth")
@require_http_methods(["GET", "POST"])
def class_identify(request, code: str):
    session = _class_session_page(request, code)
    if isinstance(session, HttpResponse):
        return session
    state = respond.round_state(session.round)
    if state != State.OPEN:
        return _closed(request, session.round, state)
    browser = request.session.setdefault(SESSION_BROWSER, secrets.token_hex(8))
    form = ClassIdentifyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            invitation = class_mode.identify(
                session=session,
                student_number=form.cleaned_data["student_number"],
                date_of_birth=form.cleaned_data["date_of_birth"],
                ip_address=request.META.get("REMOTE_ADDR", ""),
                browser=browser,
            )
        except class_mode.ThrottledError:
            status = 429
            form.add_error(None, _("You tried too often. Wait 15 minutes, or ask your teacher."))
        except class_mode.IdentifyError:
            form.add_error(
                None,
                _(
                    "We cannot find you with these details. Check your student number and "
                    "your date of birth, and try again."
                ),
            )
        else:
            _class_begin(request, session, invitation)
            return redirect("survey:respond_class_start", session.code)
    context = {"form": form, "session": session}
    return render(request, TEMPLATES + "class_identify.html", context, status=status)


@private
@require_GET
def class_start(request, code: str):
    walk = _class_walk(request, code)
    return walk if isinstance(walk, HttpResponse) else _start(request, walk)


@private
@sensitive_post_parameters("answer")
@require_http_methods(["GET", "POST"])
def class_question(request, code: str, key: str):
    walk = _class_walk(request, code)
    if isinstance(walk, HttpResponse):
        return walk
    return _question(request, walk, key, _class_closed(request, code))


@private
@require_http_methods(["GET", "POST"])
def class_summary(request, code: str):
    walk = _class_walk(request, code, completed_to_thanks=request.method == "POST")
    if isinstance(walk, HttpResponse):
        return walk
    response = _summary(request, walk, _class_closed(request, code))
    if walk.invitation.completed_at is not None:
        # Sent: the next pupil on this phone sees nothing of these answers.
        until = timezone.now() + class_mode.SESSION_DURATION
        request.session[SESSION_CLASS] = {
            "code": walk.args[0],
            "done": True,
            "until": until.timestamp(),
        }
    return response


@private
@require_GET
def class_thanks(request, code: str):
    data = _class_data(request, code)
    if data is None:
        return redirect("survey:respond_class_identify", code)
    if not data.get("done"):
        return redirect("survey:respond_class_start", code)
    return _thanks(request)


# --- Class mode for staff -----------------------------------------------------------------------


def _school_of(request):
    organisation = request.user.active_membership.organisation
    if organisation.kind != OrganisationKind.SCHOOL:
        raise Http404
    return organisation


@private
@role_required(*CASEWORK_ROLES)
@require_GET
def class_rounds(request):
    school = _school_of(request)
    rounds = class_mode.rounds_for_class(school=school)
    return render(request, TEMPLATES + "class_rounds.html", {"rounds": rounds, "school": school})


@private
@role_required(*CASEWORK_ROLES)
@require_http_methods(["GET", "POST"])
def class_open(request, round_id: int):
    school = _school_of(request)
    round_ = get_object_or_404(
        Round.objects.select_related("version__questionnaire", "organisation"), pk=round_id
    )
    if respond.round_state(round_) != State.OPEN or not class_mode.school_may_use(round_, school):
        raise Http404
    if request.method == "POST":
        session = class_mode.class_session_open(round_=round_, school=school, by=request.user)
        return redirect("survey:respond_class_screen", session.code)
    return render(request, TEMPLATES + "class_open.html", {"round": round_, "school": school})


def _public_url(request, path: str) -> str:
    configured = settings.DWV_SITE_URL
    return configured.rstrip("/") + path if configured else request.build_absolute_uri(path)


@private
@role_required(*CASEWORK_ROLES)
@require_GET
def class_screen(request, code: str):
    school = _school_of(request)
    session = get_object_or_404(
        ClassSession.objects.select_related("round__version__questionnaire"),
        code=class_mode.normalise_code(code),
        school=school,
    )
    url = _public_url(request, reverse("survey:respond_class_identify", args=[session.code]))
    context = {
        "session": session,
        "url": url,
        "expired": session.expires_at <= timezone.now(),
        "qr": class_mode.qr_svg(url, label=_("QR code to the questionnaire")),
    }
    return render(request, TEMPLATES + "class_screen.html", context)


# --- Preview for staff --------------------------------------------------------------------------


def _preview_walk(request, version_id: int) -> PreviewWalk:
    version = get_object_or_404(
        QuestionnaireVersion.objects.select_related("questionnaire"), pk=version_id
    )
    return PreviewWalk(request=request, version=version)


def _preview_closed(state: str) -> HttpResponse:  # pragma: no cover - a preview never closes
    raise Http404


@private
@role_required(Role.COORDINATOR)
@require_GET
def preview_start(request, version_id: int):
    return _start(request, _preview_walk(request, version_id))


@private
@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def preview_question(request, version_id: int, key: str):
    return _question(request, _preview_walk(request, version_id), key, _preview_closed)


@private
@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def preview_summary(request, version_id: int):
    return _summary(request, _preview_walk(request, version_id), _preview_closed)


@private
@role_required(Role.COORDINATOR)
@require_GET
def preview_thanks(request, version_id: int):
    walk = _preview_walk(request, version_id)
    return render(request, TEMPLATES + "thanks.html", {"preview": True, "walk": walk})
