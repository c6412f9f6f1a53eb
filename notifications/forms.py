from django import forms

from .models import Channel, ReminderSettings
from .registry import EVENTS


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = [
            "days_before", "overdue_interval", "escalation_days", "report_lead_days", "registration_days_before",
            "disclosure_days_before", "dossier_due_day", "dossier_due_month", "dossier_days_before",
            "statistics_days_before",
        ]


class NotificationPreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label="Nhận thông báo qua email", required=False)


class EventPreferencesForm(forms.Form):
    """The channel switches, and one checkbox per (event kind, channel): checked means "send me this here"."""

    email_enabled = forms.BooleanField(label="Nhận thông báo qua email", required=False)

    def __init__(self, *args, preference, muted: set[tuple[str, str]], zalo_available: bool, **kwargs):
        initial = {"email_enabled": preference.email_enabled, "zalo_enabled": preference.zalo_enabled}
        for event in EVENTS:
            for channel in Channel.values:
                initial[f"{event}__{channel}"] = (event, channel) not in muted
        super().__init__(*args, initial=initial, **kwargs)
        self.channels = [c for c in Channel if c != Channel.ZALO or zalo_available]
        if zalo_available:
            self.fields["zalo_enabled"] = forms.BooleanField(
                label="Nhận thông báo qua Zalo (tin nhắn tới số điện thoại trong hồ sơ cán bộ)", required=False
            )
        for event, label in EVENTS.items():
            for channel in self.channels:
                self.fields[f"{event}__{channel}"] = forms.BooleanField(
                    label=f"{label}: {channel.label}", required=False
                )

    def rows(self) -> list[tuple[str, list]]:
        return [(label, [self[f"{event}__{c}"] for c in self.channels]) for event, label in EVENTS.items()]

    def muted(self) -> set[tuple[str, str]]:
        # A channel hidden here (Zalo not configured) keeps no choice: nothing is muted on it.
        return {
            (event, channel) for event in EVENTS for channel in self.channels
            if not self.cleaned_data.get(f"{event}__{channel}")
        }
