"""The article admin's own pages: workflow buttons, revision history and compare."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from reversion.models import Version

from .. import workflow
from ..forms import TransitionForm
from ..models import Article
from ..revisions import compare


def article_id(object_id):
    """The article id in an admin address; one that is not a whole number is a 404."""
    try:
        return Article._meta.pk.to_python(object_id)
    except ValidationError:
        raise Http404(_("No piece with that id.")) from None


class WorkflowViewsMixin:
    """For ``ArticleAdmin``: each transition a button posting to ``transition_view``; revisions compared."""

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
                needs_public_reason=any(t.public_reason_required for t in transitions),
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
            "public_reason": request.POST.get("public_reason", ""),
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
                public_reason=form.cleaned_data["public_reason"],
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
        """The workflow box's fields, holding what a refused transition was sent with."""
        typed = request.session.pop(self.typed_key(article), None)
        if typed:
            return TransitionForm(initial=typed)
        if article.is_scheduled:
            return TransitionForm(initial={"publish_at": timezone.localtime(article.publish_at)})
        return TransitionForm()

    def done_message(self, article):
        if workflow.waits_for_embargo(article):
            return format_html(
                _("“{}” is scheduled for {}, when its embargo ends."),
                article.headline,
                date_format(timezone.localtime(article.embargo_until), "j F Y, H:i"),
            )
        if article.is_scheduled:
            return format_html(
                _("“{}” is scheduled for {}."),
                article.headline,
                date_format(timezone.localtime(article.publish_at), "DATETIME_FORMAT"),
            )
        return format_html(
            _("“{}” is now {}."), article.headline, article.get_state_display().lower()
        )
