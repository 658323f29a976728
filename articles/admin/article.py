"""The article admin: the review queue and the change page editors work on."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import connection, models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from .. import editing, search
from ..admin_site import CleanInitialDataMixin
from ..fields import INSTANT_FORMFIELD, LABELS, formfield_for, version_field
from ..forms import HERO_PICTURE_HELP, HeroPictureMixin, VersionCheckMixin, hero_image_field
from ..models import CONTENT_FIELDS, Article, Correction, ShareLink, WorkflowEvent
from ..text import CleanInputMixin
from .filters import ChangedSincePublishedFilter, ScheduledFilter
from .inlines import BylineInline, CorrectionInline, ShareLinkInline, WorkflowEventInline
from .views import WorkflowViewsMixin


class ArticleAdminForm(CleanInputMixin, HeroPictureMixin, VersionCheckMixin, forms.ModelForm):
    hero_image = hero_image_field()
    show_as_updated = forms.BooleanField(
        label=_("Show as updated"),
        required=False,
        help_text=_("Readers see an “Updated” time. Leave unticked for a typo fix."),
    )
    edited_version = version_field()

    class Meta:
        model = Article
        fields = CONTENT_FIELDS
        formfield_callback = formfield_for
        labels = LABELS
        help_texts = {"hero_picture": HERO_PICTURE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version()


class LabelledAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete whose empty choice has a label, as HTML requires of an empty option."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value == "":
            # The label attribute, not text: the autocomplete shows its placeholder for "".
            option["attrs"]["label"] = "—"
        return option


@admin.register(Article)
class ArticleAdmin(WorkflowViewsMixin, CleanInitialDataMixin, VersionAdmin):
    # A source address typed without a scheme is taken as https.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.DateTimeField: INSTANT_FORMFIELD,
    }
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = ["headline", "byline", "section", "status", "waiting_or_due", "live"]
    list_filter = [
        "state",
        ScheduledFilter,
        ChangedSincePublishedFilter,
        "section",
        ("bylines__author", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["section"]
    list_per_page = 50
    search_fields = ["headline", "standfirst"]
    search_help_text = _(
        "Headline and standfirst; on PostgreSQL also the body, with stemming and accents ignored."
    )
    autocomplete_fields = ["section", "tags"]
    raw_id_fields = ["hero_picture"]
    inlines = [BylineInline, CorrectionInline, ShareLinkInline, WorkflowEventInline]
    readonly_fields = ["status", "publish_at", "first_published_at", "updated_at", "created_by"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "section", "tags"]}),
        (
            _("Hero image"),
            {"fields": ["hero_image", "hero_picture", "hero_alt", "hero_caption", "hero_credit"]},
        ),
        (_("Source"), {"fields": ["source_name", "source_url", "licence"]}),
        (_("Time controls"), {"fields": ["embargo_until", "take_down_at", "take_down_note"]}),
        (
            _("Workflow"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "first_published_at",
                    "updated_at",
                    "show_as_updated",
                    "created_by",
                    "edited_version",
                ]
            },
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                LabelledAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        last = WorkflowEvent.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk")
        queryset = self.model._default_manager.prefetch_related("bylines__author").annotate(
            waiting_since=Subquery(
                last.filter(to_state=Article.State.IN_REVIEW).values("created_at")[:1]
            ),
            last_published=Subquery(
                last.filter(to_state=Article.State.PUBLISHED).values("created_at")[:1]
            ),
            queue=Case(
                When(state=Article.State.IN_REVIEW, then=Value(0)),
                When(state=Article.State.CHANGES_REQUESTED, then=Value(1)),
                When(state=Article.State.DRAFT, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
        # Ordered here, not by ModelAdmin.get_queryset: it orders before our annotations exist.
        return queryset.with_live().order_by(*self.get_ordering(request))

    def get_search_results(self, request, queryset, search_term):
        """Headline and standfirst everywhere; PostgreSQL full text over the body as well."""
        if not search_term.strip() or connection.vendor != "postgresql":
            return super().get_search_results(request, queryset, search_term)
        by_fields, _duplicates = super().get_search_results(
            request, Article.objects.all(), search_term
        )
        by_text = search.matching(Article.objects.all(), search_term)
        found = Q(pk__in=by_fields.values("pk")) | Q(pk__in=by_text.values("pk"))
        return queryset.filter(found), False

    def get_ordering(self, request):
        match = request.resolver_match
        if match is None or match.url_name != "articles_article_changelist":
            return ["-publish_at", "-modified_at"]
        # The review queue: pieces waiting for an editor first, longest waiting first.
        return ["queue", F("waiting_since").asc(nulls_last=True), "-publish_at", "-modified_at"]

    @admin.display(description=_("byline"))
    def byline(self, obj):
        return obj.byline_names()

    @admin.display(description=_("state"), ordering="state")
    def status(self, obj):
        return obj.status_label()

    @admin.display(description=_("waiting since / publish time"))
    def waiting_or_due(self, obj):
        when = obj.waiting_since if obj.state == Article.State.IN_REVIEW else obj.publish_at
        return date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "–"

    @admin.display(boolean=True, description=_("Live"), ordering="is_live")
    def live(self, obj):
        return obj.is_live

    def view_on_site(self, obj):
        # An unpublished piece has no public page yet: editors see its preview.
        if Article.objects.published().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return reverse("desk:preview", args=[obj.pk])

    def save_model(self, request, obj, form, change):
        obj.image_error = editing.save(
            obj, by=request.user, show_as_updated=form.cleaned_data.get("show_as_updated")
        )

    def response_add(self, request, obj, post_url_continue=None):
        return self.image_error_response(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.image_error_response(request, obj) or super().response_change(request, obj)

    def image_error_response(self, request, obj):
        """Back to the piece with the storage error, instead of "changed successfully"."""
        if not getattr(obj, "image_error", None):
            return None
        self.message_user(request, obj.image_error, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Correction | ShareLink) and instance.created_by_id is None:
                instance.created_by = request.user
        super().save_formset(request, form, formset, change)
