"""What is recorded about an article: workflow events, corrections, old addresses, share links."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import CorrectionQuerySet
from .article import Article


class WorkflowEvent(models.Model):
    """One transition of an article: who took it, when, from which state to which, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(_("transition"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, choices=Article.State)
    to_state = models.CharField(_("to"), max_length=20, choices=Article.State)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    public_reason = models.TextField(
        _("Reason shown to readers"),
        blank=True,
        help_text=_("For Withdraw: the page at the piece's address shows it."),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class Correction(models.Model):
    """A public, dated note appended to a published article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        """The correction under its piece: the piece's address and the correction's anchor."""
        url = self.article.get_absolute_url()
        return f"{url}#correction-{self.pk}" if url else None


class ArticleRedirect(models.Model):
    """A slug a published piece used to have; its old address answers 301 to the current one."""

    old_slug = models.SlugField(_("old slug"), max_length=200, unique=True, allow_unicode=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.old_slug


def share_token():
    return secrets.token_urlsafe(32)


def share_expiry():
    return timezone.now() + datetime.timedelta(hours=48)


class ShareLink(models.Model):
    """An unguessable, expiring, revocable address that shows a piece's preview without an account."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=share_token, editable=False)
    expires_at = models.DateTimeField(_("expires at"), default=share_expiry)
    revoked = models.BooleanField(_("revoked"), default=False)
    shows_embargoed = models.BooleanField(
        _("may show embargoed copy"),
        default=False,
        help_text=_("Without this, the link shows nothing while the piece is under embargo."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return self.get_absolute_url()

    def get_absolute_url(self):
        return reverse("share", kwargs={"token": self.token})

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()
