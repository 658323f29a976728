"""The story budget: what the newsroom plans, writes and publishes, day by day for a week.

``week_of(value)`` reads the week asked for; ``Budget(monday)`` gathers its
lines in a fixed number of queries, however many assignments and pieces the
week holds.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.models import Article, Byline

from .models import Assignment

State = Article.State


class BadWeek(ValueError):
    """The week asked for is neither ``YYYY-Www`` nor a date."""


def week_of(value, today=None):
    """The Monday of the week ``value`` names: ``2026-W49``, a date in it, or nothing (this week).

    Raises ``BadWeek`` with a message a person can act on.
    """
    today = today or timezone.localdate()
    value = (value or "").strip()
    if not value:
        day = today
    else:
        try:
            if "W" in value.upper():
                year, week = value.upper().split("-W")
                day = datetime.date.fromisocalendar(int(year), int(week), 1)
            else:
                day = datetime.date.fromisoformat(value)
        except ValueError:
            raise BadWeek(
                _("“%(value)s” is not a week: give one as 2026-W49, or a date such as 2026-12-02.")
                % {"value": value[:40]}
            ) from None
    return day - datetime.timedelta(days=day.weekday())


def iso_week(day):
    """``day``'s week as ``YYYY-Www``, the form the budget's links use."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# The kinds of line, in the order the budget lists them within a day.
KINDS = {
    "not_started": _("Not started"),
    "due": _("Due"),
    "in_review": _("In review"),
    "scheduled": _("Scheduled"),
    "published": _("Published"),
}


@dataclass
class Line:
    kind: str
    headline: str
    when: datetime.datetime
    people: str
    state: str
    section: str = ""
    assignment: Assignment = None
    article: Article = None
    overdue: bool = False
    priority: str = ""

    @property
    def kind_label(self):
        return KINDS[self.kind]


@dataclass
class Day:
    date: datetime.date
    lines: list = field(default_factory=list)

    @property
    def is_today(self):
        return self.date == timezone.localdate()


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Budget:
    """The week starting on ``monday`` (a date in the site's time zone), as ``days``."""

    def __init__(self, monday):
        self.monday = monday
        self.start = _start_of(monday)
        self.end = _start_of(monday + datetime.timedelta(days=7))
        self.days = [Day(monday + datetime.timedelta(days=n)) for n in range(7)]
        self.now = timezone.now()
        lines = [*self._assignment_lines(), *self._article_lines()]
        order = list(KINDS)
        lines.sort(key=lambda line: (line.when, order.index(line.kind), line.headline))
        for line in lines:
            self.days[(timezone.localtime(line.when).date() - monday).days].lines.append(line)

    @property
    def previous_week(self):
        return iso_week(self.monday - datetime.timedelta(days=7))

    @property
    def next_week(self):
        return iso_week(self.monday + datetime.timedelta(days=7))

    @property
    def week(self):
        return iso_week(self.monday)

    @property
    def sunday(self):
        return self.monday + datetime.timedelta(days=6)

    def _assignment_lines(self):
        """Assignments due this week not yet with an editor: not started, or being written."""
        assignments = (
            Assignment.objects.filter(due_at__gte=self.start, due_at__lt=self.end)
            .filter(
                Q(article__isnull=True) | Q(article__state__in=workflow.REPORTER_EDITABLE_STATES)
            )
            .select_related("section", "article")
            .prefetch_related("reporters")
        )
        for assignment in assignments:
            article = assignment.article
            yield Line(
                kind="not_started" if article is None else "due",
                headline=article.headline if article else assignment.headline,
                when=assignment.due_at,
                people=assignment.reporter_names(),
                state=str(assignment.status_label),
                section=assignment.section.name if assignment.section else "",
                assignment=assignment,
                article=article,
                overdue=assignment.due_at < self.now,
                priority=assignment.get_priority_display(),
            )

    def _article_lines(self):
        """Pieces in review (on their due day, else the day last saved), scheduled and published."""
        start, end = self.start, self.end
        in_review = Q(state=State.IN_REVIEW) & (
            Q(assignment__due_at__gte=start, assignment__due_at__lt=end)
            | Q(assignment__isnull=True, modified_at__gte=start, modified_at__lt=end)
        )
        # Live from the later of the two: a publish time inside the week, or an embargo's end.
        published = Q(state=State.PUBLISHED) & (
            Q(publish_at__gte=start, publish_at__lt=end)
            | Q(embargo_until__gte=start, embargo_until__lt=end)
        )
        waiting = set(Article.objects.scheduled().filter(published).values_list("pk", flat=True))
        articles = (
            Article.objects.filter(in_review | published)
            .select_related("section", "assignment")
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )
        for article in articles:
            assignment = getattr(article, "assignment", None)
            if article.state == State.IN_REVIEW:
                kind = "in_review"
                when = assignment.due_at if assignment else article.modified_at
            else:
                # A piece already taken down was still published that day.
                kind = "scheduled" if article.pk in waiting else "published"
                when = max(filter(None, [article.publish_at, article.embargo_until]))
                if not self.start <= when < self.end:
                    continue
            yield Line(
                kind=kind,
                headline=article.headline,
                when=when,
                people=", ".join(b.author.name for b in article.bylines.all()),
                state=str(KINDS[kind]),
                section=article.section.name if article.section else "",
                assignment=assignment,
                article=article,
                priority=assignment.get_priority_display() if assignment else "",
            )

    @property
    def counts(self):
        """How many lines of each kind the week holds, as ``[(label, count), …]``."""
        lines = [line for day in self.days for line in day.lines]
        return [(label, sum(line.kind == kind for line in lines)) for kind, label in KINDS.items()]
