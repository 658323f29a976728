from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from .models import Article, ArticleRedirect, Byline, Correction, Section, Tag, WorkflowEvent


@admin.register(Section)
class SectionAdmin(VersionAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(VersionAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    ordering = ["position"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0


class WorkflowEventInline(admin.TabularInline):
    model = WorkflowEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_state", "to_state", "note"]
    readonly_fields = fields
    verbose_name_plural = _("workflow history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    list_display = ["headline", "section", "state", "publish_at", "is_live"]
    list_filter = ["state", "section"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section", "tags"]
    inlines = [BylineInline, CorrectionInline, WorkflowEventInline]
    readonly_fields = ["state", "first_published_at", "updated_at", "created_by", "version"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "section", "tags"]}),
        (_("Hero image"), {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        (_("Source"), {"fields": ["source_name", "source_url"]}),
        (
            _("Workflow"),
            {
                "fields": [
                    "state",
                    "publish_at",
                    "first_published_at",
                    "updated_at",
                    "created_by",
                    "version",
                ]
            },
        ),
    ]

    @admin.display(boolean=True, description=_("Live"))
    def is_live(self, obj):
        return obj.is_live

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__headline"]
    autocomplete_fields = ["article"]
