"""Pages for the people who write and edit: signed in, their own pieces only."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from ..models import Article


class DeskArticleMixin(LoginRequiredMixin):
    """Another reporter's piece is a 404, not a 403: its existence is not shown."""

    def get_queryset(self):
        return Article.objects.for_desk(self.request.user).for_listing()


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(DeskArticleMixin, DetailView):
    """The piece exactly as readers will see it, marked as a preview and kept out of indexes."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("corrections")

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
