"""Author pages, under their own namespace (``authors:detail``)."""

from django.urls import path

from .views.public import AuthorDetailView

app_name = "authors"

urlpatterns = [
    path("<str:slug>/", AuthorDetailView.as_view(), name="detail"),
]
