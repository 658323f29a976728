from django.conf import settings

from .models import Section


def site(request):
    """The site's name and its sections, for the header and footer of every page."""
    return {"newspaper_name": settings.SITE_NAME, "nav_sections": Section.objects.all()}
