"""Finding young people who were recorded twice.

Three reasons make two records a candidate pair:

- the same BSN pseudonym (the unique constraint makes this impossible for two rows today,
  but imports from before the constraint, or a relaxed constraint, must still be caught);
- the same date of birth and a similar name: surnames (with the tussenvoegsel folded in,
  or left out) equal or at least ``NAME_SIMILARITY`` alike, and the same initial of the
  first given name;
- the same student number at the same school once leading zeros, spaces and case are
  ignored ("00123" and "123").

The work stays set-based: shared identities are found with GROUP BY in the database, and
names are compared only within a block of people sharing a date of birth and an initial,
never every person against every other.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations, groupby
from operator import itemgetter

from django.db import models
from django.db.models import Count, F, Func, QuerySet, Value
from django.db.models.functions import Lower, Trim
from django.utils.translation import gettext_lazy as _

from .constants import IdentityKind
from .models import Identity, Person

NAME_SIMILARITY = 0.85


class Reason(models.TextChoices):
    BSN = "bsn", _("Same BSN")
    STUDENT_NUMBER = "student_number", _("Same student number at the same school")
    NAME_AND_BIRTH_DATE = "name_and_birth_date", _("Same date of birth and a similar name")


# Strongest reason first: it decides the order of the list.
_STRENGTH = {Reason.BSN: 0, Reason.STUDENT_NUMBER: 1, Reason.NAME_AND_BIRTH_DATE: 2}


@dataclass(frozen=True)
class DuplicatePair:
    """Two people (ids, the lower first) who may be one, and why."""

    first_id: int
    second_id: int
    reasons: tuple[str, ...]

    @property
    def reason_labels(self) -> list[str]:
        return [str(Reason(reason).label) for reason in self.reasons]


def duplicate_candidates(*, queryset: QuerySet[Person]) -> list[DuplicatePair]:
    """Candidate pairs among ``queryset`` (pass ``people_visible_to(user=...)``): both
    people of a pair are always in it. Strongest reasons first, then by id."""
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    for reason, pairs in (
        (Reason.BSN, _shared_bsn(queryset)),
        (Reason.STUDENT_NUMBER, _shared_student_number(queryset)),
        (Reason.NAME_AND_BIRTH_DATE, _similar_name_same_birth_date(queryset)),
    ):
        for pair in pairs:
            found[pair].add(reason)
    result = [
        DuplicatePair(first, second, tuple(sorted(reasons, key=_STRENGTH.__getitem__)))
        for (first, second), reasons in found.items()
    ]
    result.sort(key=lambda p: (_STRENGTH[p.reasons[0]], p.first_id, p.second_id))
    return result


def _pairs(ids: Iterable[int]) -> Iterator[tuple[int, int]]:
    return combinations(sorted(set(ids)), 2)


# -- shared identities -------------------------------------------------------------------


def _shared_bsn(queryset: QuerySet[Person]) -> Iterator[tuple[int, int]]:
    identities = Identity.objects.filter(kind=IdentityKind.BSN, person__in=queryset)
    shared = (
        identities.order_by()
        .values("value")
        .annotate(people=Count("person", distinct=True))
        .filter(people__gt=1)
        .values("value")
    )
    rows = identities.filter(value__in=shared).order_by("value").values_list("value", "person_id")
    for _value, group in groupby(rows, key=itemgetter(0)):
        yield from _pairs(person_id for _v, person_id in group)


def normalised_student_number(value: str) -> str:
    """ "00123 " and "123" are the same number; "A12" and "a12" too."""
    return value.strip().lstrip("0").lower()


def _student_number_key():
    # The same as normalised_student_number, in SQL: LTRIM(x, '0') exists in PostgreSQL
    # and SQLite alike.
    return Lower(Func(Trim(F("value")), Value("0"), function="LTRIM"))


def _shared_student_number(queryset: QuerySet[Person]) -> Iterator[tuple[int, int]]:
    identities = (
        Identity.objects.filter(kind=IdentityKind.STUDENT_NUMBER, person__in=queryset)
        .annotate(number=_student_number_key())
        .exclude(number="")
    )
    shared = list(
        identities.order_by()
        .values("organisation_id", "number")
        .annotate(people=Count("person", distinct=True))
        .filter(people__gt=1)
        .values_list("organisation_id", "number")
    )
    if not shared:
        return
    wanted = set(shared)
    rows = identities.filter(number__in={number for _org, number in shared}).values_list(
        "organisation_id", "number", "person_id"
    )
    groups: dict[tuple[int, str], set[int]] = defaultdict(set)
    for organisation_id, number, person_id in rows:
        if (organisation_id, number) in wanted:
            groups[organisation_id, number].add(person_id)
    for people in groups.values():
        yield from _pairs(people)


# -- names within a date of birth ----------------------------------------------------------


def _plain(text: str) -> str:
    """Lower case, accents stripped, only letters and digits: "d'Hondt" → "dhondt"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


