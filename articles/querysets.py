from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Pieces readers may see: published, their time has come, and not yet taken down.

        The only rule for public visibility. Every time control takes effect at
        its instant through this filter alone, with no cron job: a scheduled
        piece appears at ``publish_at``, an embargoed one at ``embargo_until``,
        and a piece leaves the site at ``take_down_at``.
        """
        now = timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            Q(take_down_at__isnull=True) | Q(take_down_at__gt=now),
            state=self.model.State.PUBLISHED,
            publish_at__lte=now,
        )

    def scheduled(self):
        """Published pieces waiting for their ``publish_at`` or the end of their embargo.

        A piece whose take-down time has come before it went live is not waiting any more.
        """
        now = timezone.now()
        return self.filter(
            Q(publish_at__gt=now) | Q(embargo_until__gt=now),
            Q(take_down_at__isnull=True) | Q(take_down_at__gt=now),
            state=self.model.State.PUBLISHED,
        )

    def taken_down(self):
        """Published pieces whose take-down time has passed: their addresses answer 410."""
        return self.filter(state=self.model.State.PUBLISHED, take_down_at__lte=timezone.now())

    def for_desk(self, user):
        """Pieces ``user`` may work on: all of them for editors, else their own.

        A reporter's own pieces are those they created or whose byline names them.
        """
        if user.has_perm("articles.change_any_article"):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(created_by=user) | Q(bylines__author__user=user)).distinct()

    def for_listing(self):
        """Fetch what lists show (section, byline, tags) in a fixed number of queries."""
        from .models import Byline

        return self.select_related("section", "hero_picture").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
        )

    def with_live(self):
        """Annotate ``is_live``: whether readers can see the piece now (see ``published()``)."""
        return self.annotate(
            is_live=Exists(self.model.objects.published().filter(pk=OuterRef("pk")))
        )

    def withdrawn(self):
        """Pieces that were public and have been taken down: their addresses answer 410."""
        return self.filter(state=self.model.State.WITHDRAWN, first_published_at__isnull=False)

    def search(self, text):
        """Pieces matching the reader's query, best first (see ``articles.search``)."""
        from .search import search

        return search(self, text)


def has_published(field):
    """An ``Exists`` filter for sections, tags or authors with at least one public piece.

    ``field`` is the lookup from an article to the filtered model, e.g. "tags".
    A tag or byline that only unpublished work carries is not shown to readers:
    its name may be the news itself.
    """
    from .models import Article

    return Exists(Article.objects.published().filter(**{field: OuterRef("pk")}))


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Corrections readers may see: those on pieces ``Article.objects.published()`` shows."""
        from .models import Article

        return self.filter(article__in=Article.objects.published())

    def for_listing(self):
        """Newest first, each with its piece and the piece's section, in one query."""
        return self.select_related("article__section").order_by("-created_at", "-pk")
