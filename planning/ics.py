"""A person's calendar (RFC 5545): their assignments' due times and their pieces' publish times."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from articles import origin, workflow
from articles.models import Article

from .models import Assignment

# A calendar app asks again every few hours: old events would only weigh on every answer.
HISTORY = datetime.timedelta(days=60)
# Due times and publish times are instants; a calendar shows them as short events.
LENGTH = datetime.timedelta(minutes=30)


def calendar_for(user, now=None):
    """The iCalendar document (bytes) of ``user``'s due times and scheduled publishes.

    Due times: assignments naming ``user`` or created by them, from 60 days
    ago on, with their planned publish times. Publishes: ``user``'s own pieces
    (created by them or with them on the byline) waiting to go live.
    """
    now = now or timezone.now()
    since = now - HISTORY
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Newsroom planning//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{settings.SITE_NAME}: {user.get_full_name() or user}")
    assignments = (
        Assignment.objects.filter(Q(reporters=user) | Q(created_by=user), due_at__gte=since)
        .select_related("section", "article")
        .distinct()
    )
    for assignment in assignments:
        calendar.add_component(_due_event(assignment, now))
        if assignment.publish_at and (
            assignment.article is None or assignment.article.state != Article.State.PUBLISHED
        ):
            calendar.add_component(_planned_event(assignment, now))
    waiting = (
        Article.objects.scheduled()
        .filter(Q(created_by=user) | Q(bylines__author__user=user))
        .select_related("section")
        .distinct()
    )
    for article in waiting:
        calendar.add_component(_publish_event(article, now))
    return calendar.to_ical()


def _event(uid, summary, start, now, url, description=""):
    event = Event()
    event.add("uid", f"{uid}@{origin.domain()}")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", start + LENGTH)
    event.add("summary", summary)
    event.add("url", origin.absolute_url(url))
    if description:
        event.add("description", description)
    return event


def _due_event(assignment, now):
    state = assignment.status_label
    description = f"{state}. {assignment.brief}".strip()
    url = (
        reverse("desk:edit", args=[assignment.article_id])
        if assignment.article_id
        else assignment.get_absolute_url()
    )
    event = _event(
        f"assignment-{assignment.pk}-due",
        f"Due: {assignment.headline}",
        assignment.due_at,
        now,
        url,
        description,
    )
    if assignment.is_overdue:
        event.add("categories", ["Overdue"])
    if assignment.article and assignment.article.state not in workflow.REPORTER_EDITABLE_STATES:
        event.add("status", "CONFIRMED")
    return event


def _planned_event(assignment, now):
    return _event(
        f"assignment-{assignment.pk}-publish",
        f"Planned publish: {assignment.headline}",
        assignment.publish_at,
        now,
        assignment.get_absolute_url(),
    )


def _publish_event(article, now):
    start = max(filter(None, [article.publish_at, article.embargo_until]))
    return _event(
        f"article-{article.pk}-publish",
        f"Publishes: {article.headline}",
        start,
        now,
        reverse("desk:preview", args=[article.pk]),
        article.standfirst,
    )
