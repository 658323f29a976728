"""Pages for the people who write and edit: signed in, their own pieces only."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.auth.views import LoginView, PasswordResetView
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from .. import editing, origin, wire_review, workflow
from ..admin_site import may_use_admin
from ..forms import ArticleDeskForm
from ..models import Article, ShareLink, WorkflowEvent


class DeskArticleMixin(LoginRequiredMixin):
    """Another reporter's piece is a 404, not a 403: its existence is not shown."""

    def get_queryset(self):
        return Article.objects.for_desk(self.request.user).for_listing()


class PreviewMixin:
    """The piece exactly as readers will see it, marked as a preview and kept out of indexes."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PreviewMixin, DeskArticleMixin, DetailView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("corrections")

    def get_context_data(self, **kwargs):
        # A share link's reader has no desk to go back to; the reporter has.
        return super().get_context_data(
            edit_url=reverse("desk:edit", args=[self.object.pk]), **kwargs
        )


@method_decorator(never_cache, name="dispatch")
class SharedPreviewView(PreviewMixin, DetailView):
    """A preview for someone without an account (a source, a lawyer), through a share link."""

    def get(self, request, *args, **kwargs):
        link = get_object_or_404(
            ShareLink.objects.filter(article__state__in=workflow.SHAREABLE_STATES),
            token=kwargs["token"],
            revoked=False,
        )
        if link.is_expired:
            # The link existed and has run out (RFC 9110 §15.5.11).
            return TemplateResponse(request, "410.html", {"expired_link": True}, status=410)
        self.object = get_object_or_404(
            Article.objects.for_listing().prefetch_related("corrections"), pk=link.article_id
        )
        if self.object.is_embargoed and not link.shows_embargoed:
            # Like a revoked link: nothing says an embargoed piece is there.
            raise Http404("No piece at this address.")
        return self.render_to_response(self.get_context_data(object=self.object))


class DeskHomeView(DeskArticleMixin, PermissionRequiredMixin, ListView):
    """My pieces: newest change first, each with its state and the editor's latest note."""

    permission_required = "articles.add_article"
    template_name = "desk/home.html"
    context_object_name = "articles"
    paginate_by = 30

    def get_queryset(self):
        notes = WorkflowEvent.objects.filter(article=OuterRef("pk")).exclude(note="")
        return (
            super()
            .get_queryset()
            .with_live()
            .annotate(latest_note=Subquery(notes.order_by("-created_at", "-pk").values("note")[:1]))
            .order_by("-modified_at")
        )


class ArticleFormMixin(DeskArticleMixin, PermissionRequiredMixin):
    model = Article
    form_class = ArticleDeskForm
    template_name = "desk/article_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "autosave": self.is_autosave(),
        }

    def is_autosave(self):
        return self.request.POST.get("action") == "autosave"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Posted to the address without its #fragment: one followed from the
        # error summary would otherwise stay on every page the save leads to.
        form.helper.form_action = self.request.path
        return form

    def form_valid(self, form):
        article, user = form.instance, self.request.user
        image_error = editing.save(
            article,
            by=user,
            tags=form.cleaned_data["tags"],
            byline=editing.desk_byline(article, user, form.cleaned_data["coauthors"]),
            comment=editing.AUTOSAVE_COMMENT if self.is_autosave() else "",
        )
        self.object = article
        self.keep_one_autosave()
        if self.is_autosave():
            saved = ArticleDeskForm(instance=self.object, user=self.request.user)
            return JsonResponse(
                {
                    "edited_version": saved["edited_version"].initial,
                    "version": self.object.version,
                    "message": _("Saved automatically at %(time)s.")
                    % {"time": date_format(localtime(self.object.modified_at), "H:i")},
                }
            )
        if image_error:
            messages.error(self.request, image_error)
            return redirect("desk:edit", pk=self.object.pk)
        action = self.request.POST.get("action", "save")
        if action == "submit":
            return self.submit(form)
        messages.success(self.request, _("Saved."))
        if action == "preview":
            return redirect("desk:preview", pk=self.object.pk)
        return redirect("desk:edit", pk=self.object.pk)

    def keep_one_autosave(self):
        """A run of background saves keeps only its newest revision; a Save ends the run."""
        key = f"newsroom:autosave-revision:{self.object.pk}"
        if not self.is_autosave():
            self.request.session.pop(key, None)
            return
        editing.forget_previous_autosave(self.request.session.get(key), self.request.user)
        self.request.session[key] = editing.newest_revision_id(self.object)

    def form_invalid(self, form):
        if self.is_autosave():
            # Nothing is saved; the page keeps the text and shows why.
            errors = [str(e) for errors in form.errors.values() for e in errors]
            return JsonResponse({"errors": errors}, status=409)
        return super().form_invalid(form)

    def submit(self, form):
        try:
            workflow.transition(self.object, "submit", by=self.request.user)
        except workflow.TransitionRefused as refused:
            for field, errors in refused.message_dict.items():
                target = field if field in form.fields else None
                if field == "authors":
                    target = "coauthors"
                for error in errors:
                    form.add_error(target, error)
            messages.warning(self.request, _("Saved, but not submitted yet: see what is missing."))
            # What was typed is saved: carry on from that version, not the one the form began at.
            saved = ArticleDeskForm(instance=self.object, user=self.request.user)
            form.data = form.data.copy()
            form.data[form.add_prefix("edited_version")] = saved["edited_version"].initial
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, _("Submitted for review. An editor will read it next."))
        return redirect("desk:home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = getattr(self, "object", None)
        if article is not None and article.pk:
            context["events"] = article.events.select_related("actor")
            context["wire_import"] = wire_review.latest(article)
        return context


class ArticleCreateView(ArticleFormMixin, CreateView):
    permission_required = "articles.add_article"


class ArticleUpdateView(ArticleFormMixin, UpdateView):
    permission_required = "articles.change_article"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not workflow.may_edit(self.object, request.user):
            return render(
                request,
                "desk/article_locked.html",
                {
                    "article": self.object,
                    "events": self.object.events.select_related("actor"),
                    "wire_import": wire_review.latest(self.object),
                },
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        # Checked again under the row lock (ArticleDeskForm.check_under_lock):
        # these answer at once in the common case.
        if self.is_autosave() and self.object.state not in workflow.AUTOSAVED_STATES:
            return JsonResponse(
                {
                    "errors": [
                        _("This piece is no longer a draft, so it was not saved automatically.")
                    ]
                },
                status=409,
            )
        if not workflow.may_edit(self.object, request.user):
            messages.error(
                request,
                _("This piece is %(state)s, so it cannot be changed from the desk now.")
                % {"state": self.object.get_state_display().lower()},
            )
            return redirect("desk:edit", pk=self.object.pk)
        # One transaction from the version check to the save: see VersionCheckMixin.
        with transaction.atomic():
            return super().post(request, *args, **kwargs)


class DeskLoginView(LoginView):
    """Sign-in: reporters land on the desk, editors in the admin, unless ?next= safely says otherwise."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if may_use_admin(self.request.user):
            return reverse("admin:index")
        return reverse("desk:home")


class DeskPasswordResetView(PasswordResetView):
    """Password reset whose mail links to the site's origin, whatever host the request named."""

    @property
    def extra_email_context(self):
        # Django would take these from the request's Host header and scheme.
        return {
            "protocol": origin.scheme(),
            "domain": origin.domain(),
            "site_name": settings.SITE_NAME,
        }
