from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.views import desk, public
from ops import health, media

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", public.robots_txt, name="robots_txt"),
    # Before the admin's own URLs: the story budget is /admin/articles/budget/.
    path("", include("planning.urls")),
    path("admin/", admin.site.urls),
    path("accounts/login/", desk.DeskLoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        desk.DeskPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("articles.desk_urls")),
    path("inbox/", include("discussion.urls")),
    path("discussion/", include("discussion.comment_urls")),
    path("share/<str:token>/", desk.SharedPreviewView.as_view(), name="share"),
    path("author/", include("articles.author_urls")),
    path("about/", include("pages.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("articles.feed_urls")),
    path("", include("articles.urls")),
]

# Uploaded images, answered only when the application serves media itself
# (SERVE_MEDIA); otherwise nginx or object storage does and this is a 404.
urlpatterns = [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve_media, name="media"),
    *urlpatterns,
]
