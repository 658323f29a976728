"""The site's URLs plus ``/_bench/floor/``: a view with no database and no template."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """The framework floor: the whole middleware stack, then a few bytes of text."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("_bench/floor/", floor, name="bench_floor"),
    path("", include("newsroom.urls")),
]
