from django.urls import path

from .views import desk, desk_pictures, wire

app_name = "desk"

urlpatterns = [
    path("", desk.DeskHomeView.as_view(), name="home"),
    path("new/", desk.ArticleCreateView.as_view(), name="new"),
    path("import/", wire.WireImportView.as_view(), name="import"),
    path("<int:pk>/edit/", desk.ArticleUpdateView.as_view(), name="edit"),
    path("<int:pk>/preview/", desk.ArticlePreviewView.as_view(), name="preview"),
    path("<int:pk>/wire/", wire.WireReviewView.as_view(), name="wire-review"),
    path("<int:pk>/wire/put-back/", wire.WirePutBackView.as_view(), name="wire-put-back"),
    path("pictures/", desk_pictures.PictureLibraryView.as_view(), name="pictures"),
]
