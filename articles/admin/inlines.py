"""What an article's change page shows below its fields: byline, corrections, share links, history."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Byline, Correction, ShareLink, WorkflowEvent


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


class ShareLinkForm(forms.ModelForm):
    def has_changed(self):
        # A row added with "Add another" is a request for a link, even when
        # its expiry is left as offered: the row says it is made on save.
        return self.instance.pk is None or super().has_changed()


class ShareLinkInline(admin.TabularInline):
    model = ShareLink
    form = ShareLinkForm
    extra = 0
    fields = ["link", "expires_at", "shows_embargoed", "revoked", "created_by", "created_at"]
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
