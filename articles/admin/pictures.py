"""The picture library in the admin: search, rights filters, focal point, where each is used."""

import datetime

from django import forms
from django.contrib import admin
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from pictures import renditions
from pictures.models import Picture

from ..fields import HeroImageField
from ..forms import CleanTextModelForm
from ..models import Article

SOON = datetime.timedelta(days=7)


class PictureAdminForm(CleanTextModelForm):
    class Meta:
        model = Picture
        fields = [
            "image", "alt", "caption", "credit", "copyright", "usable_until", "focal_x", "focal_y",
        ]  # fmt: skip
        field_classes = {"image": HeroImageField}
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }


class RightsFilter(admin.SimpleListFilter):
    title = _("rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [
            ("unlimited", _("No end")),
            ("soon", _("Run out in the next 7 days")),
            ("expired", _("Run out")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "unlimited":
            return queryset.filter(usable_until=None)
        if self.value() == "soon":
            return queryset.filter(usable_until__gt=now, usable_until__lte=now + SOON)
        if self.value() == "expired":
            return queryset.expired(now)
        return queryset


class UseFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [("yes", _("Used on a piece")), ("no", _("Not used"))]

    def queryset(self, request, queryset):
        used = Q(hero_of__isnull=False) | Q(in_bodies__isnull=False)
        if self.value() == "yes":
            return queryset.filter(used).distinct()
        if self.value() == "no":
            return queryset.exclude(pk__in=Picture.objects.filter(used).values("pk"))
        return queryset


def pieces_using(picture):
    """The pieces that show ``picture``, as hero or in the body, newest first."""
    return (
        Article.objects.filter(Q(hero_picture=picture) | Q(body_pictures=picture))
        .distinct()
        .select_related("section")
        .order_by("-created_at")
    )


def expiring_soon(now=None):
    """``[(picture, live pieces)]`` for pictures whose rights run out in the next 7 days."""
    now = now or timezone.now()
    soon = Picture.objects.filter(usable_until__gt=now, usable_until__lte=now + SOON)
    live = Article.objects.published()
    return [
        (picture, list(live.filter(pk__in=pieces_using(picture).values("pk"))))
        for picture in soon.order_by("usable_until")
    ]


@admin.register(Picture)
class PictureAdmin(VersionAdmin):
    form = PictureAdminForm
    change_list_template = "admin/pictures/picture/change_list.html"
    list_display = ["thumbnail", "label", "credit", "usable_until", "uses", "created_at"]
    list_display_links = ["thumbnail", "label"]
    list_filter = [RightsFilter, UseFilter, "created_at"]
    search_fields = ["alt", "caption", "credit", "copyright"]
    search_help_text = _("Alt text, caption, credit and licence.")
    readonly_fields = ["focal_point", "body_line", "where_used", "uploaded_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["image", "alt", "caption", "credit"]}),
        (_("Rights"), {"fields": ["copyright", "usable_until"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_point", "focal_x", "focal_y"],
                "description": _(
                    "Click the picture where the crops must keep it, or type the numbers."
                ),
            },
        ),
        (_("Use"), {"fields": ["body_line", "where_used", "uploaded_by", "created_at"]}),
    ]

    class Media:
        js = ["js/focal-point.js"]
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(use_count=Count("hero_of", distinct=True) + Count("in_bodies", distinct=True))
        )

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None and not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "expiring": expiring_soon()}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("picture"))
    def thumbnail(self, obj):
        small = renditions.closest(obj, 480)
        if small is None:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="96" class="picture-thumb">',
            default_storage.url(small["name"]),
        )

    @admin.display(description=_("alt text"), ordering="alt")
    def label(self, obj):
        return obj.alt or obj.caption or _("(no alt text)")

    @admin.display(description=_("pieces"), ordering="use_count")
    def uses(self, obj):
        return obj.use_count

    @admin.display(description=_("body line"))
    def body_line(self, obj):
        return format_html("<code>{}</code>", obj.body_line) if obj.pk else "—"

    @admin.display(description=_("where used"))
    def where_used(self, obj):
        if not obj.pk:
            return "—"
        pieces = list(pieces_using(obj))
        if not pieces:
            return _("Not used on any piece.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> · {}</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[piece.pk]),
                        piece.headline,
                        piece.status_label(),
                    )
                    for piece in pieces
                ),
            ),
        )

    @admin.display(description=_("picture"))
    def focal_point(self, obj):
        shown = renditions.closest(obj, 960)
        if shown is None:
            return _("Save the picture first.")
        return format_html(
            '<div class="focal-picker" data-focal-x="id_focal_x" data-focal-y="id_focal_y">'
            '<img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-marker" hidden></span></div>',
            default_storage.url(shown["name"]),
            obj.alt,
            shown["width"],
            shown["height"],
        )
