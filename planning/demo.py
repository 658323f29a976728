"""The demo's assignments: a week of planned work for the Halden Bay desk.

Called by the articles app's demo loader once its accounts, sections and
stories exist. Keyed on the working headline: loading again changes nothing.
Due times are set from the day of the first load.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Section

from .models import Assignment
from .signals import assignment_given, send_on_commit

P = Assignment.Priority


@dataclass(frozen=True)
class Plan:
    section: str  # a section's slug
    reporters: list  # usernames
    due: tuple  # (days from today, hour)
    brief: str
    priority: int = P.NORMAL
    publish: int | None = None  # hours from due to the planned publish time
    story: str | None = None  # the slug of the demo story written for it


ASSIGNMENTS = {
    "Harbour crane inspection: what the report left out": Plan(
        section="business", reporters=["reporter"], due=(-1, 16), priority=P.URGENT,
        brief="The port authority published a two-page summary of the crane safety review. "
        "Ask for the full report, talk to the dockers' union and find out when the cranes "
        "were last certified. 600 words.",
    ),
    "Night buses: who rides them after midnight?": Plan(
        section="news", reporters=["reporter"], due=(1, 17), priority=P.HIGH, publish=15,
        brief="Ride the N3 and N7 one night this week. Talk to drivers, nurses coming off "
        "shift and students. How full are they, and what happens if the council cuts them?",
    ),
    "Council budget vote: what is on the table": Plan(
        section="politics", reporters=["reporter", "reporter2"], due=(3, 12), publish=6,
        brief="A preview of Thursday's vote. Sam: the housing lines and the ferry subsidy. "
        "Lena: what the culture budget loses. One piece, both bylines, a table of the five "
        "largest cuts.",
    ),
    "Ferry fares to rise from March": Plan(
        section="news", reporters=["reporter"], due=(0, 18), priority=P.HIGH, publish=14,
        story="ferry-fares-to-rise",
        brief="How much more a season ticket costs, who decided and why, and what islanders say.",
    ),
    "New playground at Sandhamn": Plan(
        section="news", reporters=["reporter"], due=(0, 11), priority=P.LOW,
        story="new-playground-at-sandhamn",
        brief="Short piece with a photo: opening day, the parents' group that raised the money.",
    ),
    "Jazz week: the line-up nobody expected": Plan(
        section="culture", reporters=["reporter2"], due=(2, 15), publish=18,
        brief="The festival announces its programme on Wednesday. Who is coming, who is not, "
        "ticket prices, and a word with the new artistic director.",
    ),
    "Record shop turns fifty": Plan(
        section="culture", reporters=["reporter2"], due=(1, 10), priority=P.LOW,
        story="record-shop-turns-fifty",
        brief="The owner's story and the regulars'. 500 words and a picture of the counter.",
    ),
}  # fmt: skip


def load():
    """Create the demo assignments that are missing; return how many were created."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_usernames())}
    if "editor" not in users:
        return 0
    today = timezone.localdate()
    created = 0
    for headline, plan in ASSIGNMENTS.items():
        if Assignment.objects.filter(headline=headline).exists():
            continue
        days, hour = plan.due
        due = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour))
        )
        publish = plan.publish
        story = plan.story
        with transaction.atomic():
            assignment = Assignment.objects.create(
                headline=headline,
                brief=plan.brief,
                section=Section.objects.filter(slug=plan.section).first(),
                due_at=due,
                publish_at=due + datetime.timedelta(hours=publish) if publish else None,
                priority=plan.priority,
                article=Article.objects.filter(slug=story, assignment__isnull=True).first()
                if story
                else None,
                created_by=users["editor"],
            )
            named = [users[name] for name in plan.reporters if name in users]
            assignment.reporters.set(named)
            send_on_commit(assignment_given, assignment, reporters=named, by=users["editor"])
        created += 1
    return created


def _usernames():
    return {"editor", *(name for plan in ASSIGNMENTS.values() for name in plan.reporters)}
