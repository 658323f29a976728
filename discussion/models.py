"""Notifications and each person's inbox, the mail sent for it, section editors, and discussions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The notifications addressed to ``user``, newest first."""
        return self.filter(recipient=user).order_by("-created_at", "-pk")

    def unread(self):
        """The ones not yet marked read."""
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing one person should know about: an item in their inbox, and perhaps a mail."""

    class Event(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CORRECTED = "corrected", _("Corrected")
        COMMENT = "comment", _("New comment")
        ASSIGNED = "assigned", _("Assigned to you")
        DUE_SOON = "due_soon", _("Due within 24 hours")
        OVERDUE = "overdue", _("Overdue")

    class Mail(models.TextChoices):
        OFF = "off", _("Not sent (mail off or no address)")
        WAITING = "waiting", _("Waiting to be sent")
        RETRYING = "retrying", _("Failed, will try again")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, gave up")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("event"), max_length=30, choices=Event)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("piece"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(_("what happened"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    url = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("A path used instead of the piece's.")
    )
    # One event gives each person one notification, however often it is announced.
    key = models.CharField(_("event key"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    mail = models.CharField(_("mail"), max_length=10, choices=Mail, default=Mail.WAITING)
    mail_attempts = models.PositiveSmallIntegerField(_("mail attempts"), default=0)
    mail_sent_at = models.DateTimeField(_("mail sent at"), null=True, blank=True)
    mail_next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    mail_error = models.TextField(_("last mail error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_event",
            )
        ]

    def __str__(self):
        return self.text

    def link_for(self, *, editor):
        """The path this item opens: the admin change page for editors, the desk's for reporters."""
        if self.url:
            return self.url
        if self.article_id is None:
            return reverse("discussion:inbox")
        if editor:
            url = reverse("admin:articles_article_change", args=[self.article_id])
        else:
            url = reverse("desk:edit", kwargs={"pk": self.article_id})
        # A comment opens where it is: the piece's discussion on that page.
        return f"{url}#discussion" if self.event == self.Event.COMMENT else url


class NotificationSettings(models.Model):
    """A person's choices about their notifications."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    mail_enabled = models.BooleanField(_("Send me my notifications by mail"), default=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)

    @classmethod
    def wants_mail(cls, user):
        """True unless ``user`` turned mail off (or has no address to send it to)."""
        if not user.email:
            return False
        return not cls.objects.filter(user=user, mail_enabled=False).exists()


class SectionEditor(models.Model):
    """An editor who reviews one section's pieces: submissions there go to them alone."""

    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        ordering = ["section", "user"]
        verbose_name = _("section editor")
        verbose_name_plural = _("section editors")
        constraints = [
            models.UniqueConstraint(fields=["section", "user"], name="section_editor_once")
        ]

    def __str__(self):
        return f"{self.user} — {self.section}"


class Comment(models.Model):
    """A remark in a piece's discussion, from the newsroom or a guest, perhaps on one paragraph.

    A paragraph is found again by the hash of its text, so edits to other
    paragraphs (or moving it) never lose it; when its own text changed, its
    position is the fallback and the comment keeps the text it was made on,
    to say so (``discussion.paragraphs.locate``).
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("piece"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    guest_name = models.CharField(_("guest's name"), max_length=100, blank=True)
    share_link = models.ForeignKey(
        "articles.ShareLink",
        verbose_name=_("through share link"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("Comment"), max_length=5000)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    paragraph_index = models.PositiveIntegerField(_("paragraph position"), null=True, blank=True)
    paragraph_hash = models.CharField(_("paragraph fingerprint"), max_length=16, blank=True)
    paragraph_text = models.TextField(_("paragraph as commented on"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["article", "created_at"], name="comment_article_idx")]

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"

    @property
    def author_name(self):
        """The name shown with the comment: the person's full name or username, else the guest's."""
        if self.author is not None:
            return self.author.get_full_name() or self.author.get_username()
        return self.guest_name or _("Someone")

    @property
    def is_guest(self):
        return self.author_id is None and bool(self.guest_name)

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class CommentingLink(models.Model):
    """Whether a share link lets its guests comment on the preview (a lawyer, a source)."""

    share_link = models.OneToOneField(
        "articles.ShareLink",
        verbose_name=_("share link"),
        on_delete=models.CASCADE,
        related_name="commenting",
    )
    accepts_comments = models.BooleanField(_("Accepts comments"), default=False)

    class Meta:
        verbose_name = _("commenting share link")
        verbose_name_plural = _("commenting share links")

    def __str__(self):
        return str(self.share_link)

    @classmethod
    def accepts(cls, link):
        """True when ``link`` (a ``ShareLink``) lets guests comment."""
        return cls.objects.filter(share_link=link, accepts_comments=True).exists()
