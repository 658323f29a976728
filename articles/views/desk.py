"""Pages for the people who write and edit: signed in, their own pieces only."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from ..models import Article, ShareLink


class DeskArticleMixin(LoginRequiredMixin):
    """Another reporter's piece is a 404, not a 403: its existence is not shown."""

    def get_queryset(self):
        return Article.objects.for_desk(self.request.user).for_listing()


class PreviewMixin:
    """The piece exactly as readers will see it, marked as a preview and kept out of indexes."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PreviewMixin, DeskArticleMixin, DetailView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("corrections")


@method_decorator(never_cache, name="dispatch")
class SharedPreviewView(PreviewMixin, DetailView):
    """A preview for someone without an account (a source, a lawyer), through a share link."""

    def get(self, request, *args, **kwargs):
        link = get_object_or_404(ShareLink, token=kwargs["token"], revoked=False)
        if link.is_expired:
            # The link existed and has run out (RFC 9110 §15.5.11).
            return TemplateResponse(request, "410.html", {"expired_link": True}, status=410)
        self.object = get_object_or_404(
            Article.objects.for_listing().prefetch_related("corrections"), pk=link.article_id
        )
        return self.render_to_response(self.get_context_data(object=self.object))
