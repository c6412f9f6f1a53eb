"""Forms of the reports for the superior office (the sign-off buttons use core.transitions)."""

from django import forms

from .models import Report

QUARTER_CHOICES = [(1, "Quý I"), (2, "Quý II"), (3, "Quý III"), (4, "Quý IV")]


class ReportCreateForm(forms.Form):
    period = forms.ChoiceField(label="Kỳ báo cáo", choices=Report.Period.choices, initial=Report.Period.QUARTER)
    quarter = forms.TypedChoiceField(label="Quý", choices=QUARTER_CHOICES, coerce=int, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == Report.Period.QUARTER and not cleaned.get("quarter"):
            self.add_error("quarter", "Chọn quý cần báo cáo.")
        return cleaned


class ReportTextsForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["assessment", "shortcomings", "directions", "recipients", "signer_name"]
        widgets = {
            "assessment": forms.Textarea(attrs={"rows": 5}),
            "shortcomings": forms.Textarea(attrs={"rows": 4}),
            "directions": forms.Textarea(attrs={"rows": 4}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }
