"""Authors: the bylines editors manage, with their photos and logins."""

from django.contrib import admin
from django.db import models
from reversion.admin import VersionAdmin

from authors.models import Author

from ..admin_site import CleanInitialDataMixin
from ..fields import HeroImageField
from ..forms import CleanTextModelForm


@admin.register(Author)
class AuthorAdmin(CleanInitialDataMixin, VersionAdmin):
    form = CleanTextModelForm
    formfield_overrides = {
        # A website typed without a scheme is taken as https.
        models.URLField: {"assume_scheme": "https"},
        # Photos get the hero images' checks: a verified image, no metadata, our own name.
        models.ImageField: {"form_class": HeroImageField},
    }
    list_display = ["name", "role", "is_organisation", "user"]
    list_filter = ["is_organisation"]
    list_select_related = ["user"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
