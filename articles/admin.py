from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import editing, search, workflow
from .admin_site import CleanInitialDataMixin
from .forms import (
    CleanTextModelForm,
    HeroImageField,
    TransitionForm,
    VersionCheckMixin,
    formfield_for,
    version_field,
)
from .models import (
    Article,
    ArticleRedirect,
    Byline,
    Correction,
    Section,
    ShareLink,
    Tag,
    WorkflowEvent,
)
from .revisions import compare
from .text import CleanInputMixin


def article_id(object_id):
    """The article id in an admin address; one that is not a whole number is a 404."""
    try:
        return Article._meta.pk.to_python(object_id)
    except ValidationError:
        raise Http404(_("No piece with that id.")) from None


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


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    ordering = ["position"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    verbose_name = _("public correction")
    verbose_name_plural = _("public corrections (shown on the article, dated)")


class ShareLinkInline(admin.TabularInline):
    model = ShareLink
    extra = 0
    fields = ["link", "expires_at", "revoked", "created_by", "created_at"]
    readonly_fields = ["link", "created_by", "created_at"]
    verbose_name_plural = _("share links (preview for people without an account)")

    @admin.display(description=_("address"))
    def link(self, obj):
        if not obj.pk:
            return _("Made when you save; valid for 48 hours unless you change the expiry.")
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)


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


class ArticleAdminForm(CleanInputMixin, VersionCheckMixin, forms.ModelForm):
    show_as_updated = forms.BooleanField(
        label=_("Show as updated"),
        required=False,
        help_text=_("Readers see an “Updated” time. Leave unticked for a typo fix."),
    )
    edited_version = version_field()

    class Meta:
        model = Article
        fields = [
            *("headline", "slug", "standfirst", "body", "section", "tags"),
            *("hero_image", "hero_alt", "hero_caption", "hero_credit", "source_name", "source_url"),
        ]
        field_classes = {"hero_image": HeroImageField}
        formfield_callback = formfield_for

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version()


@admin.register(Article)
class ArticleAdmin(CleanInitialDataMixin, VersionAdmin):
    # A source address typed without a scheme is taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
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
    inlines = [BylineInline, CorrectionInline, ShareLinkInline, WorkflowEventInline]
    readonly_fields = ["status", "publish_at", "first_published_at", "updated_at", "created_by"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "section", "tags"]}),
        (_("Hero image"), {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        (_("Source"), {"fields": ["source_name", "source_url"]}),
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

    def get_queryset(self, request):
        last = WorkflowEvent.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk")
        queryset = self.model._default_manager.prefetch_related("bylines__author").annotate(
            waiting_since=Subquery(
                last.filter(to_state=Article.State.IN_REVIEW).values("created_at")[:1]
            ),
            last_published=Subquery(
                last.filter(to_state=Article.State.PUBLISHED).values("created_at")[:1]
            ),
            is_live=Exists(Article.objects.published().filter(pk=OuterRef("pk"))),
            queue=Case(
                When(state=Article.State.IN_REVIEW, then=Value(0)),
                When(state=Article.State.CHANGES_REQUESTED, then=Value(1)),
                When(state=Article.State.DRAFT, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
        # Ordered here, not by ModelAdmin.get_queryset: it orders before our annotations exist.
        return queryset.order_by(*self.get_ordering(request))

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
        return ", ".join(b.author.name for b in obj.bylines.all())

    @admin.display(description=_("state"), ordering="state")
    def status(self, obj):
        if obj.is_scheduled:
            return _("Scheduled for %(when)s") % {
                "when": date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT")
            }
        return obj.get_state_display()

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
        if not change:
            obj.created_by = request.user
        if (
            change
            and obj.state == Article.State.PUBLISHED
            and form.cleaned_data.get("show_as_updated")
        ):
            obj.updated_at = timezone.now()
        image_error = editing.store_hero_image(obj)
        if image_error:
            self.message_user(request, image_error, messages.ERROR)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Correction | ShareLink) and instance.created_by_id is None:
                instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        transition_view = self.admin_site.admin_view(require_POST(self.transition_view))
        compare_view = self.admin_site.admin_view(self.compare_view)
        return [
            path(
                "<path:object_id>/transition/",
                transition_view,
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/history/compare/",
                compare_view,
                name="articles_article_compare",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None:
            transitions = workflow.available(article, request.user)
            extra_context.update(
                transitions=transitions,
                needs_note=any(t.note_required for t in transitions),
                can_publish=any(t.name == "publish" for t in transitions),
                transition_form=self.transition_form(request, article),
                transition_url=reverse("admin:articles_article_transition", args=[article.pk]),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        versions = Version.objects.get_for_object_reference(Article, object_id).select_related(
            "revision__user"
        )
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "compare_url": reverse("admin:articles_article_compare", args=[object_id]),
        }
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id):
        """Two revisions of a piece side by side, field by field, the body as a line diff."""
        article = get_object_or_404(Article, pk=article_id(object_id))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        try:
            old = versions.get(pk=int(request.GET.get("a", "")))
            new = versions.get(pk=int(request.GET.get("b", "")))
        except (ValueError, Version.DoesNotExist):
            self.message_user(request, _("Choose two revisions to compare."), messages.WARNING)
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Compare revisions of “%s”") % article.headline,
            "old": old,
            "new": new,
            "rows": compare(old, new),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def transition_view(self, request, object_id):
        """Take one workflow transition from a button on the change page."""
        article = get_object_or_404(
            Article.objects.for_desk(request.user), pk=article_id(object_id)
        )
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = TransitionForm(request.POST)
        name = request.POST.get("transition", "")
        # A refused transition keeps what the editor typed for the next try.
        typed = {
            "note": request.POST.get("note", ""),
            "publish_at": request.POST.get("publish_at", ""),
        }
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            request.session[self.typed_key(article)] = typed
            return HttpResponseRedirect(change_url)
        try:
            workflow.transition(
                article,
                name,
                by=request.user,
                note=form.cleaned_data["note"],
                publish_at=form.cleaned_data["publish_at"],
            )
        except workflow.TransitionRefused as refused:
            for message in refused.messages:
                self.message_user(request, message, messages.ERROR)
            request.session[self.typed_key(article)] = typed
            return HttpResponseRedirect(change_url)
        self.message_user(request, self.done_message(article), messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    @staticmethod
    def typed_key(article):
        return f"newsroom:transition-typed:{article.pk}"

    def transition_form(self, request, article):
        """The Note and Publish at fields, holding what a refused transition was sent with."""
        typed = request.session.pop(self.typed_key(article), None)
        if typed:
            return TransitionForm(initial=typed)
        if article.is_scheduled:
            return TransitionForm(initial={"publish_at": timezone.localtime(article.publish_at)})
        return TransitionForm()

    def done_message(self, article):
        if article.is_scheduled:
            return format_html(
                _("“{}” is scheduled for {}."),
                article.headline,
                date_format(timezone.localtime(article.publish_at), "DATETIME_FORMAT"),
            )
        return format_html(
            _("“{}” is now {}."), article.headline, article.get_state_display().lower()
        )


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(CleanInitialDataMixin, admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__headline"]
    autocomplete_fields = ["article"]
