from django.urls import path

from .views import public

app_name = "articles"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("search/", public.SearchView.as_view(), name="search"),
    path("corrections/", public.CorrectionListView.as_view(), name="corrections"),
    path("tag/<str:slug>/", public.TagDetailView.as_view(), name="tag"),
    path("<str:slug>/", public.SectionDetailView.as_view(), name="section"),
    path("<str:section>/<str:slug>/", public.ArticleDetailView.as_view(), name="detail"),
]
