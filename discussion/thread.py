"""A piece's discussion as people read it: comments, replies and the workflow's notes."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from .models import Comment
from .paragraphs import fingerprint, locate, split


@dataclass
class Paragraph:
    """One paragraph of the body as it is now, with the comments anchored to it."""

    index: int
    text: str
    fingerprint: str
    comments: list = field(default_factory=list)

    @property
    def number(self):
        return self.index + 1


def comments_of(article, *, share_link=None, guest=False):
    """The top-level comments on ``article``, oldest first, with replies and names fetched.

    For a guest (``guest=True``) only paragraph comments: the newsroom's, and
    those made through the guest's own ``share_link``.
    """
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    comments = (
        Comment.objects.filter(article=article, parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )
    if guest:
        comments = comments.filter(
            Q(author__isnull=False) | Q(share_link=share_link), paragraph_hash__gt=""
        )
    return list(comments)


def place_comments(article, comments):
    """Anchor ``comments`` to ``article``'s paragraphs now; return ``(paragraphs, lost)``.

    Each comment on a paragraph gets ``place`` (a ``paragraphs.Place``) and,
    when found, ``paragraph_number``; ``lost`` are those whose paragraph is gone.
    """
    texts = split(article.body)
    paragraphs = [Paragraph(i, text, fingerprint(text)) for i, text in enumerate(texts)]
    fingerprints = [p.fingerprint for p in paragraphs]
    lost = []
    for comment in comments:
        if not comment.paragraph_hash:
            continue
        comment.place = locate(comment, texts, fingerprints)
        if comment.place.index is None:
            lost.append(comment)
        else:
            comment.paragraph_number = comment.place.index + 1
            paragraphs[comment.place.index].comments.append(comment)
    return paragraphs, lost


@dataclass(frozen=True)
class Entry:
    """One item of the thread: a comment (with its replies) or a workflow note."""

    when: object
    comment: Comment | None = None
    event: object = None


def thread(article):
    """The discussion of ``article``: comments and workflow notes, oldest first (newest last)."""
    comments = comments_of(article)
    place_comments(article, comments)
    notes = article.events.exclude(note="").select_related("actor")
    entries = [Entry(c.created_at, comment=c) for c in comments]
    entries += [Entry(e.created_at, event=e) for e in notes]
    return sorted(entries, key=lambda e: e.when)
