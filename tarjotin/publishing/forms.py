"""The editor's form, made for non-experts: plain labels, help texts, errors that say what to
fix. It reads and writes the content dict of publishing/content.py."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tarjotin.catalogue import models as m
from tarjotin.catalogue.models import CapacityStatus
from tarjotin.catalogue.schedules import DAY_CODES, day_label
from tarjotin.catalogue.selectors import municipality_names
from tarjotin.publishing.content import LANGUAGES, TAXONOMIES, TEXTS
from tarjotin.publishing.models import AccessRequest

PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,20}$")
POSTCODE = re.compile(r"^[0-9]{5}$")
SCHEDULE_ROWS = 3
LANGUAGE_NAMES = {"fi": _("in Finnish"), "sv": _("in Swedish"), "en": _("in English")}
TEXT_LABELS = {
    "name": _("Name"),
    "description": _("Description"),
    "application_process": _("How to take part"),
    "eligibility_description": _("Who can take part"),
    "fees_description": _("About the price"),
}
TEXT_HELP = {
    "name": _("Short and clear, e.g. “Chair exercise for older people”."),
    "description": _("What happens, for whom, and what to bring. Short sentences, 2–6 of them."),
    "application_process": _("E.g. “No need to sign up – just come!” or how to sign up."),
    "eligibility_description": _("E.g. “Members of the association” or “Residents of Espoo”."),
    "fees_description": _("E.g. “Free” or “3 € a time, discounts for the unemployed”."),
}
TAXONOMY_LABELS = {
    "category": _("Topic"),
    "target_group": _("For whom"),
    "delivery": _("How"),
    "cost": _("Price"),
}


def validate_phone(value: str) -> None:
    if value and not PHONE.match(value.strip()):
        raise ValidationError(
            _("Write the number with digits, e.g. 09 123 4567 or +358 40 123 4567.")
        )


def choices(organization, current_location_id: str = "") -> dict:
    """The form's choices read from the database once (a bulk upload checks many rows)."""
    terms = {
        taxonomy: [
            (t.code, t.text("name", "fi"))
            for t in m.TaxonomyTerm.objects.filter(taxonomy_detail__code=taxonomy).order_by("code")
        ]
        for taxonomy in TAXONOMIES
    }
    # the organization's places, and the place the service uses now (maybe another's venue)
    locations = (
        m.Location.objects.filter(Q(organization=organization) | Q(id=current_location_id or None))
        if organization
        else []
    )
    return {
        "terms": terms,
        "locations": [(str(loc.id), loc.text("name", "fi") or str(loc.id)) for loc in locations],
        "residence": sorted(municipality_names("fi").items(), key=lambda item: item[1]),
    }


