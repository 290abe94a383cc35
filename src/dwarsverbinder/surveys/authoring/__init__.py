"""Building questionnaires: the coordinator's writes (and the few reads the builder needs).

A questionnaire belongs to the organisation of the coordinator who made it; the shipped
standard check-in belongs to nobody and is copied, never edited. Questions are only
written while their version is a draft: a published version never changes, a change is a
new draft version (``version_new_draft``), and publishing checks the whole version first.

Stored forms the respond pages rely on:

* ``options``: ``[{"value": "work", "label_nl": "Ik werk", "label_en": "I work"}, ...]``
* a condition depends on an earlier question's ``key``; by the kind of that question:
  single choice: ``equals``/``not_equals`` an option value (str) or ``in`` a list of them;
  multiple choice: ``contains`` one option value (str); yes/no: ``equals``/``not_equals``
  ``"yes"`` or ``"no"``; scale: ``equals``/``not_equals`` an int or ``in`` a list of ints.
  Text and date questions cannot be a condition.

Every write is one transaction, checked against the acting membership and audited.
"""

from .access import (
    can_build,
    copy_sources,
    latest_version,
    never_changes,
    questionnaire_list,
    questionnaires_editable_by,
    questionnaires_visible_to,
)
from .questions import question_add, question_delete, question_move, question_update
from .rules import (
    CONDITION_OPERATORS,
    EFFECT_KINDS,
    KEY,
    QUESTION_FIELDS,
    version_problems,
)
from .versions import (
    questionnaire_copy,
    questionnaire_create,
    version_discard,
    version_new_draft,
    version_publish,
    version_retire,
    version_update_intro,
)

__all__ = [
    "CONDITION_OPERATORS",
    "EFFECT_KINDS",
    "KEY",
    "QUESTION_FIELDS",
    "can_build",
    "copy_sources",
    "latest_version",
    "never_changes",
    "question_add",
    "question_delete",
    "question_move",
    "question_update",
    "questionnaire_copy",
    "questionnaire_create",
    "questionnaire_list",
    "questionnaires_editable_by",
    "questionnaires_visible_to",
    "version_discard",
    "version_new_draft",
    "version_problems",
    "version_publish",
    "version_retire",
    "version_update_intro",
]
