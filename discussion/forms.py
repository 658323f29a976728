from django import forms

from .models import NotificationSettings


class NotificationSettingsForm(forms.ModelForm):
    """A person's mail setting, on their inbox page."""

    class Meta:
        model = NotificationSettings
        fields = ["mail_enabled"]
