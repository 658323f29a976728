"""What the API shows of each thing: the fields readers see on its page, as JSON.

Every absolute URL comes from ``articles.origin`` (the configured site
origin), never from the request, so a cached response holds no client's Host.
"""

from django.core.files.storage import default_storage
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Correction, Section, Tag
from articles.origin import absolute_url
from authors.models import Author


def page_url(obj):
    """The absolute address of ``obj``'s public page, or None when it has none."""
    path = obj.get_absolute_url()
    return absolute_url(path) if path else None


def picture(article):
    """The piece's hero picture as the article page shows it, or None without one.

    A library picture with this piece's words (alt text, caption and credit
    override the picture's own), or None when it has none or its rights ran
    out. ``renditions`` are the widths the page's ``<picture>`` offers (WebP
    and JPEG, made at upload); ``crops`` the 16:9, 4:3 and 1:1 crops around the
    focal point and the 1200 × 630 one for sharing; ``url`` the stored
    original. The one place the API describes a picture.
    """
    hero = article.hero
    if hero is None:
        return None
    library = hero.picture
    return {
        "id": library.pk,
        "url": absolute_url(library.image.url),
        "width": library.width,
        "height": library.height,
        "alt": hero.alt,
        "caption": hero.caption,
        "credit": hero.credit,
        "renditions": [_rendition(rendition) for rendition in library.renditions],
        "crops": {name: _rendition(crop) for name, crop in sorted(library.crops.items())},
    }


def _rendition(rendition):
    return {
        "url": absolute_url(default_storage.url(rendition["name"])),
        "width": rendition["width"],
        "height": rendition.get("height"),
        "format": rendition.get("format") or "jpg",
    }


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField(allow_null=True)
    format = serializers.ChoiceField(choices=["jpg", "webp"])


class PictureSerializer(serializers.Serializer):
    """The shape ``picture()`` returns, for the schema."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    alt = serializers.CharField()
    caption = serializers.CharField()
    credit = serializers.CharField()
    renditions = RenditionSerializer(many=True)
    crops = serializers.DictField(child=RenditionSerializer())


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ["id", "name", "slug", "description", "url"]

    def get_url(self, section) -> str:
        return page_url(section)


class TagSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Tag
        fields = ["id", "name", "slug", "url"]

    def get_url(self, tag) -> str:
        return page_url(tag)


class AuthorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()
    website = serializers.URLField(source="url")

    class Meta:
        model = Author
        fields = ["id", "name", "slug", "role", "bio", "photo", "website", "is_organisation", "url"]

    def get_url(self, author) -> str:
        return page_url(author)

    def get_photo(self, author) -> str | None:
        return absolute_url(author.photo.url) if author.photo else None


class BylineSerializer(AuthorSerializer):
    """An author as a byline shows them: name, role and their page."""

    class Meta(AuthorSerializer.Meta):
        fields = ["id", "name", "slug", "role", "is_organisation", "url"]


class CorrectionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Correction
        fields = ["id", "kind", "kind_label", "text", "created_at"]


class ArticleSummarySerializer(serializers.ModelSerializer):
    """A piece as the corrections list names it."""

    canonical_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "headline", "canonical_url"]

    def get_canonical_url(self, article) -> str:
        return page_url(article)


class CorrectionListSerializer(CorrectionSerializer):
    article = ArticleSummarySerializer()

    class Meta(CorrectionSerializer.Meta):
        fields = [*CorrectionSerializer.Meta.fields, "article"]


class SourceSerializer(serializers.Serializer):
    name = serializers.CharField(source="source_name")
    url = serializers.CharField(source="source_url")
    licence = serializers.CharField()


class ArticleSerializer(serializers.ModelSerializer):
    """A piece as its page shows it: the body is the HTML readers get, as stored."""

    url = serializers.SerializerMethodField()
    canonical_url = serializers.SerializerMethodField()
    section = SectionSerializer()
    tags = TagSerializer(many=True)
    byline = BylineSerializer(source="byline_authors", many=True)
    published_at = serializers.DateTimeField(source="publish_at")
    updated_at = serializers.SerializerMethodField()
    reading_minutes = serializers.IntegerField()
    hero = serializers.SerializerMethodField()
    source = SourceSerializer(source="*")
    corrections = CorrectionSerializer(many=True)

    class Meta:
        model = Article
        fields = [
            "id", "url", "canonical_url", "headline", "slug", "standfirst", "body_html",
            "section", "tags", "byline", "published_at", "updated_at", "reading_minutes",
            "hero", "source", "corrections",
        ]  # fmt: skip

    def get_url(self, article) -> str:
        return absolute_url(reverse("api:article-detail", args=[article.pk]))

    def get_canonical_url(self, article) -> str:
        return page_url(article)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updated_at(self, article):
        """The page's "Updated" time: its update mark or newest correction, else null."""
        return serializers.DateTimeField().to_representation(article.last_changed_at())

    @extend_schema_field(PictureSerializer(allow_null=True))
    def get_hero(self, article):
        return picture(article)


class GoneSerializer(serializers.Serializer):
    """What a 410 says about a piece that has left the site, as its page does."""

    detail = serializers.CharField()
    id = serializers.IntegerField()
    headline = serializers.CharField()
    canonical_url = serializers.URLField()
    gone_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
