"""The article, its byline and the rules a body must meet."""

import uuid
from typing import NamedTuple

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import body_pictures, markup
from ..querysets import ArticleQuerySet
from ..slugs import unique_slug
from .taxonomy import Section, Tag


def hero_upload_to(instance, filename):
    """The name hero images had before the picture library (kept for old migrations)."""
    return f"heroes/{uuid.uuid4().hex}.jpg"


# What people write, as opposed to what the workflow and the save set: the
# admin's and the desk's forms edit these, and revisions are compared on them.
CONTENT_FIELDS = (
    "headline", "slug", "standfirst", "body", "section", "tags",
    "hero_picture", "hero_alt", "hero_caption", "hero_credit", "source_name", "source_url",
    "licence", "embargo_until", "take_down_at", "take_down_note",
)  # fmt: skip

# As long as the wire-copy importer's input. The desk and the admin both refuse
# a longer body through the field's validator, so no form is lost to a 500.
BODY_MAX_LENGTH = 200_000


def validate_body(value):
    """Refuse a body readers could not be shown whole: too long, or nested too deep."""
    if len(value) > BODY_MAX_LENGTH:
        raise ValidationError(
            _(
                "The body is %(length)s characters long; the limit is %(limit)s. "
                "Split the piece or shorten it."
            ),
            code="max_length",
            params={"length": f"{len(value):,}", "limit": f"{BODY_MAX_LENGTH:,}"},
        )
    body_pictures.validate(value, markup.render)
    if markup.too_deep(value):
        raise ValidationError(
            _(
                "Lists or quotations in the body are nested so deep that readers would not "
                "see all of it (lists go at most 9 levels deep). Nest them less deeply."
            ),
            code="too_deep",
        )


