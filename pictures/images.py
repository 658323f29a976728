"""Pictures: checked once on upload, cleaned, rendered at several widths and cropped.

An upload is checked in two steps. ``validate_image()`` reads only the file's
header (cheap: it runs with the form's other fields); ``clean_image()`` decodes
the pixels (slow, and the only step that needs memory in proportion to the
picture), so a form decodes it only once everything else is valid. Decoding
is bounded: a JPEG is decoded at a reduced scale, and PNG and WebP, which
cannot be, have a lower pixel limit.

Readers never wait for an image to be resized: ``make_renditions()`` runs when
the image is saved, and pages only read ``Picture.renditions``; ``make_crops()``
cuts the aspect ratios readers' platforms ask for around the focal point.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 15 * 1024 * 1024
# Megapixels per format. A JPEG of 40 MP (a full-frame camera) is decoded at a
# half or a quarter of its size (JPEG's own reduced decoding); PNG and WebP are
# decoded whole, at 4 bytes a pixel, so their limit is lower.
MAX_MEGAPIXELS = {"JPEG": 40, "PNG": 16, "WEBP": 16}
# The longest side of the picture we keep: above the widest rendition, so
# every rendition is a reduction, and small enough to decode again cheaply.
STORED_MAX_SIDE = 2400
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))


def validate_image(upload):
    """Check, from its header, that an upload is a JPEG, PNG or WebP image within the limits.

    Returns the Pillow format name. Raises ``ValidationError`` with a message
    the uploader can act on: too large, not an image of an accepted type, or
    too many pixels for its format (decompression bombs). No pixel is decoded
    here: ``clean_image()`` does that, and finds damage that only shows then.
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
            limit = MAX_MEGAPIXELS[image.format]
            if width * height > limit * 1_000_000:
                raise ValidationError(
                    _(
                        "The image is %(w)s × %(h)s pixels; the limit for %(format)s is "
                        "%(limit)s megapixels. Save a photograph as JPEG, or make it smaller."
                    ),
                    code="too_many_pixels",
                    params={"w": width, "h": height, "format": image.format, "limit": limit},
                )
            image.verify()
            image_format = image.format
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("The image has too many pixels to be safe to open."), code="too_many_pixels"
        ) from exc
    except Exception as exc:  # Pillow raises many types for damaged or foreign files.
        raise _damaged() from exc
    finally:
        upload.seek(0)
    return image_format


def clean_image(upload):
    """Decode a checked upload; return it as a ``ContentFile`` JPEG of at most ``STORED_MAX_SIDE``.

    Upright, without EXIF, XMP or comments, under our own random name. Call
    ``validate_image()`` first. Raises ``ValidationError`` when the pixels
    cannot be decoded (a truncated or corrupt file).
    """
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            # JPEG decodes straight to a reduced scale (1/2, 1/4, 1/8) that is
            # still at least as wide as the widest rendition; other formats ignore this.
            widest = max(RENDITION_WIDTHS)
            image.draft("RGB", (widest, widest))
            image.load()
            if image.mode == "P":
                image = image.convert("RGBA")
            ImageOps.exif_transpose(image, in_place=True)
            image.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
            image = _flatten(image)
            # Pillow carries comments and XMP over from the original; only the
            # colour profile is worth keeping.
            image.info = {k: v for k, v in image.info.items() if k == "icc_profile"}
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    except Exception as exc:  # Pillow raises many types for damaged files.
        raise _damaged() from exc
    finally:
        upload.seek(0)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def _damaged():
    return ValidationError(
        _("This file is not a JPEG, PNG or WebP image, or it is damaged."), code="invalid_image"
    )


def make_renditions(stored_name, storage=default_storage):
    """Write the smaller widths of a stored image in WebP and JPEG.

    Returns a list of ``{"width", "height", "format", "type", "name", "bytes"}`` dicts,
    smallest first, for ``Picture.renditions``. Uses the storage API only,
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


# The aspect ratios made at upload (name, width, height, output width):
# Google's Article guidance asks for 16:9, 4:3 and 1:1 images at least 1200
# px wide; Open Graph's large card is 1200 × 630.
CROPS = (("16x9", 16, 9, 1200), ("4x3", 4, 3, 1200), ("1x1", 1, 1, 1200), ("og", 40, 21, 1200))


def crop_box(width, height, ratio_w, ratio_h, focal_x=0.5, focal_y=0.5):
    """The largest ``ratio_w:ratio_h`` box inside a ``width`` × ``height`` picture, around the focus.

    ``focal_x`` and ``focal_y`` are fractions of the width and height (0 to 1).
    The box is centred on the focal point as far as the edges allow, so the
    point is always inside it. Returns ``(left, top, right, bottom)`` in pixels.
    """
    crop_w = min(width, round(height * ratio_w / ratio_h))
    crop_h = min(height, round(crop_w * ratio_h / ratio_w))
    fx = min(max(focal_x, 0.0), 1.0) * width
    fy = min(max(focal_y, 0.0), 1.0) * height
    left = round(min(max(fx - crop_w / 2, 0), width - crop_w))
    top = round(min(max(fy - crop_h / 2, 0), height - crop_h))
    return left, top, left + crop_w, top + crop_h


def make_crops(stored_name, focal_x=0.5, focal_y=0.5, storage=default_storage):
    """Write a JPEG of each ratio in ``CROPS``, cut around the focal point.

    Returns ``{name: {"width", "height", "format", "type", "name", "bytes"}}``
    for ``Picture.crops``. A crop is as wide as its output width where the
    original allows, never enlarged.
    """
    crops = {}
    with storage.open(stored_name, "rb") as handle, Image.open(handle) as original:
        original = _flatten(original)
        base = stored_name.rsplit(".", 1)[0]
        for name, ratio_w, ratio_h, out_width in CROPS:
            box = crop_box(original.width, original.height, ratio_w, ratio_h, focal_x, focal_y)
            cropped = original.crop(box)
            if cropped.width > out_width:
                size = (out_width, round(out_width * ratio_h / ratio_w))
                cropped = cropped.resize(size, Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            cropped.save(buffer, "JPEG", quality=82, optimize=True)
            stored = storage.save(f"{base}-{name}.jpg", ContentFile(buffer.getvalue()))
            crops[name] = {
                "width": cropped.width,
                "height": cropped.height,
                "format": "jpg",
                "type": "image/jpeg",
                "name": stored,
                "bytes": buffer.getbuffer().nbytes,
                "box": list(box),
            }
    return crops


def _flatten(image):
    """RGB for JPEG/WebP output; transparency goes onto white."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")
