"""Planning's pages: the story budget (editors), assignments on the desk, calendar feeds."""

from django.contrib import admin, messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from articles import origin

from . import ics
from .budget import BadWeek, Budget, week_of
from .models import Assignment, CalendarFeed
from .writing import start_writing


def budget_view(request):
    """The story budget for ``?week=`` (``2026-W49`` or a date; this week without one)."""
    if not request.user.has_perm("planning.view_assignment"):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Story budget"),
    }
    try:
        monday = week_of(request.GET.get("week"))
    except BadWeek as error:
        context.update(error=error, budget=Budget(week_of(None)))
        return TemplateResponse(request, "planning/budget.html", context, status=400)
    context["budget"] = Budget(monday)
    return TemplateResponse(request, "planning/budget.html", context)


# The admin's own guard: editors only, anyone else is sent to sign in.
budget = admin.site.admin_view(budget_view)


class AssignmentMixin(LoginRequiredMixin):
    """Another reporter's assignment is a 404, not a 403: its existence is not shown."""

    def get_queryset(self):
        return (
            Assignment.objects.for_user(self.request.user)
            .select_related("section", "article", "created_by")
            .prefetch_related("reporters")
        )


@method_decorator(never_cache, name="dispatch")
class AssignmentDetailView(AssignmentMixin, DetailView):
    """One assignment on the desk: the brief in full, who writes it, and "Start writing"."""

    template_name = "planning/assignment_detail.html"
    context_object_name = "assignment"

    def get_context_data(self, **kwargs):
        assignment = self.object
        names_me = any(user.pk == self.request.user.pk for user in assignment.reporters.all())
        return super().get_context_data(may_start=names_me, **kwargs)


class StartWritingView(AssignmentMixin, PermissionRequiredMixin, View):
    """POST: make the assignment's draft (once) and open it in the desk's edit form."""

    permission_required = "articles.add_article"
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(self.get_queryset().filter(reporters=request.user), pk=pk)
        article, created = start_writing(assignment, by=request.user)
        if created:
            messages.success(request, _("Draft started. The brief is beside the body."))
        else:
            messages.info(request, _("This assignment’s draft was started already: here it is."))
        return redirect("desk:edit", pk=article.pk)


@method_decorator(never_cache, name="dispatch")
class CalendarSettingsView(LoginRequiredMixin, View):
    """The signed-in person's calendar address, and a button giving it a new secret."""

    def get(self, request):
        feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
        context = {"feed": feed, "feed_url": origin.absolute_url(feed.get_absolute_url())}
        return TemplateResponse(request, "planning/calendar.html", context)

    def post(self, request):
        feed, created = CalendarFeed.objects.get_or_create(user=request.user)
        if not created:
            feed.reset()
        messages.success(
            request,
            _(
                "Your calendar has a new address. The old one no longer works: "
                "subscribe again with the address below."
            ),
        )
        return redirect("planning:calendar")


@require_safe
def calendar_feed(request, token):
    """GET: the calendar (``text/calendar``) whose secret is ``token``; 404 for any other."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404(_("No calendar at this address. It may have been given a new one."))
    response = HttpResponse(
        ics.calendar_for(feed.user), content_type="text/calendar; charset=utf-8"
    )
    # Personal: never kept by a shared cache, never indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Disposition"] = 'inline; filename="newsroom.ics"'
    return response
