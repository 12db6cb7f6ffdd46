"""The quality checklist of a service's content, shown to its editor and counted for managers."""

from django.utils.translation import gettext_lazy as _

PLAIN_LANGUAGE_CHARS = (80, 1200)  # a description shorter or longer is hard to use


def checklist(content: dict) -> list[str]:
    """What the service's information lacks, in words an editor can act on."""
    problems = []
    for language, name in (("sv", _("Swedish")), ("en", _("English"))):
        if not content["name"].get(language) or not content["description"].get(language):
            problems.append(_("No name or description in %(language)s.") % {"language": name})
    if not (content["phone"] or content["email"] or content["url"]):
        problems.append(_("No contact: add a phone number, an email or a web page."))
    if "in_person" in content["delivery"] and not content["schedules"]:
        problems.append(_("No times: add when the activity meets."))
    if "in_person" in content["delivery"] and not content["location_id"]:
        problems.append(_("No place: choose or add where it happens."))
    if not content["target_group"]:
        problems.append(_("No target group: say for whom the service is."))
    description = content["description"].get("fi", "")
    if description and len(description) < PLAIN_LANGUAGE_CHARS[0]:
        problems.append(_("The description is very short: say what happens and for whom."))
    if len(description) > PLAIN_LANGUAGE_CHARS[1]:
        problems.append(_("The description is long: keep to the essentials in short sentences."))
    return problems


def place_problems(service) -> list[str]:
    """What the service's places lack (accessibility facts are kept with the place)."""
    missing = any(
        not link.location.accessibility.exists()
        for link in service.service_at_locations.select_related("location")
        if link.location is not None
    )
    return (
        [_("No accessibility facts for the place: ask its owner to add them.")] if missing else []
    )
