"""Forms of the professional side; each says in plain words what to fix."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tarjotin.referrals.models import (
    Consent,
    LinkWorkerSession,
    Referral,
    WellbeingMeasure,
)
from tarjotin.referrals.services import DraftData

PHONE = re.compile(r"^\+?[0-9][0-9 \-()]{5,19}$")


class DraftForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Send to"), choices=Referral.Route.choices, widget=forms.RadioSelect
    )
    receiver_service = forms.ChoiceField(label=_("Receiving service"), required=False)
    reason = forms.CharField(
        label=_("Reason for the referral"),
        help_text=_("What the client wishes and what the receiver should know. No diagnoses."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    client_language = forms.ChoiceField(
        label=_("Client's language"),
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English"), ("ru", "русский"),
                 ("et", "eesti"), ("ar", "العربية"), ("so", "Soomaali"), ("uk", "українська")],
    )  # fmt: skip
    name = forms.CharField(label=_("Client's name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    best_time = forms.CharField(label=_("Best time to contact"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=_("The client has agreed to the referral as described above"), required=False
    )
    consent_method = forms.ChoiceField(
        label=_("How the client agreed"), choices=Consent.Method.choices, required=False,
        initial=Consent.Method.VERBAL,
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, receivers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver_service"].choices = [("", "–")] + list(receivers)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Write the phone number with digits, e.g. 040 123 4567."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("route") == Referral.Route.SERVICE and not data.get("receiver_service"):
            self.add_error("receiver_service", _("Choose the service that receives the referral."))
        if data.get("consent") and not data.get("consent_method"):
            self.add_error("consent_method", _("Say how the client agreed."))
        return data

    def draft_data(self) -> DraftData:
        data = self.cleaned_data
        return DraftData(
            route=data["route"],
            receiver_service_id=data.get("receiver_service") or None,
            reason=data["reason"].strip(),
            client_language=data["client_language"],
            name=data["name"].strip(),
            phone=data["phone"],
            email=data["email"].strip(),
            best_time=data["best_time"].strip(),
            consent=data["consent"],
            consent_method=data.get("consent_method") or Consent.Method.VERBAL,
        )


class VersionForm(forms.Form):
    """The version of the referral the person saw: a change to a newer one is refused."""

    version = forms.IntegerField(min_value=1)


class TransitionForm(VersionForm):
    to_state = forms.ChoiceField(choices=Referral.State.choices)
    reason = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)


class SessionForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=LinkWorkerSession.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = LinkWorkerSession
        fields = ["held_on", "mode", "topics", "next_step"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The date of a meeting cannot be in the future."))
        return held_on


SCORE_LABELS = {
    "life_satisfaction": _("Overall, how satisfied are you with your life nowadays?"),
    "worthwhile": _("Overall, to what extent do you feel that the things you do in your life "
                    "are worthwhile?"),
    "happiness": _("Overall, how happy did you feel yesterday?"),
    "anxiety": _("Overall, how anxious did you feel yesterday?"),
}  # fmt: skip


class MeasureForm(forms.ModelForm):
    class Meta:
        model = WellbeingMeasure
        fields = ["phase", *SCORE_LABELS]
        labels = {"phase": _("Measured"), **SCORE_LABELS}
        help_texts = dict.fromkeys(SCORE_LABELS, _("0 = not at all, 10 = completely"))
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 10}) for name in SCORE_LABELS}

    def validate_unique(self):
        pass  # a second measure of the same phase replaces the first

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in SCORE_LABELS}


class FeedbackForm(forms.Form):
    helped = forms.ChoiceField(
        label=_("Did this help you?"), choices=Referral.Helped.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell (optional, do not write your name)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
