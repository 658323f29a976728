"""Hero images: checked once on upload, cleaned, and rendered at several widths.

Readers never wait for an image to be resized: ``make_renditions()`` runs when
the image is saved, and pages only read ``Article.hero_renditions``.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))


def validate_image(upload):
    """Check an uploaded file is a JPEG, PNG or WebP image within the limits.

    Returns the verified Pillow format name. Raises ``ValidationError`` with a
    message the uploader can act on: too large, not an image of an accepted
    type, damaged, or too many pixels (decompression bombs).
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is %(size)s MB; the limit is 15 MB."),
            code="too_large",
            params={"size": round(upload.size / 1024 / 1024, 1)},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="invalid_format")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The image is %(w)s × %(h)s pixels; the limit is 40 megapixels."),
                    code="too_many_pixels",
                    params={"w": width, "h": height},
                )
            image.verify()
            image_format = image.format
        # verify() checks little of a JPEG: decoding every pixel (within the
        # limit just checked) is what finds a truncated or corrupt file.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("The image has too many pixels to be safe to open."), code="too_many_pixels"
        ) from exc
    except Exception as exc:  # Pillow raises many types for damaged or foreign files.
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP image, or it is damaged."),
            code="invalid_image",
        ) from exc
    finally:
        upload.seek(0)
    return image_format


def clean_image(upload):
    """Return the upload as a ``ContentFile`` JPEG: upright, without EXIF, XMP or comments.

    Call ``validate_image()`` first. The file gets our own random name.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        image = _flatten(ImageOps.exif_transpose(image))
        # Pillow carries comments and XMP over from the original; only the
        # colour profile is worth keeping.
        image.info = {k: v for k, v in image.info.items() if k == "icc_profile"}
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def make_renditions(stored_name, storage=default_storage):
    """Write the smaller widths of a stored image in WebP and JPEG.

    Returns a list of ``{"width", "height", "format", "type", "name", "bytes"}`` dicts,
    smallest first, for ``Article.hero_renditions``. Uses the storage API only,
    so it works the same on disk and in object storage.
    """
    with storage.open(stored_name, "rb") as handle, Image.open(handle) as original:
        original = _flatten(original)
        base = stored_name.rsplit(".", 1)[0]
        renditions = []
        widths = [w for w in RENDITION_WIDTHS if w < original.width] or [original.width]
        for width in widths:
            height = round(original.height * width / original.width)
            resized = original.resize((width, height), Image.Resampling.LANCZOS)
            for extension, pillow_format, mime in RENDITION_FORMATS:
                buffer = io.BytesIO()
                resized.save(buffer, pillow_format, quality=80, optimize=True)
                name = storage.save(f"{base}-{width}.{extension}", ContentFile(buffer.getvalue()))
                renditions.append(
                    {
                        "width": width,
                        "height": height,
                        "format": extension,
                        "type": mime,
                        "name": name,
                        "bytes": buffer.getbuffer().nbytes,
                    }
                )
    return renditions


def _flatten(image):
    """RGB for JPEG/WebP output; transparency goes onto white."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")
