"""What a wire import pasted and where each line went, kept for the review screen."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Article


class WireImport(models.Model):
    """One paste of wire copy into a new draft: the copy as read, each line's place, and the
    lines left out of the body that have not been put back yet."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="wire_imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    # [role, text] for every line read (``wire.WireDraft.lines``).
    lines = models.JSONField(_("lines"), default=list)
    left_out = models.JSONField(_("left out of the body"), default=list)
    # What the importer says about the draft: the suggested byline, fields cut to fit.
    notes = models.JSONField(_("notes"), default=list)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("wire import")
        verbose_name_plural = _("wire imports")

    def __str__(self):
        return str(_("Wire copy of %(article)s") % {"article": self.article})
