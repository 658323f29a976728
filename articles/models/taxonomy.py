"""Sections and tags: how the paper sorts its pieces."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..slugs import readable_slug, unique_slug

# Section pages live at /<slug>/, beside these addresses.
RESERVED_SECTION_SLUGS = frozenset(
    {"admin", "accounts", "author", "desk", "feeds", "media", "preview", "search", "share"}
    | {"sitemap.xml", "robots.txt", "static", "tag", "corrections", "about"}
)


def validate_section_slug(value):
    if value in RESERVED_SECTION_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is taken by another part of the site; choose another slug."),
            code="reserved",
            params={"slug": value},
        )


class Section(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        allow_unicode=True,
        validators=[validate_section_slug],
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Sections are listed from the lowest number.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            name = self.name
            if readable_slug(name) in RESERVED_SECTION_SLUGS:
                name = f"{name} section"
            self.slug = unique_slug(Section, name, instance=self, max_length=80)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            # "Transport" and "transport" are one topic, with one page.
            models.UniqueConstraint(
                Lower("name"),
                name="tag_name_unique_ignoring_case",
                violation_error_message=_("A tag with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Tag, self.name, instance=self, max_length=80)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})
