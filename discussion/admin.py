"""Mail deliveries (their state, errors and "Send again"), section editors, and every comment."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .mail import send_again
from .models import Comment, Notification, SectionEditor


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Every notification and its mail: waiting, sent, retrying or failed, with the last error."""

    list_display = ["created_at", "recipient", "event", "text", "mail", "mail_attempts"]
    list_filter = ["mail", "event"]
    list_select_related = ["recipient"]
    search_fields = ["text", "recipient__username", "recipient__email"]
    date_hierarchy = "created_at"
    actions = ["send_mail_again"]
    fields = [
        "recipient",
        "event",
        "text",
        "detail",
        "article",
        "actor",
        "created_at",
        "read_at",
        "mail",
        "mail_attempts",
        "mail_sent_at",
        "mail_next_try_at",
        "mail_error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send failed mail again"), permissions=["change"])
    def send_mail_again(self, request, queryset):
        count = send_again(queryset)
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(SectionEditor)
class SectionEditorAdmin(admin.ModelAdmin):
    """Who reviews which section: a section with editors sends its submissions to them alone."""

    list_display = ["section", "user"]
    list_select_related = ["section", "user"]
    autocomplete_fields = ["user"]

    def get_changeform_initial_data(self, request):
        # Nothing is prefilled from the query string: the user autocomplete
        # would look up whatever it says (?user=abc) and fail with a 500.
        return {}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Every comment, to find one or delete a guest's unwanted one; written on the piece's page."""

    list_display = ["created_at", "article", "who", "short_text", "paragraph_index", "resolved_at"]
    list_filter = [("author", admin.EmptyFieldListFilter), "resolved_at"]
    list_select_related = ["article", "author"]
    search_fields = ["text", "guest_name", "author__username", "article__headline"]
    date_hierarchy = "created_at"
    fields = [
        "article",
        "author",
        "guest_name",
        "share_link",
        "text",
        "parent",
        "paragraph_index",
        "paragraph_text",
        "created_at",
        "resolved_by",
        "resolved_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("by"))
    def who(self, comment):
        return comment.author_name

    @admin.display(description=_("comment"))
    def short_text(self, comment):
        return comment.text[:80]
