"""Posting to a piece's discussion: the newsroom's comments, replies and "Resolve", and guests'.

Every view takes POST only, behind Django's CSRF check. Bad input answers
400 with the form and its messages, the text as typed kept; a piece the
person may not see is a 404; a guest's link that cannot take comments says
why (403 not open to comments, 404 revoked or unknown, 410 expired), and a
link taking too many comments a minute is a 429.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import ShareLink

from . import access, comments
from .forms import CommentForm, GuestCommentForm
from .models import Comment, CommentingLink

# How many comments one share link takes a minute, from all its guests together.
GUEST_COMMENTS_PER_MINUTE = 10


def _back(request, article):
    """Where to go after posting: ``next`` when it is ours, else the piece's edit page."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    if request.user.has_perm("articles.change_any_article"):
        return reverse("admin:articles_article_change", args=[article.pk])
    return reverse("desk:edit", kwargs={"pk": article.pk})


def _refused(request, form, back, status=400, message=""):
    return TemplateResponse(
        request,
        "discussion/comment_refused.html",
        {"form": form, "back": back, "message": message},
        status=status,
    )


@require_POST
@login_required
def post_comment(request, pk):
    """Add a comment, a reply or a paragraph comment to piece ``pk``'s discussion."""
    article = access.article_or_404(request.user, pk)
    back = _back(request, article)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return _refused(request, form, back)
    comments.add(
        article,
        form.cleaned_data["text"],
        author=request.user,
        parent=form.cleaned_data["parent"],
        anchor=form.cleaned_data["anchor"],
    )
    messages.success(request, _("Comment posted."))
    return redirect(f"{back.split('#')[0]}#discussion")


@require_POST
@login_required
def resolve_comment(request, pk):
    """Mark a comment resolved; a comment on a piece the person may not see is a 404."""
    comment = get_object_or_404(
        Comment.objects.filter(article__in=access.articles_for(request.user)), pk=pk
    )
    comments.resolve(comment, by=request.user)
    messages.success(request, _("Comment resolved."))
    return redirect(f"{_back(request, comment.article).split('#')[0]}#discussion")


@require_POST
def guest_comment(request, token):
    """A guest's comment on a paragraph, through a share link open to comments."""
    back = reverse("share", kwargs={"token": token})
    try:
        link = access.commenting_link(token)
    except access.LinkRefused as refused:
        return _refused(request, None, back, status=refused.status, message=refused.message)
    form = GuestCommentForm(request.POST, article=link.article)
    if not form.is_valid():
        return _refused(request, form, back)
    if form.cleaned_data["anchor"] is None:
        form.add_error(None, _("Choose the paragraph your comment is about."))
        return _refused(request, form, back)
    if _over_limit(link):
        message = _(
            "This link has taken many comments in the last minute. Wait a minute and send yours again."
        )
        return _refused(request, form, back, status=429, message=message)
    comments.add(
        link.article,
        form.cleaned_data["text"],
        guest_name=form.cleaned_data["name"],
        share_link=link,
        anchor=form.cleaned_data["anchor"],
    )
    return redirect(f"{back}#discussion")


def _over_limit(link):
    """Count one comment against ``link``'s minute; True when the minute's cap is passed."""
    limit = getattr(settings, "GUEST_COMMENTS_PER_MINUTE", GUEST_COMMENTS_PER_MINUTE)
    key = f"discussion:guest-comments:{link.pk}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # Expired between add and incr: this is the minute's first.
        cache.set(key, 1, timeout=60)
        count = 1
    # None: the shared cache is unreachable (django-redis ignores the error).
    # Comments still go through; the cap is a brake, not a lock.
    return count is not None and count > limit


@require_POST
@login_required
def link_comments(request, pk):
    """An editor opens a share link to guests' comments, or closes it again."""
    if not request.user.has_perm("articles.change_sharelink"):
        raise Http404(_("No share link at this address."))
    link = get_object_or_404(ShareLink, pk=pk)
    accepts = request.POST.get("accepts_comments") == "1"
    CommentingLink.objects.update_or_create(share_link=link, defaults={"accepts_comments": accepts})
    messages.success(
        request,
        _("Guests with this link may now comment.")
        if accepts
        else _("This link no longer takes comments."),
    )
    return redirect(f"{_back(request, link.article).split('#')[0]}#discussion")
