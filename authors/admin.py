from django.contrib import admin
from django.db import models
from reversion.admin import VersionAdmin

from .models import Author


@admin.register(Author)
class AuthorAdmin(VersionAdmin):
    # A source address typed without a scheme is taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "role", "is_organisation", "user"]
    list_filter = ["is_organisation"]
    list_select_related = ["user"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
