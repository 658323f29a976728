"""API keys for partners: named, revocable, rate-limited, stored only as a hash."""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Shown before every key, so a leaked one is recognisable (and found by secret scanners).
KEY_PREFIX = "nr_"


def hash_key(key):
    """The stored form of ``key``: its SHA-256, hex.

    A key is 32 random bytes, so a fast hash is safe: there is nothing to
    guess from a dictionary, and a lookup costs one indexed query.
    """
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def for_key(self, key):
        """The active key whose secret is ``key``, or None (unknown, malformed or revoked)."""
        if not key.startswith(KEY_PREFIX) or len(key) > 100:
            return None
        return self.filter(hashed_key=hash_key(key), is_active=True).first()


class ApiKey(models.Model):
    name = models.CharField(
        _("name"), max_length=120, help_text=_("Who uses the key, e.g. “Harbour Radio app”.")
    )
    prefix = models.CharField(_("starts with"), max_length=16, editable=False)
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(6000)],
        help_text=_("Requests beyond this in any minute are answered 429 (Too Many Requests)."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick to revoke the key: it stops working at once."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def issue(self):
        """Give this key a new secret and return it: the only time the secret is known.

        Only its hash and first characters are kept; save the key afterwards.
        """
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.prefix = key[: len(KEY_PREFIX) + 6]
        self.hashed_key = hash_key(key)
        return key

    @property
    def rate(self):
        """The key's limit in Django REST framework's notation, "120/minute"."""
        return f"{self.requests_per_minute}/minute"
