"""The OpenAPI schema and the browsable docs, from our own static files.

The docs are Swagger UI from drf-spectacular-sidecar (no CDN), in
drf-spectacular's "split" form: the page loads its start-up script from its
own address (``?script``) instead of inline, so it runs under the site's
Content-Security-Policy (``script-src 'self'``, no ``unsafe-inline``) as it is.
"""

from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, as JSON only.

    One format per address: the page cache keys a response on its address,
    not on the Accept header.
    """

    renderer_classes = [OpenApiJsonRenderer]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI for the schema; its page has no inline script or style."""

    # A page, not an API: no OPTIONS metadata (its HTML renderer has no template for it).
    http_method_names = ["get", "head"]
    template_name = "api/docs.html"
    url_name = "api:schema"
    title = "Newsroom content API"
