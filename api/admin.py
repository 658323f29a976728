"""API keys in the admin: editors issue them, see when each was last used, and revoke them."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.forms import CleanTextModelForm

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name", "prefix", "requests_per_minute", "is_active", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "prefix"]
    fields = [
        "name",
        "requests_per_minute",
        "is_active",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
    ]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            # Known only now: the database keeps its hash, the page below shows it once.
            request.issued_api_key = obj.issue()
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "issued_api_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "api_key": obj,
            "secret": key,
            "title": _("Copy the new API key now"),
        }
        response = TemplateResponse(request, "admin/api/apikey/issued.html", context)
        # The secret is in this page alone: no cache, browser or proxy may keep it.
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(is_active=True).update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
