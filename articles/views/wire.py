"""The desk's wire import: paste copy, review what went where, put left-out lines back."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView

from .. import editing, wire, wire_review, workflow
from ..forms import WireImportForm
from ..models import Article
from .desk import DeskArticleMixin


class WireImportView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Paste agency copy, get a structured draft, and see at once what went where."""

    permission_required = "articles.add_article"
    form_class = WireImportForm
    template_name = "desk/wire_import.html"

    def form_valid(self, form):
        parsed = wire.parse(form.cleaned_data["wire_copy"])
        try:
            # Copy within the form's limit can still make a longer body (escapes, list markers).
            Article._meta.get_field("body").run_validators(parsed.body)
        except ValidationError as error:
            form.add_error("wire_copy", error)
            return self.form_invalid(form)
        with transaction.atomic():
            article, left_out = editing.create_from_wire(parsed, by=self.request.user)
            notes = [line for line in left_out if line not in parsed.left_out]
            wire_review.record(article, parsed, by=self.request.user, notes=notes)
        messages.success(
            self.request, _("Draft created from the wire copy. Check it before you submit.")
        )
        return redirect("desk:wire-review", pk=article.pk)


@method_decorator(never_cache, name="dispatch")
class WireReviewView(DeskArticleMixin, PermissionRequiredMixin, DetailView):
    """The pasted copy beside the draft, each line marked with where it went."""

    permission_required = "articles.add_article"
    template_name = "desk/wire_review.html"
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        wire_import = wire_review.latest(self.object)
        if wire_import is None:
            raise Http404("This piece was not imported from wire copy.")
        return super().get_context_data(
            wire_import=wire_import,
            lines=wire_review.review_lines(wire_import),
            may_put_back=workflow.may_edit(self.object, self.request.user),
            **kwargs,
        )


class WirePutBackView(DeskArticleMixin, PermissionRequiredMixin, View):
    """Put one left-out line back into the body, as its last paragraph."""

    permission_required = "articles.change_article"

    def post(self, request, pk):
        article = get_object_or_404(self.get_queryset(), pk=pk)
        text = request.POST.get("line", "")
        if not text.strip():
            return HttpResponseBadRequest(_("Say which left-out line to put back."))
        try:
            wire_review.put_back(article, text, by=request.user)
        except wire_review.PutBackRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("Put back at the end of the body. Move it where it belongs.")
            )
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            return redirect(next_url)
        return redirect("desk:wire-review", pk=article.pk)
