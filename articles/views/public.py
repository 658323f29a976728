"""Pages for readers. Every one starts from ``Article.objects.published()``."""

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import DetailView, ListView

from .. import search
from ..models import Article, ArticleRedirect, Section, Tag

PAGE_SIZE = 20


class PublishedArticleMixin:
    """Readers see published pieces only, fetched in a fixed number of queries."""

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedArticleMixin, ListView):
    """The front page: the lead story, the latest pieces, then each section's newest few."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    latest_count = 13
    per_section = 3

    def get_queryset(self):
        return super().get_queryset()[: self.latest_count]

    def get_context_data(self, **kwargs):
        return super().get_context_data(by_section=self.by_section(), **kwargs)

    def by_section(self):
        """``[(section, [pieces])]`` in section order, in one query plus prefetches."""
        newest = (
            super()
            .get_queryset()
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=F("section_id"), order_by=F("publish_at").desc()
                )
            )
            .filter(rank__lte=self.per_section)
            .order_by("section__position", "section__name", "-publish_at")
        )
        groups = {}
        for article in newest:
            groups.setdefault(article.section, []).append(article)
        return list(groups.items())


class ArticleDetailView(PublishedArticleMixin, DetailView):
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        self.object = self.get_queryset().prefetch_related("corrections").filter(slug=slug).first()
        if self.object is None:
            return self.not_found(request, slug)
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            # The piece moved to another section (or its section was renamed).
            return redirect(canonical, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(related=self.related(self.object), **kwargs)

    def related(self, article, count=4):
        """Other published pieces sharing the most tags, then the same section, newest first."""
        tag_ids = [tag.pk for tag in article.tags.all()]
        return list(
            super()
            .get_queryset()
            .exclude(pk=article.pk)
            .filter(Q(tags__in=tag_ids) | Q(section=article.section_id))
            .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids)))
            .order_by("-shared", "-publish_at")[:count]
        )

    def not_found(self, request, slug):
        moved = (
            ArticleRedirect.objects.filter(old_slug=slug, article__in=Article.objects.published())
            .select_related("article__section")
            .first()
        )
        if moved is not None:
            return redirect(moved.article.get_absolute_url(), permanent=True)
        gone = Article.objects.withdrawn().filter(slug=slug).first()
        if gone is not None:
            # 410, not 404: the piece existed and was taken down (RFC 9110 §15.5.11).
            return TemplateResponse(request, "410.html", {"article": gone}, status=410)
        raise Http404("No published piece at this address.")


class SectionDetailView(PublishedArticleMixin, ListView):
    template_name = "articles/section_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagDetailView(PublishedArticleMixin, ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SearchView(PublishedArticleMixin, ListView):
    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.problem = ""
        self.section = None
        try:
            self.query = search.clean_query(self.request.GET.get("q", ""))
        except ValueError as exc:
            self.query, self.problem = "", str(exc)
            return Article.objects.none()
        if not search.has_words(self.query):
            return Article.objects.none()
        queryset = super().get_queryset()
        section_slug = self.request.GET.get("section", "")
        if section_slug:
            self.section = Section.objects.filter(slug=section_slug).first()
            queryset = queryset.filter(section=self.section)
        return queryset.search(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query, problem=self.problem, section=self.section, **kwargs
        )
        for article in context["articles"]:
            article.snippet = search.highlight(article, self.query)
        return context


def robots_txt(request):
    """Let crawlers index the public site but not the desk, admin, previews or search results."""
    lines = [
        "User-agent: *",
        *(
            f"Disallow: {path}"
            for path in ["/admin/", "/desk/", "/accounts/", "/share/", "/search/"]
        ),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