# Tussenvoegsels (and the articles of other naming traditions registered as such) that
# are often typed into the surname field instead of their own.
TUSSENVOEGSELS = frozenset(
    {
        "van", "de", "der", "den", "het", "t", "ter", "ten", "te", "in", "op", "aan",
        "bij", "onder", "uit", "voor", "over", "la", "le", "du", "da", "di", "del",
        "della", "dos", "el", "al",
    }
)  # fmt: skip


def surname_keys(*, tussenvoegsel: str, surname: str) -> frozenset[str]:
    """The surname with the tussenvoegsel folded in, and without it, so that "de Vries",
    "De Vries" typed in one field and plain "Vries" all share a key."""
    words = f"{tussenvoegsel} {surname}".lower().replace("'", " ").split()
    core = list(words)
    while len(core) > 1 and _plain(core[0]) in TUSSENVOEGSELS:
        core.pop(0)
    keys = {_plain("".join(words)), _plain("".join(core))}
    return frozenset(key for key in keys if key)


def first_initial(given_names: str) -> str:
    return _plain(given_names)[:1]


def similar_surnames(left: frozenset[str], right: frozenset[str]) -> bool:
    if left & right:
        return True
    return any(_similar(a, b) for a in left for b in right)


def _similar(a: str, b: str) -> bool:
    # The cheap upper bounds first: most pairs in a block fail on them.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= NAME_SIMILARITY
        and matcher.quick_ratio() >= NAME_SIMILARITY
        and matcher.ratio() >= NAME_SIMILARITY
    )


def _similar_name_same_birth_date(queryset: QuerySet[Person]) -> Iterator[tuple[int, int]]:
    shared_birth_dates = (
        queryset.order_by()
        .values("date_of_birth")
        .annotate(people=Count("id"))
        .filter(people__gt=1)
        .values("date_of_birth")
    )
    rows = (
        queryset.filter(date_of_birth__in=shared_birth_dates)
        .order_by("date_of_birth", "id")
        .values_list("id", "date_of_birth", "given_names", "tussenvoegsel", "surname")
        .iterator(chunk_size=2000)
    )
    for _day, group in groupby(rows, key=itemgetter(1)):
        yield from _similar_within(group)


def _similar_within(rows: Iterable[tuple]) -> Iterator[tuple[int, int]]:
    """Compare names inside one date of birth, and there only within one initial."""
    by_initial: dict[str, list[tuple[int, frozenset[str]]]] = defaultdict(list)
    for person_id, _day, given_names, tussenvoegsel, surname in rows:
        keys = surname_keys(tussenvoegsel=tussenvoegsel, surname=surname)
        initial = first_initial(given_names)
        if keys and initial:
            by_initial[initial].append((person_id, keys))
    for people in by_initial.values():
        for (left_id, left), (right_id, right) in combinations(people, 2):
            if similar_surnames(left, right):
                yield (min(left_id, right_id), max(left_id, right_id))
