from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Author(models.Model):
    """A byline: a staff writer, a guest, or a wire service with no login."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=True)
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_("e.g. Political editor")
    )
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    url = models.URLField(_("website"), blank=True)
    is_organisation = models.BooleanField(
        _("is an organisation"),
        default=False,
        help_text=_("Wire services and agencies rather than people."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            # Author pages are addressed by slug, so every author has one; the
            # writers of an author (admin, desk, demo) choose it with articles.slugs.
            models.CheckConstraint(condition=~models.Q(slug=""), name="author_has_slug"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})
