from django import forms
from django.utils.translation import gettext_lazy as _

from tarjotin.indicators.models import TrayFeedback


class TrayFeedbackForm(forms.ModelForm):
    class Meta:
        model = TrayFeedback
        fields = ["found", "again", "comment"]
        widgets = {
            "found": forms.RadioSelect,
            "again": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("found", "again"):  # radio buttons: no "---------" choice (UX audit M9)
            field = self.fields[name]
            field.choices = [(value, label) for value, label in field.choices if value != ""]
            field.error_messages["required"] = _("Choose an answer to this question.")
