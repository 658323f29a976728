"""Pages for readers. Every one starts from ``Article.objects.published()``."""

from django.db.models import Case, Count, Q, Value, When, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import DetailView, ListView

from authors.models import Author

from .. import cache as page_cache
from .. import search, workflow
from ..models import Article, ArticleRedirect, Correction, Section, Tag
from ..origin import absolute_url
from ..querysets import has_published

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
        # The header's section list, fetched once for the menu and the page.
        sections = list(Section.objects.all())
        return super().get_context_data(
            by_section=self.by_section(sections), nav_sections=sections, **kwargs
        )

    def by_section(self, sections):
        """``[(section, [pieces])]`` in section order: each section's newest few, in one query.

        Each section's newest pieces are found through the publish-time index
        on their own, so the cost does not grow with the archive.
        """
        published = super().get_queryset()
        per_section = [
            Article.objects.filter(
                pk__in=published.filter(section=section)
                .order_by("-publish_at")
                .values("pk")[: self.per_section]
            )
            .order_by()
            .values("pk")
            for section in sections
        ]
        if not per_section:
            return []
        newest = published.filter(pk__in=per_section[0].union(*per_section[1:], all=True)).order_by(
            "section__position", "section__name", "-publish_at"
        )
        groups = {}
        for article in newest:
            groups.setdefault(article.section, []).append(article)
        return list(groups.items())


class ArticleDetailView(PublishedArticleMixin, DetailView):
    context_object_name = "article"
    related_count = 4
    related_tag_candidates = 200

    def get(self, request, *args, **kwargs):
        pieces = self.piece_and_related(kwargs["slug"])
        if not pieces:
            return self.not_found(request, kwargs["slug"])
        self.object, self.related_pieces = pieces[0], pieces[1:]
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            # The piece moved to another section (or its section was renamed).
            return redirect(canonical, permanent=True)
        prefetch_related_objects([self.object], "corrections")
        # The page shows the piece, its tags and its related pieces' cards.
        page_cache.depends_on(
            request,
            *(f"article:{piece.pk}" for piece in pieces),
            *(f"tag:{tag.pk}" for tag in self.object.tags.all()),
        )
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(related=self.related_pieces, **kwargs)

    def piece_and_related(self, slug):
        """The published piece at ``slug`` first, then its related pieces, in one query.

        Related pieces are other published pieces sharing the most tags with
        it, then the newest of its section. Candidates are found through
        indexes (the newest pieces with its tags, the section's newest few), so
        the cost does not grow with the number of pieces. Bylines and tags of them all come
        in two more queries (``for_listing``). Returns an empty list when no
        published piece has this slug.
        """
        published = Article.objects.published()
        piece = published.filter(slug=slug)
        tag_ids = Article.tags.through.objects.filter(article__in=piece).values("tag_id")
        newest_in_section = published.filter(section__in=piece.values("section_id")).order_by(
            "-publish_at"
        )[: self.related_count + 1]
        # Unordered parts: SQLite refuses ORDER BY inside a UNION.
        candidates = (
            piece.order_by()
            .values("pk")
            .union(
                # The newest pieces carrying its tags (by id, which follows time
                # closely enough): a common tag must not rank its whole archive.
                Article.objects.filter(
                    pk__in=Article.tags.through.objects.filter(tag__in=tag_ids)
                    .order_by("-article_id")
                    .values("article_id")[: self.related_tag_candidates]
                )
                .order_by()
                .values("pk"),
                Article.objects.filter(pk__in=newest_in_section.values("pk"))
                .order_by()
                .values("pk"),
            )
        )
        ranking = {
            "is_piece": Case(When(slug=slug, then=Value(1)), default=Value(0)),
            "shared": Count("tags", filter=Q(tags__in=tag_ids)),
        }
        order = ["-is_piece", "-shared", "-publish_at"]
        # Ranked on ids alone (thousands of candidates at scale), then the few
        # winners fetched whole: sorting whole rows with their bodies is slow.
        best = (
            published.filter(pk__in=candidates)
            .annotate(**ranking)
            .order_by(*order)
            .values("pk")[: self.related_count + 1]
        )
        return list(self.get_queryset().filter(pk__in=best).annotate(**ranking).order_by(*order))

    def not_found(self, request, slug):
        moved = (
            ArticleRedirect.objects.filter(old_slug=slug, article__in=Article.objects.published())
            .select_related("article__section")
            .first()
        )
        if moved is not None:
            return redirect(moved.article.get_absolute_url(), permanent=True)
        gone = (
            (Article.objects.withdrawn() | Article.objects.taken_down())
            .filter(slug=slug)
            .select_related("section")
            .first()
        )
        if gone is not None:
            canonical = gone.get_absolute_url()
            if request.path != canonical:
                # One address answers 410, as one answers 200 for a live piece:
                # a 410 is cached, and made-up sections must not each add one.
                return redirect(canonical, permanent=True)
            page_cache.depends_on(request, f"article:{gone.pk}")
            notice = workflow.how_gone(gone)
            context = {
                "article": gone,
                "taken_down": notice.taken_down,
                "withdrawal": notice.withdrawal,
            }
            # 410, not 404: the piece existed and was taken down (RFC 9110 §15.5.11).
            return TemplateResponse(request, "410.html", context, status=410)
        raise Http404("No published piece at this address.")


class SectionDetailView(PublishedArticleMixin, ListView):
    template_name = "articles/section_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        page_cache.depends_on(self.request, f"section:{self.section.pk}")
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagDetailView(PublishedArticleMixin, ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.tag = get_object_or_404(
            Tag.objects.filter(has_published("tags")), slug=self.kwargs["slug"]
        )
        page_cache.depends_on(self.request, f"tag:{self.tag.pk}")
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorDetailView(PublishedArticleMixin, ListView):
    template_name = "authors/author_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.filter(has_published("bylines__author")), slug=self.kwargs["slug"]
        )
        page_cache.depends_on(self.request, f"author:{self.author.pk}")
        return super().get_queryset().filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class CorrectionListView(ListView):
    """Every public correction, newest first, each with the piece it corrects."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Correction.objects.public().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url = reverse("articles:corrections")
        if context["page_obj"].number > 1:
            url += f"?page={context['page_obj'].number}"
        return {**context, "canonical": absolute_url(url)}


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
        paginator = context.get("paginator")
        context["capped"] = bool(paginator) and paginator.count >= search.MAX_CANDIDATES
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
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        f"Sitemap: {absolute_url(reverse('news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
