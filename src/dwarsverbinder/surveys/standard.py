"""The standard check-in, shipped ready to use: where are you now and since when; are your
contact details still right; would you like a coach to contact you; how are you doing
(1-5); do you have money worries.

``migrate`` writes it (a questionnaire marked ``is_standard`` with a published version 1)
when it is missing, and never changes it afterwards: a region copies it into a new draft
version to adapt it. The answers' ``effect`` tells ``surveys.respond`` what to do in the
young person's file.
"""

from __future__ import annotations

# The answer to "where are you now" -> the status episode kinds it records.
POSITION_KINDS = {
    "school": ["onderwijs"],
    "work": ["werk"],
    "both": ["onderwijs", "werk"],
    "daytime": ["dagbesteding"],
    "benefit": ["uitkering"],
    "nothing": ["geen"],
}

STANDARD_NAME = "Check-in"
STANDARD_INTRO_NL = (
    "Hoi! We willen graag weten hoe het met je gaat. Het zijn maximaal 8 korte vragen. Dat duurt "
    "ongeveer 2 minuten. Je antwoord wordt meteen bewaard. Je kunt dus stoppen en later "
    "verder gaan."
)
STANDARD_INTRO_EN = (
    "Hi! We would like to know how you are doing. There are at most 8 short questions. It takes "
    "about 2 minutes. Your answer is saved at once, so you can stop and carry on later."
)

STANDARD_QUESTIONS = [
    {
        "key": "where",
        "kind": "single",
        "effect": "position",
        "required": True,
        "text_nl": "Wat doe je nu?",
        "text_en": "What are you doing now?",
        "options": [
            {
                "value": "school",
                "label_nl": "Ik ga naar school of doe een opleiding",
                "label_en": "I go to school or do a course",
            },
            {"value": "work", "label_nl": "Ik werk", "label_en": "I work"},
            {"value": "both", "label_nl": "Ik werk én ik leer", "label_en": "I work and I study"},
            {
                "value": "daytime",
                "label_nl": "Ik heb dagbesteding",
                "label_en": "I go to a daytime activity",
            },
            {"value": "benefit", "label_nl": "Ik heb een uitkering", "label_en": "I get a benefit"},
            {"value": "nothing", "label_nl": "Geen van deze", "label_en": "None of these"},
        ],
    },
    {
        "key": "since",
        "kind": "date",
        "effect": "position_since",
        "text_nl": "Sinds wanneer?",
        "text_en": "Since when?",
        "help_nl": "Weet je het niet precies? Kies dan ongeveer de goede maand.",
        "help_en": "Not sure? Then pick roughly the right month.",
    },
    {
        "key": "contact_ok",
        "kind": "yes_no",
        "effect": "contact_ok",
        "text_nl": "Kloppen je telefoonnummer en e-mailadres nog?",
        "text_en": "Are your phone number and e-mail address still right?",
    },
    {
        "key": "new_phone",
        "kind": "text",
        "effect": "new_phone",
        "text_nl": "Wat is je nieuwe telefoonnummer?",
        "text_en": "What is your new phone number?",
        "help_nl": "Bijvoorbeeld 06 12345678. Laat leeg als het niet veranderd is.",
        "help_en": "For example 06 12345678. Leave empty if it did not change.",
        "condition_key": "contact_ok",
        "condition_operator": "equals",
        "condition_value": "no",
    },
    {
        "key": "new_email",
        "kind": "text",
        "effect": "new_email",
        "text_nl": "Wat is je nieuwe e-mailadres?",
        "text_en": "What is your new e-mail address?",
        "help_nl": "Laat leeg als het niet veranderd is.",
        "help_en": "Leave empty if it did not change.",
        "condition_key": "contact_ok",
        "condition_operator": "equals",
        "condition_value": "no",
    },
    {
        "key": "wants_coach",
        "kind": "yes_no",
        "effect": "wants_coach",
        "text_nl": "Wil je dat een coach contact met je opneemt?",
        "text_en": "Would you like a coach to contact you?",
        "help_nl": "Een coach helpt je met school, werk of iets anders waar je mee zit.",
        "help_en": "A coach helps you with school, work or anything else on your mind.",
    },
    {
        "key": "wellbeing",
        "kind": "scale",
        "effect": "wellbeing",
        "text_nl": "Hoe gaat het met je?",
        "text_en": "How are you doing?",
        "scale_min": 1,
        "scale_max": 5,
        "scale_min_label_nl": "Heel slecht",
        "scale_max_label_nl": "Heel goed",
        "scale_min_label_en": "Very bad",
        "scale_max_label_en": "Very good",
    },
    {
        "key": "money",
        "kind": "yes_no",
        "effect": "money_worries",
        "text_nl": "Maak je je zorgen over geld?",
        "text_en": "Are you worried about money?",
    },
]


def ensure_standard_checkin(apps=None, using: str = "default") -> None:
    """Write the standard check-in when no questionnaire is marked standard yet."""
    from django.apps import apps as global_apps
    from django.utils import timezone

    registry = apps or global_apps
    Questionnaire = registry.get_model("surveys", "Questionnaire")
    Version = registry.get_model("surveys", "QuestionnaireVersion")
    Question = registry.get_model("surveys", "Question")
    if Questionnaire.objects.using(using).filter(is_standard=True).exists():
        return
    questionnaire = Questionnaire.objects.using(using).create(
        name=STANDARD_NAME,
        description="De standaard check-in: waar sta je, kloppen je contactgegevens, wil je "
        "een coach spreken, hoe gaat het en maak je je zorgen over geld.",
        is_standard=True,
    )
    version = Version.objects.using(using).create(
        questionnaire=questionnaire,
        number=1,
        status="published",
        published_at=timezone.now(),
        intro_nl=STANDARD_INTRO_NL,
        intro_en=STANDARD_INTRO_EN,
    )
    Question.objects.using(using).bulk_create(
        Question(version=version, position=index, **spec)
        for index, spec in enumerate(STANDARD_QUESTIONS, start=1)
    )
