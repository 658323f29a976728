from django.urls import path

from .views import desk

app_name = "desk"

urlpatterns = [
    path("<int:pk>/preview/", desk.ArticlePreviewView.as_view(), name="preview"),
]
