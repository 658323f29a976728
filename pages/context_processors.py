import functools

from .models import Page, policy_urls

# The schema.org property of NewsMediaOrganization that links each kind of page.
SCHEMA_PROPERTIES = {
    Page.Kind.CORRECTIONS_POLICY: "correctionsPolicy",
    Page.Kind.ETHICS_POLICY: "ethicsPolicy",
    Page.Kind.MASTHEAD: "masthead",
}


def organization(request):
    """``organization_links``: ``{schema.org property: path}`` of the policy pages.

    A callable, so that only a page that shows them (the organisation's
    JSON-LD, the corrections page) pays the one query, once per request.
    """

    @functools.cache
    def links():
        return {
            SCHEMA_PROPERTIES[kind]: path
            for kind, path in policy_urls().items()
            if kind in SCHEMA_PROPERTIES
        }

    return {"organization_links": links}
