"""The inbox: each signed-in person's notifications, newest first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from .forms import NotificationSettingsForm
from .models import Notification, NotificationSettings


def is_editor(user):
    """True when ``user`` works in the admin: items open the admin change page for them."""
    return user.has_perm("articles.change_any_article")


class InboxView(LoginRequiredMixin, ListView):
    """``/inbox/``: the person's notifications, 25 a page, with their mail setting."""

    template_name = "discussion/inbox.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).only(
            "pk", "event", "text", "detail", "url", "article_id", "created_at", "read_at"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        editor = is_editor(self.request.user)
        for notification in context["notifications"]:
            notification.link = notification.link_for(editor=editor)
        settings_row = NotificationSettings.objects.filter(user=self.request.user).first()
        context["settings_form"] = NotificationSettingsForm(instance=settings_row)
        context["has_email"] = bool(self.request.user.email)
        return context


def _back_to_inbox(request):
    page = request.POST.get("page", "")
    url = reverse("discussion:inbox")
    return redirect(f"{url}?page={page}" if page.isdigit() and page != "1" else url)


@require_POST
@login_required
def mark_read(request, pk):
    """Mark one of the person's own notifications read; another's is a 404."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return _back_to_inbox(request)


@require_POST
@login_required
def mark_all_read(request):
    """Mark every unread notification of the person read."""
    count = Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    messages.success(
        request,
        ngettext(
            "Marked %(count)d notification read.", "Marked %(count)d notifications read.", count
        )
        % {"count": count},
    )
    return redirect("discussion:inbox")


@require_POST
@login_required
def save_settings(request):
    """Save the person's mail setting."""
    row, _created = NotificationSettings.objects.get_or_create(user=request.user)
    form = NotificationSettingsForm(request.POST, instance=row)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _("Notifications will be sent by mail too.")
            if row.mail_enabled
            else _("Notifications will no longer be sent by mail."),
        )
    return redirect("discussion:inbox")
