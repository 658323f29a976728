"""Editors create and change assignments in the admin; each change is announced by a signal."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from articles.admin_site import CleanInitialDataMixin
from articles.fields import INSTANT_FORMFIELD
from articles.roles import EDITORS, REPORTERS

from .models import Assignment
from .signals import assignment_changed, assignment_given, send_on_commit

# A change to these is news to the reporters (``assignment_changed``).
WATCHED_FIELDS = ("headline", "brief", "section", "due_at", "publish_at", "priority")


class StartedFilter(admin.SimpleListFilter):
    title = _("progress")
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [("not_started", _("Not started")), ("started", _("Started"))]

    def queryset(self, request, queryset):
        if self.value() == "not_started":
            return queryset.filter(article__isnull=True)
        if self.value() == "started":
            return queryset.filter(article__isnull=False)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(CleanInitialDataMixin, admin.ModelAdmin):
    formfield_overrides = {models.DateTimeField: INSTANT_FORMFIELD}
    change_list_template = "admin/planning/assignment/change_list.html"
    list_display = ["headline", "section", "reporters_list", "due", "priority", "progress"]
    list_filter = [StartedFilter, "priority", "section"]
    list_select_related = ["section", "article"]
    search_fields = ["headline", "brief"]
    date_hierarchy = "due_at"
    autocomplete_fields = ["section", "article"]
    filter_horizontal = ["reporters"]
    readonly_fields = ["created_by", "created_at", "modified_at"]
    fieldsets = [
        (None, {"fields": ["headline", "brief", "section", "reporters", "priority"]}),
        (_("Times"), {"fields": ["due_at", "publish_at"]}),
        (_("Draft"), {"fields": ["article", "created_by", "created_at", "modified_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("reporters")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "reporters":
            # The people who write: reporters, and editors who write pieces themselves.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(Q(groups__name__in=[REPORTERS, EDITORS]), is_active=True)
                .distinct()
                .order_by("first_name", "last_name", "username")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("reporters"))
    def reporters_list(self, assignment):
        return assignment.reporter_names()

    @admin.display(description=_("due at"), ordering="due_at")
    def due(self, assignment):
        when = date_format(localtime(assignment.due_at), "DATETIME_FORMAT")
        if assignment.is_overdue:
            return format_html("{} <strong>{}</strong>", when, _("Overdue"))
        return when

    @admin.display(description=_("progress"))
    def progress(self, assignment):
        if assignment.article_id is None:
            return assignment.status_label
        url = reverse("admin:articles_article_change", args=[assignment.article_id])
        return format_html('<a href="{}">{}</a>', url, assignment.status_label)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        changed = [name for name in WATCHED_FIELDS if name in form.changed_data]
        if change and changed:
            send_on_commit(assignment_changed, obj, changed=changed, by=request.user)

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.reporters.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        added = [user for user in form.instance.reporters.all() if user.pk not in before]
        if added:
            send_on_commit(assignment_given, form.instance, reporters=added, by=request.user)
