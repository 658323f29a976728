from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.views import desk, public

urlpatterns = [
    path("robots.txt", public.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    path("accounts/login/", desk.DeskLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("articles.desk_urls")),
    path("share/<str:token>/", desk.SharedPreviewView.as_view(), name="share"),
    path("author/", include("authors.urls")),
    path("", include("articles.feed_urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
