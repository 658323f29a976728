"""Forms shared by the admin and the desk."""

import hashlib
import json

from crispy_forms.bootstrap import FormActions, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from authors.models import Author

from . import images
from .models import Article, Byline, Tag


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


class TagNamesField(forms.CharField):
    """Tags typed as comma-separated names: existing ones are picked, new ones made on save."""

    def to_python(self, value):
        names = [" ".join(part.split()) for part in (value or "").split(",")]
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


class ArticleDeskForm(VersionCheckMixin, forms.ModelForm):
    """What a reporter may set on a piece. State, byline owner, creator and version are not here."""

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
        fields = [
            *("headline", "standfirst", "body", "section", "tags", "hero_image"),
            *("hero_alt", "hero_caption", "hero_credit", "source_name", "source_url"),
        ]
        field_classes = {"hero_image": HeroImageField}
        formfield_callback = formfield_for
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 18, "data-word-count": "true"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        own = Author.objects.filter(user=user)
        self.fields["coauthors"].queryset = Author.objects.exclude(pk__in=own)
        if self.instance.pk:
            self.initial["tags"] = [t.name for t in self.instance.tags.all()]
            self.initial["coauthors"] = [
                b.author_id for b in self.instance.bylines.all() if b.author.user_id != user.pk
            ]
        self.fields["body"].help_text = _(
            "Markdown: a blank line between paragraphs; ## Crosshead; *italic*, **bold**; "
            "[link text](https://…); > quotation; - list item."
        )
        self.set_version()
        self.helper = self.build_helper()

    def build_helper(self):
        helper = FormHelper()
        helper.form_id = "article-form"
        helper.attrs = {"data-local-copy": f"article-{self.instance.pk or 'new'}-{self.user.pk}"}
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
                "section",
                "tags",
                "coauthors",
            ),
            Fieldset(_("Hero image"), "hero_image", "hero_alt", "hero_caption", "hero_credit"),
            Fieldset(_("Source"), "source_name", "source_url"),
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

    def clean_headline(self):
        return strip_controls(self.cleaned_data["headline"])

    def clean_standfirst(self):
        return strip_controls(self.cleaned_data["standfirst"])

    def clean_body(self):
        return strip_controls(self.cleaned_data["body"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hero_image") and not (cleaned.get("hero_alt") or "").strip():
            self.add_error("hero_alt", _("Describe the picture for readers who cannot see it."))
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        article = super().save(commit=False)
        if article.pk is None:
            article.created_by = self.user
        article.save()
        tags = [
            Tag.objects.filter(name__iexact=n).first() or Tag.objects.create(name=n)
            for n in self.cleaned_data["tags"]
        ]
        article.tags.set(tags)
        self.save_byline(article)
        return article

    def save_byline(self, article):
        """The reporter first (when they are on it or it is new), then the co-authors, in order."""
        current = list(article.bylines.select_related("author"))
        lead = [b.author for b in current if b.author.user_id == self.user.pk]
        if not current or (not lead and article.created_by_id == self.user.pk):
            lead = [Author.for_user(self.user)]
        authors = [*lead, *self.cleaned_data["coauthors"]]
        article.bylines.exclude(author__in=authors).delete()
        for position, author in enumerate(authors):
            Byline.objects.update_or_create(
                article=article, author=author, defaults={"position": position}
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


_CONTROLS = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def strip_controls(text):
    """Remove control characters no reader can see (and XML feeds cannot carry)."""
    return text.translate(_CONTROLS)
