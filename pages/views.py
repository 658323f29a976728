from django.views.generic import DetailView

from articles.origin import absolute_url

from .models import Page


class PageDetailView(DetailView):
    """One of the newspaper's own pages: a policy, the masthead."""

    model = Page
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        canonical = absolute_url(self.object.get_absolute_url())
        return super().get_context_data(canonical=canonical, **kwargs)
