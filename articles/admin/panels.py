"""The admin index's newsroom panel: how many pieces wait in each state."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Article


def state_counts(request):
    """Return ``[(label, count, changelist_url)]`` per state, plus scheduled, for editors."""
    if not request.user.has_perm("articles.view_article"):
        return []
    counts = dict(Article.objects.values_list("state").annotate(n=Count("pk")).order_by())
    changelist = reverse("admin:articles_article_changelist")
    rows = [
        (state.label, counts.get(state.value, 0), f"{changelist}?state__exact={state.value}")
        for state in Article.State
    ]
    rows.append(
        (
            _("Scheduled"),
            Article.objects.scheduled().count(),
            f"{changelist}?scheduled=yes",
        )
    )
    return rows
