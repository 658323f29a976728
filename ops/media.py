"""Uploaded images from MEDIA_ROOT, served by Django when ``SERVE_MEDIA`` is on.

For `make run` and `make serve` on one machine. In production nginx serves
/media/ (deploy/nginx.conf) or object storage holds the files, and this view
answers 404. Only images leave this way: whatever else might land in
MEDIA_ROOT is never served from the site's own origin.
"""

import mimetypes

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"})

# Stored names are random (pictures.models.picture_upload_to) or made unique by
# the storage, and a file is never rewritten in place: keep it for a year.
MEDIA_MAX_AGE = 365 * 24 * 60 * 60


def serve_media(request, path):
    """Return the image at ``path`` under MEDIA_ROOT with far-future caching; 404 otherwise."""
    if not settings.SERVE_MEDIA:
        raise Http404("Media files are not served by the application.")
    content_type, encoding = mimetypes.guess_type(path)
    if content_type not in IMAGE_TYPES or encoding is not None:
        raise Http404("Only images are served from media.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE, immutable=True)
    return response
