from django.urls import path

from . import docs, views

app_name = "api"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path(
        "articles/<str:section>/<str:slug>/",
        views.ArticleByAddressView.as_view(),
        name="article-by-address",
    ),
    path("sections/", views.SectionListView.as_view(), name="section-list"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("authors/", views.AuthorListView.as_view(), name="author-list"),
    path("corrections/", views.CorrectionListView.as_view(), name="correction-list"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
]