class ServiceForm(forms.Form):
    url = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, validators=[validate_phone])
    capacity_status = forms.ChoiceField(
        label=_("Room for new participants"),
        required=False,
        choices=[("", _("Not told"))] + list(CapacityStatus.choices),
    )
    minimum_age = forms.IntegerField(
        label=_("Youngest age"), required=False, min_value=0, max_value=130
    )
    maximum_age = forms.IntegerField(
        label=_("Oldest age"), required=False, min_value=0, max_value=130
    )
    location = forms.ChoiceField(label=_("Place"), required=False)
    new_place_name = forms.CharField(label=_("New place: name"), required=False)
    new_place_street = forms.CharField(label=_("Street address"), required=False)
    new_place_postcode = forms.CharField(label=_("Postal code"), required=False)
    new_place_city = forms.CharField(label=_("City or town"), required=False)
    new_place_latitude = forms.FloatField(label=_("Latitude"), required=False)
    new_place_longitude = forms.FloatField(label=_("Longitude"), required=False)

    def __init__(self, *args, organization=None, current_location_id="", options=None, **kwargs):
        super().__init__(*args, **kwargs)
        options = options or choices(organization, current_location_id)
        for field in TEXTS:
            for language in LANGUAGES:
                required = language == "fi" and field in {"name", "description"}
                widget = forms.Textarea(attrs={"rows": 4}) if field != "name" else None
                self.fields[f"{field}_{language}"] = forms.CharField(
                    label=f"{TEXT_LABELS[field]} {LANGUAGE_NAMES[language]}",
                    help_text=TEXT_HELP[field] if language == "fi" else "",
                    required=required,
                    widget=widget,
                    max_length=4000,
                )
        for taxonomy in TAXONOMIES:
            self.fields[taxonomy] = forms.MultipleChoiceField(
                label=TAXONOMY_LABELS[taxonomy],
                choices=options["terms"][taxonomy],
                widget=forms.CheckboxSelectMultiple,
                required=taxonomy == "category",
            )
        self.fields["residence"] = forms.MultipleChoiceField(
            label=_("Only for residents of"),
            help_text=_("Leave empty if anyone may take part."),
            choices=options["residence"],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["location"].choices = [
            ("", _("No place (remote or varies)")),
            *options["locations"],
        ]
        for row in range(SCHEDULE_ROWS):
            self.fields[f"days_{row}"] = forms.MultipleChoiceField(
                label=_("Days"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(d, day_label(d)) for d in DAY_CODES],
            )
            self.fields[f"opens_{row}"] = forms.TimeField(label=_("Starts"), required=False)
            self.fields[f"closes_{row}"] = forms.TimeField(label=_("Ends"), required=False)
            self.fields[f"from_{row}"] = forms.DateField(label=_("First date"), required=False)
            self.fields[f"to_{row}"] = forms.DateField(label=_("Last date"), required=False)

    def clean_new_place_postcode(self):
        value = self.cleaned_data["new_place_postcode"].strip()
        if value and not POSTCODE.match(value):
            raise ValidationError(_("A Finnish postal code has five digits, e.g. 00530."))
        return value

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The oldest age must not be below the youngest."))
        lat, lon = data.get("new_place_latitude"), data.get("new_place_longitude")
        if (lat is None) != (lon is None):
            self.add_error(
                "new_place_longitude", _("Give both latitude and longitude, or neither.")
            )
        elif lat is not None and not (59.0 <= lat <= 70.5 and 19.0 <= lon <= 32.0):
            self.add_error(
                "new_place_latitude", _("The point is not in Finland. Check the numbers.")
            )
        if data.get("new_place_name") and not data.get("new_place_street"):
            self.add_error("new_place_street", _("Give the street address of the new place."))
        for row in range(SCHEDULE_ROWS):
            self._clean_schedule(data, row)
        return data

    def _clean_schedule(self, data, row: int) -> None:
        days, opens, closes = (
            data.get(f"days_{row}"),
            data.get(f"opens_{row}"),
            data.get(f"closes_{row}"),
        )
        first, last = data.get(f"from_{row}"), data.get(f"to_{row}")
        if (days or opens or closes) and not (days and opens):
            self.add_error(f"opens_{row}", _("Choose the days and the starting time."))
        if opens and closes and closes <= opens:
            self.add_error(f"closes_{row}", _("The end must be after the start."))
        if first and last and last < first:
            self.add_error(f"to_{row}", _("The last date must not be before the first date."))

    def content(self, location_id: str = "") -> dict:
        data = self.cleaned_data
        return {
            **{f: {lang: data.get(f"{f}_{lang}", "").strip() for lang in LANGUAGES} for f in TEXTS},
            "url": data["url"],
            "email": data["email"],
            "phone": data["phone"].strip(),
            "capacity_status": data["capacity_status"],
            "minimum_age": data["minimum_age"],
            "maximum_age": data["maximum_age"],
            "location_id": location_id or data["location"],
            **{taxonomy: sorted(data[taxonomy]) for taxonomy in TAXONOMIES},
            "residence": sorted(data.get("residence") or []),
            "schedules": [
                {
                    "byday": ",".join(d for d in DAY_CODES if d in data[f"days_{row}"]),
                    "opens_at": data[f"opens_{row}"].strftime("%H:%M"),
                    "closes_at": data[f"closes_{row}"].strftime("%H:%M")
                    if data[f"closes_{row}"]
                    else "",
                    "valid_from": data[f"from_{row}"].isoformat() if data[f"from_{row}"] else "",
                    "valid_to": data[f"to_{row}"].isoformat() if data[f"to_{row}"] else "",
                }
                for row in range(SCHEDULE_ROWS)
                if data.get(f"days_{row}") and data.get(f"opens_{row}")
            ],
        }


def initial(content: dict) -> dict:
    """Form values from a content dict (a version, or the catalogue's current state)."""
    values = {f"{f}_{lang}": content[f].get(lang, "") for f in TEXTS for lang in LANGUAGES}
    values.update(
        {
            k: content[k]
            for k in ("url", "email", "phone", "capacity_status", "minimum_age", "maximum_age")
        }
    )
    values["location"] = content["location_id"]
    values["residence"] = content["residence"]
    values.update({taxonomy: content[taxonomy] for taxonomy in TAXONOMIES})
    for row, schedule in enumerate(content["schedules"][:SCHEDULE_ROWS]):
        values[f"days_{row}"] = [d for d in schedule["byday"].split(",") if d]
        values[f"opens_{row}"] = schedule["opens_at"]
        values[f"closes_{row}"] = schedule["closes_at"]
        values[f"from_{row}"] = schedule["valid_from"]
        values[f"to_{row}"] = schedule["valid_to"]
    return values


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email of the person to invite"))
    organization = forms.ChoiceField(label=_("Organization"))
    language = forms.ChoiceField(
        label=_("Language of the email"),
        choices=[("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")],
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [
            (str(o.id), o.text("name", "fi") or str(o.id)) for o in organizations
        ]


class AcceptForm(forms.Form):
    """A new account's password, held to the same policy as every staff password."""

    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput,
        help_text=_("At least 12 characters; not only digits, nor a common password."),
    )
    password_again = forms.CharField(label=_("The password again"), widget=forms.PasswordInput)

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password, get_user_model()(username=self.email, email=self.email))
        return password

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The passwords are not the same."))
        return data


