"""Forms shared by the admin and the desk."""

import hashlib
import json
import logging

from crispy_forms.bootstrap import FormActions, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from authors.models import Author

from . import images
from .models import Article, Byline, Tag

logger = logging.getLogger(__name__)


def formfield_for(db_field, **kwargs):
    """ModelForm field factory: a URL typed without a scheme is taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class HeroImageField(forms.FileField):
    """An upload checked by ``images.validate_image`` and stored cleaned (no EXIF, upright)."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def __init__(self, *, max_length=None, **kwargs):
        # The stored name is ours (images.clean_image): the length of the
        # name the file had on the reporter's computer does not matter.
        super().__init__(**kwargs)

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


# Only unpublished work is saved in the background: a published piece changes
# for readers only when someone clicks Save.
AUTOSAVED_STATES = {Article.State.DRAFT, Article.State.CHANGES_REQUESTED}


def version_field():
    return forms.CharField(widget=forms.HiddenInput, required=False)


STORAGE_FAILED = _(
    "The image could not be stored: the server’s file storage is full or unavailable. "
    "The rest of the piece has been saved; add the image again later."
)


def store_hero_image(article):
    """Write a newly uploaded hero image to storage before the piece itself is saved.

    Returns ``None`` when there was nothing new to store or it was stored. When
    the storage refuses (disk full, object store unreachable), the piece keeps
    the image it had, and the message to show is returned: the text can still
    be saved, and nothing has been written to the database yet.
    """
    image = article.hero_image
    if not image or image._committed:
        return None
    try:
        image.save(image.name, image.file, save=False)
    except OSError:
        logger.exception("Could not store the hero image of article %s.", article.pk)
        if article.pk:
            article.refresh_from_db(fields=["hero_image", "hero_width", "hero_height"])
        else:
            article.hero_image = ""
        return STORAGE_FAILED
    return None


class VersionCheckMixin:
    """Optimistic locking: refuse a save that would overwrite someone else's newer save.

    The form declares a hidden ``edited_version = version_field()`` and calls
    ``set_version()`` at the end of ``__init__``. It carries the version the
    user started from and a fingerprint of each field they were shown. If the
    piece was saved since and a field this form shows changed, the save is
    refused naming who saved and what they changed; the user's text stays in
    the form. A workflow step in between changes no field here and refuses nothing.

    The check reads the piece as saved now, with its row locked, so validate
    and save in one transaction (the admin's change view and the desk's edit
    view do): of two saves at the same moment, the second waits for the first
    and is then checked against it, never silently overwriting it.
    """

    def set_version(self):
        """Remember the version and field values this form was opened with."""
        self.fields["edited_version"].initial = json.dumps(
            {"version": self.instance.version, "fields": self._fingerprints()}
        )

    def _fingerprints(self, article=None):
        article = self.instance if article is None else article
        prints = {}
        for name in self.fields:
            try:
                field = article._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if article.pk is None:
                continue
            if field.many_to_many:
                value = sorted(getattr(article, name).values_list("pk", flat=True))
            else:
                value = field.value_from_object(article)
                value = getattr(value, "name", value)
            prints[name] = hashlib.sha256(repr(value).encode()).hexdigest()[:16]
        return prints

    def clean(self):
        cleaned = super().clean()
        try:
            started = json.loads(cleaned.get("edited_version") or "{}")
        except ValueError:
            started = {}
        saved = self._take_current() if self.instance.pk else None
        if saved is not None and started and started.get("version") != saved.version:
            current = self._fingerprints(saved)
            changed = [
                name
                for name, print_ in started.get("fields", {}).items()
                if name in current and current[name] != print_
            ]
            if changed:
                raise forms.ValidationError(self._conflict_message(changed), code="conflict")
        return cleaned

    def _take_current(self):
        """Return the piece as saved now, its row locked until this transaction ends.

        Fields this form does not show (the state, version and dates that an
        editor or the workflow changed since the page was loaded) are carried
        over onto the form's instance, so the save does not write old values back.
        """
        queryset = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            queryset = queryset.select_for_update()
        current = queryset.first()
        if current is None:
            raise forms.ValidationError(
                _("This piece was deleted after you opened it. Copy your text to keep it."),
                code="deleted",
            )
        for field in current._meta.concrete_fields:
            if field.name not in self.fields and not field.primary_key:
                setattr(self.instance, field.attname, getattr(current, field.attname))
        return current

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


class StripControlsMixin:
    """Every text a form accepts loses the control characters no reader can see.

    They would make feeds and sitemaps invalid XML. NUL is refused earlier by
    Django's own validator, with a message.
    """

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = strip_controls(value)
        return cleaned


class CleanTextModelForm(StripControlsMixin, forms.ModelForm):
    """The admin's form for sections, tags and authors: their text loses control characters too."""


class TagNamesField(forms.CharField):
    """Tags typed as comma-separated names: existing ones are picked, new ones made on save."""

    def to_python(self, value):
        names = [" ".join(strip_controls(part).split()) for part in (value or "").split(",")]
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


class ArticleDeskForm(StripControlsMixin, VersionCheckMixin, forms.ModelForm):
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
        if self.instance.pk and self.instance.state in AUTOSAVED_STATES:
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
        self.image_error = store_hero_image(article)
        if article.pk is None:
            article.created_by = self.user
        article.save()
        article.tags.set([tag_named(name) for name in self.cleaned_data["tags"]])
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


def tag_named(name):
    """Return the tag called ``name`` (in any case), made when missing.

    Two reporters adding the same new tag at the same moment get the same tag:
    the second insert fails on the unique name and reads the first one instead.
    """
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        try:
            with transaction.atomic():
                tag = Tag.objects.create(name=name)
        except IntegrityError:
            tag = Tag.objects.get(name__iexact=name)
    return tag


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
