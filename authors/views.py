from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.querysets import has_published
from articles.views.public import PAGE_SIZE, PublishedArticleMixin

from .models import Author


class AuthorDetailView(PublishedArticleMixin, ListView):
    template_name = "authors/author_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.filter(has_published("bylines__author")), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
