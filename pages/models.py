"""The site's own pages: the corrections and ethics policies, the masthead, and the like."""

import reversion
from django.db import models
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles import markup


@reversion.register(exclude=["body_html"])
class Page(models.Model):
    """A page about the newspaper at /about/<slug>/, written in Markdown by editors."""

    class Kind(models.TextChoices):
        CORRECTIONS_POLICY = "corrections_policy", _("Corrections policy")
        ETHICS_POLICY = "ethics_policy", _("Ethics policy")
        MASTHEAD = "masthead", _("Masthead")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The page's address: /about/<slug>/."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=Kind,
        blank=True,
        help_text=_(
            "What the page is to search engines: the organisation's JSON-LD links "
            "each kind's page. At most one page of each kind."
        ),
    )
    body = models.TextField(_("body"), help_text=_("Markdown."))
    # markup.render(body), stored by render_body() at every save, never made on a read.
    body_html = models.TextField(_("body HTML"), blank=True, editable=False)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=~models.Q(kind=""),
                name="page_kind_once",
                violation_error_message=_("Another page already has this kind."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})

    @property
    def rendered_body(self):
        """The body as HTML: markup.render()'s output, stored when the body was saved."""
        return mark_safe(self.body_html)  # noqa: S308 - sanitised by markup.render.


def render_body(sender, instance, raw, update_fields, **kwargs):
    """pre_save receiver: store the body's HTML (``markup.render``) whenever the body is saved."""
    if update_fields is None or "body" in update_fields:
        instance.body_html = markup.render(instance.body)


def policy_urls():
    """``{kind: path}`` for every page that has a kind, in one query."""
    return {
        kind: reverse("pages:detail", kwargs={"slug": slug})
        for kind, slug in Page.objects.exclude(kind="").values_list("kind", "slug")
    }
