"""Who may see and join a piece's discussion: the newsroom by role, guests by their link.

Reporters see the discussions of the pieces they are on (created or on the
byline), editors every one; anyone else gets a 404, as for the piece itself.
A guest sees only what their share link opens, and comments only through a
link an editor has opened to comments.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import Article, ShareLink

from .models import CommentingLink


class LinkRefused(Exception):
    """A guest's link cannot take a comment: ``status`` and ``message`` say why."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def may_discuss(user):
    """True when ``user`` works in the newsroom (reporter or editor) and may join discussions."""
    return user.is_authenticated and user.has_perm("articles.view_article")


def articles_for(user):
    """The pieces whose discussion ``user`` may see and join (none for a guest)."""
    if not may_discuss(user):
        return Article.objects.none()
    return Article.objects.for_desk(user)


def article_or_404(user, pk):
    """The piece ``pk`` if ``user`` may see its discussion; else ``Http404``."""
    return get_object_or_404(articles_for(user), pk=pk)


def open_link(token):
    """The share link ``token`` names, if it shows its piece now; else raise.

    An unknown or revoked link, or one whose piece is withdrawn or under an
    embargo it may not show, is ``Http404`` (as the preview answers); an
    expired one is ``LinkRefused`` with 410.
    """
    link = (
        ShareLink.objects.filter(article__state__in=workflow.SHAREABLE_STATES, revoked=False)
        .select_related("article")
        .filter(token=token)
        .first()
    )
    if link is None or (link.article.is_embargoed and not link.shows_embargoed):
        raise Http404(_("No piece at this address."))
    if link.is_expired:
        raise LinkRefused(410, _("This share link has expired. Ask the newsroom for a new one."))
    return link


def commenting_link(token):
    """The share link ``token`` names, if guests may comment through it now; else raise.

    Besides ``open_link``'s refusals, a link not open to comments is
    ``LinkRefused`` with 403.
    """
    link = open_link(token)
    if not CommentingLink.accepts(link):
        raise LinkRefused(403, _("This share link shows the piece but does not take comments."))
    return link
