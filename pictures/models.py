"""The picture library: each picture stored once, with its words, rights and crops."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import images, renditions


def picture_upload_to(instance, filename):
    """Our own random name; the uploader's file name never reaches the storage."""
    return f"pictures/{uuid.uuid4().hex}.jpg"


class PictureQuerySet(models.QuerySet):
    def usable(self, when=None):
        """Pictures whose rights have not run out at ``when`` (now by default)."""
        when = when or timezone.now()
        return self.filter(models.Q(usable_until__isnull=True) | models.Q(usable_until__gt=when))

    def expired(self, when=None):
        """Pictures whose "Usable until" has passed at ``when`` (now by default)."""
        return self.filter(usable_until__lte=when or timezone.now())

    def search(self, query):
        """Pictures whose alt text, caption, credit or licence contains ``query``, or whose ID it is."""
        query = (query or "").strip()
        if not query:
            return self
        match = (
            models.Q(alt__icontains=query)
            | models.Q(caption__icontains=query)
            | models.Q(credit__icontains=query)
            | models.Q(copyright__icontains=query)
        )
        if query.isdigit():
            match |= models.Q(pk=int(query))
        return self.filter(match)


def _fraction():
    return [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Picture(models.Model):
    image = models.ImageField(
        _("image"), upload_to=picture_upload_to, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Made once, when the image or its focal point is saved, never while a reader waits.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    crops = models.JSONField(default=dict, blank=True, editable=False)
    alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    copyright = models.CharField(
        _("copyright / licence"),
        max_length=300,
        blank=True,
        help_text=_("Who owns it and on what terms we use it: “© Harbour Press, one use”."),
    )
    usable_until = models.DateTimeField(
        _("Usable until"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("After this time the picture is shown nowhere; empty means no end."),
    )
    focal_x = models.FloatField(
        _("focal point, across"),
        default=0.5,
        validators=_fraction(),
        help_text=_("0 is the left edge, 1 the right; crops keep this point."),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        default=0.5,
        validators=_fraction(),
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)

    objects = PictureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="picture_focal_point_inside",
            )
        ]

    def __str__(self):
        label = self.alt or self.caption or self.image.name
        return _("Picture %(id)s (“%(label)s”)") % {"id": self.pk, "label": label[:60]}

    def save(self, *args, **kwargs):
        """Save, making renditions for a new image and crops for a new image or focal point."""
        loaded = getattr(self, "_loaded", None)
        if self.image and not self.image._committed:
            self.image.save(self.image.name, self.image.file, save=False)
        key = self._processing_key()
        if self.image and (loaded is None or key[0] != loaded[0]):
            self.renditions = images.make_renditions(self.image.name)
        if self.image and (loaded is None or key != loaded):
            self.crops = images.make_crops(self.image.name, self.focal_x, self.focal_y)
        super().save(*args, **kwargs)
        self._loaded = key

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = instance._processing_key()
        return instance

    def _processing_key(self):
        # Read from __dict__: a deferred field must not be fetched here (from_db calls this).
        image = self.__dict__.get("image")
        return (
            getattr(image, "name", image) or "",
            self.__dict__.get("focal_x"),
            self.__dict__.get("focal_y"),
        )

    @property
    def body_line(self):
        """The line that places this picture in a body: ``![Alt](picture:12 "Caption")``."""
        alt = self.alt.replace("[", "(").replace("]", ")")
        caption = self.caption.replace('"', "”")
        title = f' "{caption}"' if caption else ""
        return f"![{alt}](picture:{self.pk}{title})"

    def is_usable(self, when=None):
        """False once "Usable until" has passed: the picture is shown nowhere after that."""
        return self.usable_until is None or self.usable_until > (when or timezone.now())

    # The one rendition chooser: every page, feed and sitemap asks these.
    def renditions_in(self, image_format="jpg", max_width=None):
        """``renditions.widths()`` of this picture."""
        return renditions.widths(self, image_format, max_width)

    def rendition(self, width=None, image_format="jpg"):
        """``renditions.closest()`` of this picture."""
        return renditions.closest(self, width, image_format)

    def share_image(self):
        """``renditions.share()`` of this picture: the 1200 × 630 crop."""
        return renditions.share(self)

    def ratio_images(self):
        """``renditions.ratios()`` of this picture: its 16:9, 4:3 and 1:1 crops."""
        return renditions.ratios(self)
