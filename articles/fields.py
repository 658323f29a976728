"""Form fields the admin and the desk share: pictures, tag names, the version a form began at."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from pictures import images

from . import text

# A time is typed in the browser's own date and time picker, in the site's time zone.
INSTANT_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def instant_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


# For ModelAdmin.formfield_overrides: the admin's times are typed as the desk's are.
INSTANT_FORMFIELD = {
    "form_class": forms.DateTimeField,
    "widget": instant_widget(),
    "input_formats": INSTANT_INPUT_FORMATS,
}


# Not "…note": the transition's "Note" is the only field whose label says that.
LABELS = {"take_down_note": _("Take-down notice")}


def url_widget():
    # Text, not type="url": a refused address is shown back as it was typed, and
    # HTML allows only a valid URL in a url input's value. Phones still show
    # their address keyboard (inputmode), and the server's message explains.
    return forms.TextInput(
        attrs={"inputmode": "url", "autocapitalize": "off", "spellcheck": "false"}
    )


def formfield_for(db_field, **kwargs):
    """ModelForm field factory: a URL typed without a scheme is taken as https; times are pickers."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("widget", url_widget())
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("widget", instant_widget())
        kwargs.setdefault("input_formats", INSTANT_INPUT_FORMATS)
    return db_field.formfield(**kwargs)


class HeroImageField(forms.FileField):
    """An upload checked from its header by ``images.validate_image``.

    Its pixels are decoded (``decode_uploads``) only once the rest of the form is valid.
    """

    widget = forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def __init__(self, *, max_length=None, **kwargs):
        # The stored name is ours (images.clean_image): the length of the
        # name the file had on the reporter's computer does not matter.
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            images.validate_image(value)
        return value


class LibraryPictureField(forms.ModelChoiceField):
    """A library picture chosen by its number (the desk's library shows it on every picture)."""

    widget = forms.NumberInput(attrs={"min": 1, "step": 1})
    default_error_messages = {"invalid_choice": _("Picture %(value)s does not exist.")}

    def __init__(self, queryset=None, **kwargs):
        from pictures.models import Picture

        kwargs.pop("limit_choices_to", None)
        kwargs.pop("to_field_name", None)
        kwargs.pop("blank", None)
        super().__init__(queryset=Picture.objects.all(), **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not str(value).strip().isdigit():
            raise forms.ValidationError(
                _("Give the number of a picture in the library."), code="invalid"
            )
        return super().to_python(str(value).strip())

    def label_from_instance(self, obj):
        return str(obj)


class TagNamesField(forms.CharField):
    """Tags typed as comma-separated names: existing ones are picked, new ones made on save."""

    def to_python(self, value):
        names = [text.one_line(part) for part in (value or "").split(",")]
        seen, unique = set(), []
        for name in names:
            if name and name.lower() not in seen:
                seen.add(name.lower())
                unique.append(name[:60])
        return unique

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value


class VersionInput(forms.HiddenInput):
    """A hidden input no label points at: the admin writes a label for every field in a fieldset."""

    def id_for_label(self, id_):
        return None


def version_field():
    return forms.CharField(widget=VersionInput, required=False)
