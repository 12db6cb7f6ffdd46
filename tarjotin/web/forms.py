from django import forms
from django.utils.translation import gettext_lazy as _


class ErrorReportForm(forms.Form):
    message = forms.CharField(
        label=_("What is wrong or missing?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=10,
        max_length=2000,
        help_text=_("For example: the time has changed, or the group has ended."),
    )
    reply_email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_("Only if you want an answer. We use it for nothing else."),
    )
