"""``{% discussion %}`` for the desk's edit page and the admin change page, and
``{% paragraph_discussion %}`` for previews: a piece's discussion, placed by discussion itself."""

from django import template
from django.http import Http404

from .. import access
from ..forms import CommentForm, GuestCommentForm
from ..models import CommentingLink
from ..thread import comments_of, place_comments, thread

register = template.Library()


@register.inclusion_tag("discussion/includes/discussion.html", takes_context=True)
def discussion(context, article, look="desk"):
    """The thread of ``article`` (comments, replies, workflow notes) with its forms, in the
    ``look`` of "desk" or "admin"; nothing for someone who may not see it."""
    request = context["request"]
    if article is None or not access.articles_for(request.user).filter(pk=article.pk).exists():
        return {"show": False}
    shown = {
        "show": True,
        "look": look,
        "article": article,
        "entries": thread(article),
        "form": CommentForm(article=article),
        "next": request.get_full_path(),
    }
    if look == "admin" and request.user.has_perm("articles.change_sharelink"):
        links = list(article.share_links.filter(revoked=False))
        open_ids = set(
            CommentingLink.objects.filter(share_link__in=links, accepts_comments=True).values_list(
                "share_link_id", flat=True
            )
        )
        for link in links:
            link.accepts_comments = link.pk in open_ids
        shown["share_links"] = links
    return shown


@register.inclusion_tag("discussion/includes/paragraphs.html", takes_context=True)
def paragraph_discussion(context, article):
    """The comments on each paragraph of ``article``'s preview, with a form on each.

    The newsroom sees every paragraph comment; a guest on a share link open to
    comments sees the newsroom's and their link's, and a form asking their
    name; anyone else (a plain link) sees nothing.
    """
    request = context["request"]
    if access.articles_for(request.user).filter(pk=article.pk).exists():
        comments = [c for c in comments_of(article) if c.paragraph_hash]
        mode, form, link = "newsroom", CommentForm(article=article), None
    else:
        match = request.resolver_match
        if match is None or match.url_name != "share":
            return {"show": False}
        try:
            link = access.commenting_link(match.kwargs["token"])
        except (access.LinkRefused, Http404):
            return {"show": False}
        comments = comments_of(article, share_link=link, guest=True)
        mode, form = "guest", GuestCommentForm(article=article)
    paragraphs, lost = place_comments(article, comments)
    return {
        "show": True,
        "mode": mode,
        "article": article,
        "link": link,
        "paragraphs": paragraphs,
        "lost": lost,
        "form": form,
        "next": request.get_full_path(),
    }
