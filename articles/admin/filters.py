"""The review queue's filters beyond the model's own fields."""

from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ..models import Article


class ScheduledFilter(admin.SimpleListFilter):
    title = _("schedule")
    parameter_name = "scheduled"

    def lookups(self, request, model_admin):
        return [("yes", _("Scheduled")), ("live", _("Live now"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=Article.objects.scheduled().values("pk"))
        if self.value() == "live":
            return queryset.filter(pk__in=Article.objects.published().values("pk"))
        return queryset


class ChangedSincePublishedFilter(admin.SimpleListFilter):
    title = _("changes")
    parameter_name = "changed"

    def lookups(self, request, model_admin):
        return [("yes", _("Changed since published"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                state=Article.State.PUBLISHED, last_published__isnull=False
            ).filter(modified_at__gt=F("last_published"))
        return queryset
