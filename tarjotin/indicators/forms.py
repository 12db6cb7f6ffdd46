from django import forms

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
