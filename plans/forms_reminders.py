from django import forms

from .models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["days_before", "overdue_interval", "escalation_days", "report_lead_days"]
