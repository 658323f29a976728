"""Sections, tags and old addresses: what editors manage besides the pieces."""

from django.contrib import admin
from reversion.admin import VersionAdmin

from ..admin_site import CleanInitialDataMixin
from ..forms import CleanTextModelForm
from ..models import ArticleRedirect, Section, Tag


@admin.register(Section)
class SectionAdmin(VersionAdmin):
    form = CleanTextModelForm
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(VersionAdmin):
    form = CleanTextModelForm
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(CleanInitialDataMixin, admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__headline"]
    autocomplete_fields = ["article"]
