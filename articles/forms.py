"""The forms reporters and editors fill in, and the checks every article form makes before saving."""

from crispy_forms.bootstrap import FormActions, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from authors.models import Author
from pictures import images

from . import editing, workflow
from .fields import (
    INSTANT_INPUT_FORMATS,
    LABELS,
    HeroImageField,
    LibraryPictureField,
    TagNamesField,
    formfield_for,
    instant_widget,
    version_field,
)
from .models import CONTENT_FIELDS, Article
from .text import CleanInputMixin


class TransitionForm(CleanInputMixin, forms.Form):
    """The note, public reason and schedule that go with a workflow button (admin and desk)."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “Request changes” and “Withdraw”; the reporter reads it."),
    )
    public_reason = forms.CharField(
        label=_("Reason shown to readers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for “Withdraw”; the piece's address shows it to everyone."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=instant_widget(),
        input_formats=INSTANT_INPUT_FORMATS,
        help_text=_("Empty publishes now; a future time schedules the piece (site time zone)."),
    )


class DecodeUploadsMixin:
    """New pictures are decoded (the slow step) only once every other check of the form passed."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self.decode_uploads(cleaned)
        return cleaned

    def decode_uploads(self, cleaned):
        """Decode and clean each new picture: the slow step, after every cheap check passed."""
        for name, value in list(cleaned.items()):
            if isinstance(value, UploadedFile) and isinstance(self.fields[name], HeroImageField):
                try:
                    cleaned[name] = images.clean_image(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)


class VersionCheckMixin(DecodeUploadsMixin):
    """Optimistic locking: refuse a save that would overwrite someone else's newer save.

    The form declares a hidden ``edited_version = version_field()`` and calls
    ``set_version()`` at the end of ``__init__``. It carries the version the
    user started from and a fingerprint of each field they were shown. If the
    piece was saved since and a field this form shows changed, the save is
    refused naming who saved and what they changed; the user's text stays in
    the form. A workflow step in between changes no field here and refuses nothing.

    ``clean()`` keeps the order ``articles.editing`` describes: the fields'
    cheap checks, then the slow decoding of new pictures, then the row lock
    and, under it, ``check_under_lock()`` and the version check. Validate and
    save in one transaction (the admin's change view and the desk's edit view
    do): of two saves at the same moment, the second waits for the first and
    is then checked against it, never silently overwriting it.
    """

    def set_version(self):
        """Remember the version and field values this form was opened with."""
        self.fields["edited_version"].initial = editing.version_token(self.instance, self.fields)

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.instance.pk is None:
            # Refused already: no row is locked for it.
            return cleaned
        saved = self._take_current()
        self.check_under_lock(saved)
        labels = {name: field.label for name, field in self.fields.items()}
        editing.check_version(cleaned.get("edited_version"), saved, labels)
        return cleaned

    def check_under_lock(self, current):
        """Raise ``ValidationError`` if the save may not happen to ``current``, the locked row."""

    def _take_current(self):
        """Return the piece as saved now, its row locked until this transaction ends.

        Fields this form does not show (the state, version and dates that an
        editor or the workflow changed since the page was loaded) are carried
        over onto the form's instance, so the save does not write old values back.
        """
        current = editing.lock(self.instance)
        for field in current._meta.concrete_fields:
            if field.name not in self.fields and not field.primary_key:
                setattr(self.instance, field.attname, getattr(current, field.attname))
        return current


class HeroPictureMixin:
    """The "Hero image" upload beside the library picture: a new upload goes into the library.

    ``editing.store_hero_image`` stores it (``instance.new_hero_image``) as a
    library picture and makes it the piece's hero.
    """

    def clean(self):
        # Checked before the upload is decoded (the next step, in super().clean()).
        upload = self.cleaned_data.get("hero_image")
        if upload and not self.cleaned_data.get("hero_alt", "x").strip():
            self.add_error(
                "hero_alt",
                forms.ValidationError(
                    _("Describe the picture for readers who cannot see it."), code="required"
                ),
            )
        cleaned = super().clean()
        upload = cleaned.get("hero_image")
        if not self.errors and upload:
            self.instance.new_hero_image = upload
        return cleaned


def hero_image_field():
    return HeroImageField(
        label=_("Hero image"),
        required=False,
        help_text=_("A new picture: it goes into the picture library and becomes the hero."),
    )


HERO_PICTURE_HELP = _(
    "Or the number of a picture already in the library; empty the field to remove the hero."
)


class CleanTextModelForm(CleanInputMixin, DecodeUploadsMixin, forms.ModelForm):
    """The admin's form for sections, tags and authors: their text loses control characters too."""


