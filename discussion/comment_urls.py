from django.urls import path

from . import comment_views

app_name = "comments"

urlpatterns = [
    path("piece/<int:pk>/comment/", comment_views.post_comment, name="post"),
    path("comment/<int:pk>/resolve/", comment_views.resolve_comment, name="resolve"),
    path("share-link/<int:pk>/comments/", comment_views.link_comments, name="link"),
    path("share/<str:token>/", comment_views.guest_comment, name="guest"),
]