class AccessRequestForm(forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = ["organization_name", "business_id", "email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def clean_business_id(self):
        value = self.cleaned_data["business_id"].strip()
        if value and not re.fullmatch(r"\d{7}-\d", value):
            raise forms.ValidationError(_("Write the business ID as 1234567-8."))
        return value


PLAIN_LABELS = {
    "url": _("Web page"), "email": _("Email"), "phone": _("Phone"),
    "capacity_status": _("Room for new participants"), "minimum_age": _("Youngest age"),
    "maximum_age": _("Oldest age"), "location_id": _("Place"),
    "residence": _("Only for residents of"), "schedules": _("When"),
}  # fmt: skip


def readable_diff(changes: list[dict], language: str) -> list[dict]:
    """A moderator's comparison in words: fields named as the form names them, and codes
    (topics, room for participants, municipalities) as their names (UX audit M8)."""
    names = {(t, code): label for t in TAXONOMIES for code, label in _term_names(t, language)}
    names.update({("capacity_status", code): str(label) for code, label in CapacityStatus.choices})
    names.update({("residence", code): n for code, n in municipality_names(language).items()})
    rows = []
    for change in changes:
        field, language_code = change["field"], change["language"]
        if language_code:
            label = f"{TEXT_LABELS[field]} {LANGUAGE_NAMES[language_code]}"
        else:
            label = str(TAXONOMY_LABELS.get(field) or PLAIN_LABELS.get(field, field))
        shown = {side: "; ".join(names.get((field, value), value)
                                 for value in change[side].split("; ")) if change[side] else ""
                 for side in ("old", "new")}  # fmt: skip
        rows.append({"label": label, **shown})
    return rows


def _term_names(taxonomy: str, language: str) -> list[tuple[str, str]]:
    terms = m.TaxonomyTerm.objects.filter(taxonomy_detail__code=taxonomy)
    return [(t.code, t.text("name", language) or t.code) for t in terms]
