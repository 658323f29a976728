"""The demo's discussions: an editor's question on a paragraph with the reporter's reply,
and a share link open to comments with a lawyer's note on it.

Called by the articles app's demo loader once its accounts and stories exist.
Keyed on each comment's text: loading again changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, ShareLink

from . import comments
from .models import Comment, CommentingLink
from .paragraphs import fingerprint, split

# (story slug, paragraph position, who, text, reply from, reply text)
DISCUSSIONS = [
    (
        "bus-drivers-short-staffed", 2, "editor",
        "38 out of how many driver posts? Readers need the size of the gap.",
        "reporter", "Asking the authority now; I will add it with the union's comment.",
    ),
]  # fmt: skip

# (story slug, guest's name, paragraph position, text)
GUEST_COMMENTS = [
    (
        "new-playground-at-sandhamn", "Ingrid Dahl (the paper's lawyer)", 0,
        "Fine to publish. Keep the contractor unnamed until the council signs.",
    ),
]  # fmt: skip


def _anchor(article, index):
    texts = split(article.body)
    if index >= len(texts):
        return None
    return (index, fingerprint(texts[index]), texts[index])


def load():
    """Add the demo comments and the commenting share link that are missing."""
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["editor", "reporter"])
    }
    if len(users) < 2:
        return
    for slug, index, who, text, replier, reply in DISCUSSIONS:
        article = Article.objects.filter(slug=slug).first()
        if article is None or Comment.objects.filter(article=article, text=text).exists():
            continue
        first = comments.add(article, text, author=users[who], anchor=_anchor(article, index))
        comments.add(article, reply, author=users[replier], parent=first)
    for slug, name, index, text in GUEST_COMMENTS:
        article = Article.objects.filter(slug=slug).first()
        if article is None or Comment.objects.filter(article=article, text=text).exists():
            continue
        link = ShareLink.objects.create(
            article=article,
            created_by=users["editor"],
            expires_at=timezone.now() + datetime.timedelta(days=30),
        )
        CommentingLink.objects.create(share_link=link, accepts_comments=True)
        comments.add(
            article, text, guest_name=name, share_link=link, anchor=_anchor(article, index)
        )
