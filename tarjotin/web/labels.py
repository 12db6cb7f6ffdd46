"""Interface words for codes the search uses (profiles, days, age groups), translated."""

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tarjotin.catalogue.schedules import DAY_CODES


def profile_label(profile: str) -> str:
    return {
        "wheelchair": _("I use a wheelchair"),
        "rollator": _("I use a rollator"),
        "visual": _("I am visually impaired"),
        "hearing": _("I am hearing impaired"),
    }.get(profile, profile)


def day_label(code: str) -> str:
    """The weekday's name from Django's own translations (as schedules.describe uses)."""
    return str(WEEKDAYS[DAY_CODES.index(code)]) if code in DAY_CODES else code


def daypart_label(code: str) -> str:
    return {
        "morning": _("Morning (before 12)"),
        "afternoon": _("Afternoon (12–17)"),
        "evening": _("Evening (after 17)"),
    }.get(code, code)


def age_label(group: str) -> str:
    return {
        "child": pgettext("age group", "Children"),
        "young": pgettext("age group", "Young people"),
        "adult": pgettext("age group", "Adults"),
        "senior": pgettext("age group", "Older people"),
    }.get(group, group)