class Hero(NamedTuple):
    """A piece's hero picture with the words shown beside it on this piece."""

    picture: object
    alt: str
    caption: str
    credit: str


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# body_html is made from the body on every save, a restore included: revisions keep only the body.
@reversion.register(follow=["bylines"], exclude=["body_html", "body_pictures"])
class Article(models.Model):
    State = ArticleState

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("The last part of the address. Made from the headline when left empty."),
    )
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences under the headline.")
    )
    body = models.TextField(
        _("body"), blank=True, help_text=_("Markdown."), validators=[validate_body]
    )
    # markup.render(body), stored by editing.render_body() at every save, never made on a read.
    body_html = models.TextField(_("body HTML"), blank=True, editable=False)
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    authors = models.ManyToManyField(
        "authors.Author",
        verbose_name=_("authors"),
        through="Byline",
        related_name="articles",
        blank=True,
    )

    # A library picture; the piece's alt text, caption and credit, when given,
    # override the picture's own for this piece only.
    hero_picture = models.ForeignKey(
        "pictures.Picture",
        verbose_name=_("library picture"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of",
    )
    hero_alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    hero_caption = models.CharField(_("caption"), max_length=300, blank=True)
    hero_credit = models.CharField(_("credit"), max_length=120, blank=True)
    # The library pictures the body places, kept by editing.render_body at every save
    # ("Where used", refreshing bodies when a picture changes, deleting a picture in use).
    body_pictures = models.ManyToManyField(
        "pictures.Picture",
        verbose_name=_("pictures in the body"),
        blank=True,
        editable=False,
        related_name="in_bodies",
    )

    source_name = models.CharField(
        _("source name"), max_length=120, blank=True, help_text=_("e.g. Reuters, Stern")
    )
    source_url = models.URLField(
        _("source URL"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    licence = models.CharField(
        _("licence"),
        max_length=200,
        blank=True,
        help_text=_(
            "For syndicated copy, shown under the body: “© Harbour Press, used with permission”."
        ),
    )

    state = models.CharField(
        _("state"), max_length=20, choices=State, default=State.DRAFT, editable=False, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish now; a future time schedules the piece."),
    )
    # Time controls: each takes effect at its instant through published()
    # itself, never through a scheduled job.
    embargo_until = models.DateTimeField(
        _("Embargo until"),
        null=True,
        blank=True,
        help_text=_("Public nowhere before this time, whatever the publish time says."),
    )
    take_down_at = models.DateTimeField(
        _("Take down at"),
        null=True,
        blank=True,
        help_text=_("At this time the piece leaves the site and its address answers 410."),
    )
    take_down_note = models.TextField(
        _("take-down note"),
        blank=True,
        help_text=_("Shown to readers at the piece's address once it is taken down."),
    )
    first_published_at = models.DateTimeField(
        _("first published at"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(
        _("updated at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Shown to readers as “Updated” when an editor marks a change as an update."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="created_articles",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("submit_article", _("Can submit a piece for review")),
            ("review_article", _("Can review pieces and request changes")),
            ("publish_article", _("Can publish, schedule and withdraw pieces")),
            ("change_any_article", _("Can edit every piece, whoever wrote it")),
        ]
        indexes = [
            models.Index(fields=["state", "publish_at"], name="article_state_publish_at"),
            # The page cache's next expiry reads the nearest of each time control.
            models.Index(fields=["state", "embargo_until"], name="article_state_embargo"),
            models.Index(fields=["state", "take_down_at"], name="article_state_take_down"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ArticleState.values),
                name="article_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state=ArticleState.PUBLISHED)
                | (Q(publish_at__isnull=False) & Q(first_published_at__isnull=False)),
                name="article_published_has_dates",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="article_version_positive"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        from .records import ArticleRedirect

        if not self.slug:
            self.slug = unique_slug(
                Article,
                self.headline,
                instance=self,
                reserved=[(ArticleRedirect.objects.all(), "old_slug")],
            )
        # Every save is a new version: the desk and admin refuse a save made
        # from an older one (optimistic locking, see DESIGN "Safety").
        if self.pk:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "modified_at"}
                if "body" in update_fields:
                    kwargs["update_fields"].add("body_html")
        super().save(*args, **kwargs)
        self._remember_old_slug()

    def get_absolute_url(self):
        """The public address, /<section>/<slug>/; None until the piece has a section."""
        if self.section_id is None:
            return None
        return reverse("articles:detail", kwargs={"section": self.section.slug, "slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    def _remember_old_slug(self):
        """Keep a published piece's old slug so its old address answers 301.

        A change of section needs no record: the slug alone finds the piece.
        """
        from .records import ArticleRedirect

        old_slug = getattr(self, "_loaded_slug", None)
        self._loaded_slug = self.slug
        ArticleRedirect.objects.filter(old_slug=self.slug).delete()
        if old_slug and old_slug != self.slug and self.first_published_at:
            ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})

    @property
    def is_scheduled(self):
        """Published but not live yet: waiting for its publish time or its embargo's end."""
        if self.state != self.State.PUBLISHED or self.is_taken_down:
            return False
        now = timezone.now()
        return (self.publish_at is not None and self.publish_at > now) or self.is_embargoed

    @property
    def is_embargoed(self):
        """True while the piece's embargo lasts: it is public nowhere before ``embargo_until``."""
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def is_taken_down(self):
        """True once a published piece's take-down time has passed (see ``taken_down()``)."""
        return (
            self.state == self.State.PUBLISHED
            and self.take_down_at is not None
            and self.take_down_at <= timezone.now()
        )

    def status_label(self):
        """The state as the desk and the review queue show it, with the time that governs it.

        "Taken down 3 March 2027, 00:01", "Embargoed until …" (after the state
        of an unpublished piece: "Draft · Embargoed until …"), "Scheduled for …",
        else the state's name.
        """
        if self.is_taken_down:
            return _("Taken down %(when)s") % {"when": _minute(self.take_down_at)}
        state = self.get_state_display()
        if self.is_embargoed and self.state != self.State.WITHDRAWN:
            embargo = _("Embargoed until %(when)s") % {"when": _minute(self.embargo_until)}
            return embargo if self.state == self.State.PUBLISHED else f"{state} · {embargo}"
        if self.is_scheduled:
            return _("Scheduled for %(when)s") % {"when": _minute(self.publish_at)}
        return state

    @property
    def rendered_body(self):
        """The body as HTML for templates: markup.render()'s output, stored when the body was saved.

        A picture whose "Usable until" has passed is left out from that instant.
        """
        html = body_pictures.without_expired(self.body_html, timezone.now())
        return mark_safe(html)  # noqa: S308 - sanitised by markup.render, see body_html.

    @property
    def hero(self):
        """The hero as readers see it (``Hero``), or None: no picture, or its rights ran out."""
        picture = self.hero_picture
        if picture is None or not picture.is_usable():
            return None
        return Hero(
            picture,
            self.hero_alt or picture.alt,
            self.hero_caption or picture.caption,
            self.hero_credit or picture.credit,
        )

    def byline_authors(self):
        """Authors in byline order, using prefetched bylines when present."""
        return [byline.author for byline in self.bylines.all()]

    def byline_names(self):
        """The byline as plain text, "Ines Vogel, Sam Okafor" (feeds, admin, desk lists)."""
        return ", ".join(author.name for author in self.byline_authors())

    def last_changed_at(self):
        """When readers last saw the piece change: the later of its "Updated" time and its
        newest correction's date, or None when it has neither.

        Computed rather than stored, so adding or deleting a correction needs no
        second write. Uses prefetched corrections when present.
        """
        times = [self.updated_at, *(c.created_at for c in self.corrections.all())]
        return max((t for t in times if t is not None), default=None)

    def word_count(self):
        return len(self.body.split())

    def reading_minutes(self):
        """Minutes an average reader (about 230 words a minute) needs; at least one."""
        return max(1, round(self.word_count() / 230))


def _minute(when):
    """``when`` in the site's time zone to the minute, "3 March 2027, 00:01"."""
    return date_format(timezone.localtime(when), "j F Y, H:i")


@reversion.register()
class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        "authors.Author", verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_author_once")
        ]

    def __str__(self):
        return str(self.author)