class ArticleDeskForm(CleanInputMixin, HeroPictureMixin, VersionCheckMixin, forms.ModelForm):
    """What a reporter may set on a piece. State, byline owner, creator and version are not here."""

    hero_image = hero_image_field()

    tags = TagNamesField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas; new ones are created for you."),
    )
    coauthors = forms.ModelMultipleChoiceField(
        label=_("Co-authors"),
        queryset=Author.objects.none(),
        required=False,
        help_text=_("Others on the byline, after you."),
    )
    edited_version = version_field()

    class Meta:
        model = Article
        # The address is the editors' to choose; reporters' pieces get it from the headline.
        fields = [name for name in CONTENT_FIELDS if name != "slug"]
        field_classes = {"hero_picture": LibraryPictureField}
        formfield_callback = formfield_for
        labels = LABELS
        help_texts = {"hero_picture": HERO_PICTURE_HELP}
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 18, "data-word-count": "true"}),
            "take_down_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, autosave=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.autosave = autosave
        own = Author.objects.filter(user=user)
        self.fields["coauthors"].queryset = Author.objects.exclude(pk__in=own)
        if self.instance.pk:
            self.initial["tags"] = [t.name for t in self.instance.tags.all()]
            self.initial["coauthors"] = [
                b.author_id for b in self.instance.bylines.all() if b.author.user_id != user.pk
            ]
        if self.instance.hero_picture_id:
            self.fields["hero_picture"].help_text = format_lazy(
                "{} {}", _("Now: %s.") % self.instance.hero_picture, HERO_PICTURE_HELP
            )
        self.fields["body"].help_text = _(
            "Markdown: a blank line between paragraphs; ## Crosshead; *italic*, **bold**; "
            "[link text](https://…); > quotation; - list item. Pull quotes, fact boxes, "
            "embeds and pictures: see “Body syntax” below."
        )
        self.set_version()
        self.helper = self.build_helper()

    def build_helper(self):
        helper = FormHelper()
        helper.form_id = "article-form"
        helper.attrs = {"data-local-copy": f"article-{self.instance.pk or 'new'}-{self.user.pk}"}
        if self.instance.pk and self.instance.state in workflow.AUTOSAVED_STATES:
            # desk.js saves drafts in the background every minute while the reporter types.
            helper.attrs["data-autosave"] = "true"
        helper.layout = Layout(
            Fieldset(
                _("The piece"),
                "headline",
                "standfirst",
                "body",
                HTML(
                    '<p class="form-text" id="body-count" aria-live="polite" '
                    'data-word-count-for="id_body"></p>'
                ),
                HTML(picture_help()),
                HTML('{% include "desk/includes/body_syntax.html" %}'),
                "section",
                "tags",
                "coauthors",
            ),
            Fieldset(
                _("Hero image"),
                "hero_image",
                "hero_picture",
                "hero_alt",
                "hero_caption",
                "hero_credit",
            ),
            Fieldset(_("Source"), "source_name", "source_url", "licence"),
            Fieldset(_("Time controls"), "embargo_until", "take_down_at", "take_down_note"),
            "edited_version",
            FormActions(
                StrictButton(
                    _("Save"), type="submit", name="action", value="save", css_class="btn-primary"
                ),
                StrictButton(
                    _("Preview"),
                    type="submit",
                    name="action",
                    value="preview",
                    css_class="btn-outline-secondary",
                ),
                StrictButton(
                    _("Submit for review"),
                    type="submit",
                    name="action",
                    value="submit",
                    css_class="btn-success",
                ),
                css_class="d-flex flex-wrap gap-2 sticky-actions",
            ),
        )
        return helper

    def check_under_lock(self, current):
        editing.check_may_save(current, self.user, autosave=self.autosave)


def picture_help():
    """The body field's "Insert picture" button (shown by picture-picker.js), and the library."""
    return format_html(
        '<div class="mb-3"><button type="button" class="btn btn-sm btn-outline-secondary" '
        'id="insert-picture" aria-haspopup="dialog" hidden>{}</button>'
        '<p class="form-text mb-0">{} <a href="{}">{}</a>.</p></div>',
        _("Insert picture"),
        _("Find pictures, and the line that places each, in the"),
        reverse("desk:pictures"),
        _("picture library"),
    )


class WireImportForm(forms.Form):
    wire_copy = forms.CharField(
        label=_("Wire copy"),
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=200_000,
        help_text=_(
            "Paste the agency text as it came. You will review the draft before anything happens."
        ),
    )
