from django.contrib import admin
from reversion.admin import VersionAdmin

from articles.admin_site import CleanInitialDataMixin
from articles.forms import CleanTextModelForm

from .models import Page


@admin.register(Page)
class PageAdmin(CleanInitialDataMixin, VersionAdmin):
    form = CleanTextModelForm
    list_display = ["title", "kind", "slug", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
