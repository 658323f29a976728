from django.urls import path

from .views import desk, desk_pictures

app_name = "desk"

urlpatterns = [
    path("", desk.DeskHomeView.as_view(), name="home"),
    path("new/", desk.ArticleCreateView.as_view(), name="new"),
    path("import/", desk.WireImportView.as_view(), name="import"),
    path("<int:pk>/edit/", desk.ArticleUpdateView.as_view(), name="edit"),
    path("<int:pk>/preview/", desk.ArticlePreviewView.as_view(), name="preview"),
    path("pictures/", desk_pictures.PictureLibraryView.as_view(), name="pictures"),
]
