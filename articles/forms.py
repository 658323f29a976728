"""Forms shared by the admin and the desk."""

import hashlib
import json

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from . import images


def formfield_for(db_field, **kwargs):
    """ModelForm field factory: a URL typed without a scheme is taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class HeroImageField(forms.FileField):
    """An upload checked by ``images.validate_image`` and stored cleaned (no EXIF, upright)."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            images.validate_image(value)
            return images.clean_image(value)
        return value


class TransitionForm(forms.Form):
    """The note and schedule that go with a workflow button (admin and desk)."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “Request changes” and “Withdraw”; the reporter reads it."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        help_text=_("Empty publishes now; a future time schedules the piece (site time zone)."),
    )


def version_field():
    return forms.CharField(widget=forms.HiddenInput, required=False)


class VersionCheckMixin:
    """Optimistic locking: refuse a save that would overwrite someone else's newer save.

    The form declares a hidden ``edited_version = version_field()`` and calls
    ``set_version()`` at the end of ``__init__``. It carries the version the
    user started from and a fingerprint of each field they were shown. If the
    piece was saved since and a field this form shows changed, the save is
    refused naming who saved and what they changed; the user's text stays in
    the form. A workflow step in between changes no field here and refuses nothing.
    """

    def set_version(self):
        """Remember the version and field values this form was opened with."""
        self.fields["edited_version"].initial = json.dumps(
            {"version": self.instance.version, "fields": self._fingerprints()}
        )

    def _fingerprints(self):
        prints = {}
        for name in self.fields:
            try:
                field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if self.instance.pk is None:
                continue
            if field.many_to_many:
                value = sorted(getattr(self.instance, name).values_list("pk", flat=True))
            else:
                value = field.value_from_object(self.instance)
                value = getattr(value, "name", value)
            prints[name] = hashlib.sha256(repr(value).encode()).hexdigest()[:16]
        return prints

    def clean(self):
        cleaned = super().clean()
        try:
            started = json.loads(cleaned.get("edited_version") or "{}")
        except ValueError:
            started = {}
        if self.instance.pk and started and started.get("version") != self.instance.version:
            current = self._fingerprints()
            changed = [
                name
                for name, print_ in started.get("fields", {}).items()
                if name in current and current[name] != print_
            ]
            if changed:
                raise forms.ValidationError(self._conflict_message(changed), code="conflict")
        return cleaned

    def _conflict_message(self, changed):
        from .revisions import last_saved_by

        user, when = last_saved_by(self.instance)
        who = (user.get_full_name() or user.get_username()) if user else _("Someone else")
        when = when or self.instance.modified_at
        labels = ", ".join(str(self.fields[name].label) for name in changed)
        return _(
            "%(who)s saved this piece at %(when)s, after you opened it, and changed: "
            "%(fields)s. Your text is still here and has not been saved: copy what you need, "
            "reload the page to see their version, and apply your changes again."
        ) % {
            "who": who,
            "when": date_format(localtime(when), "DATETIME_FORMAT"),
            "fields": labels,
        }
