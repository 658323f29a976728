"""Assignments (planned pieces) and each person's private calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.models import Article, Section


class AssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Assignments ``user`` may see: every one for editors, else those naming them.

        Anyone else's assignment is left out, so its page answers 404 (its
        existence, like an unpublished piece's, is not shown).
        """
        if user.has_perm("planning.view_assignment"):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(reporters=user)

    def open_for(self, user):
        """``user``'s assignments still to write: not started, or their draft not yet submitted."""
        return (
            self.filter(reporters=user)
            .filter(
                Q(article__isnull=True) | Q(article__state__in=workflow.REPORTER_EDITABLE_STATES)
            )
            .select_related("section", "article")
            .prefetch_related("reporters")
            .order_by("due_at", "-priority", "pk")
        )

    def overdue(self):
        """Assignments past their due time whose piece has not reached an editor yet."""
        return self.filter(
            Q(article__isnull=True) | Q(article__state__in=workflow.REPORTER_EDITABLE_STATES),
            due_at__lt=timezone.now(),
        )

    def due_within(self, delta):
        """Assignments due between now and ``delta`` from now, their piece not yet with an editor."""
        now = timezone.now()
        return self.filter(
            Q(article__isnull=True) | Q(article__state__in=workflow.REPORTER_EDITABLE_STATES),
            due_at__gte=now,
            due_at__lt=now + delta,
        )


class Assignment(models.Model):
    """A piece an editor plans and gives to one or more reporters, before a word is written."""

    # Numbers, not text, so that the budget and the desk can sort by urgency.
    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")
        URGENT = 4, _("Urgent")

    headline = models.CharField(_("working headline"), max_length=200)
    brief = models.TextField(
        _("brief"),
        blank=True,
        help_text=_("What the piece should find out, whom to ask, how long it should be."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    reporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporters"),
        related_name="assignments",
        help_text=_("Each of them sees the assignment on their desk and may start the draft."),
    )
    due_at = models.DateTimeField(_("due at"), db_index=True)
    publish_at = models.DateTimeField(_("planned publish time"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority, default=Priority.NORMAL
    )
    article = models.OneToOneField(
        Article,
        verbose_name=_("draft"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignment",
        help_text=_("The piece written for this assignment, set by “Start writing”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "-priority", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(publish_at__isnull=True) | Q(publish_at__gte=models.F("due_at")),
                name="assignment_publish_after_due",
                violation_error_message=_(
                    "The planned publish time comes before the piece is due: "
                    "make it the same as the due time or later."
                ),
            )
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("planning:assignment", kwargs={"pk": self.pk})

    @property
    def is_overdue(self):
        """Past its due time while nobody has submitted the piece to an editor yet."""
        if self.due_at >= timezone.now():
            return False
        return self.article is None or self.article.state in workflow.REPORTER_EDITABLE_STATES

    @property
    def status_label(self):
        """ "Not started", or the state of the piece written for it."""
        if self.article is None:
            return _("Not started")
        return self.article.get_state_display()

    def reporter_names(self):
        """The reporters' names, in alphabetical order (from the prefetched reporters)."""
        names = [u.get_full_name() or u.get_username() for u in self.reporters.all()]
        return ", ".join(sorted(names))


def new_token():
    """A fresh secret for a calendar address: 256 bits, safe in a URL."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar address: anyone holding the token can read the feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    # When the current address was made: at the first visit, then at each reset.
    made_at = models.DateTimeField(_("address made at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("planning:feed", kwargs={"token": self.token})

    def reset(self):
        """Give the feed a new address; the old one answers 404 from now on."""
        self.token = new_token()
        self.save(update_fields=["token", "made_at"])
