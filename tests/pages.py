"""A small newspaper for page-level tests: one of every public page type, with rich content."""

import datetime

from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from pages.models import Page

from . import factories

# Every body element beyond plain Markdown: an embed card, a pull quote, a fact box.
RICH_BODY = (
    "The museum put its film of the lift online.\n\n"
    "https://www.youtube.com/watch?v=aqz-KE-bpKQ\n\n"
    "> We wanted the museum to feel like the harbour.\n> — Karin Holt, director\n\n"
    "## The whale\n\n"
    "::: facts Key facts\n- Length: 19 metres\n- Found: 1896, Kestrel Island\n:::\n\n"
    "Entry is free for residents."
)


def build_newspaper():
    """Create published pieces with images, tags, corrections and sources; return the URLs to check."""
    section = factories.SectionFactory(name="Harbour", description="News from the waterfront.")
    other = factories.SectionFactory(name="Culture", description="Arts, books and music.")
    tag = factories.TagFactory(name="ferries")
    writer = factories.AuthorFactory(
        name="Ines Vogel", role="Transport correspondent", bio="Writes about boats."
    )
    wire = factories.AuthorFactory(name="Northern Wire Service", is_organisation=True, bio="")
    quay, boats, gulls = (
        factories.picture(alt=alt, caption=caption, credit="Photo: Newsroom", color=color)
        for alt, caption, color in [
            ("The city quay at night", "The quay before the last boat.", "navy"),
            ("Boats moored at Kestrel Island", "Kestrel Island harbour.", "teal"),
            ("Gulls over the ferry's wake", "", "gray"),
        ]
    )
    lead = factories.ArticleFactory(
        headline="Night ferries to the islands approved",
        standfirst="Boats will run after dark from March, the harbour authority said.",
        body=(
            "HALDEN BAY — The decision follows a year of complaints.\n\n"
            "## Who pays\n\nThe council pays for the first year.\n\n"
            "> “We waited long enough,” said one islander.\n\n- First boat: 23:10\n- Last boat: 01:40"
            f"\n\n![](picture:{quay.pk})\n\n"
            f'![Boats at the island quay](picture:{boats.pk} "Where the night boat will land.")\n'
            f"![](picture:{gulls.pk})"
        ),
        section=section,
        source_name="Northern Wire Service",
        source_url="https://example.org/wire/ferries",
        licence="© Northern Wire Service, used with permission",
        hero_image=factories.image_file(size=(1600, 900)),
        hero_alt="A ferry at the quay at dusk",
        hero_caption="The island ferry at Halden Bay.",
        hero_credit="Illustration: Newsroom",
        authors=[writer, wire],
    )
    lead.tags.add(tag)
    factories.published(lead, publish_at=timezone.now() - datetime.timedelta(hours=2))
    Correction.objects.create(
        article=lead, text="An earlier version gave the wrong departure time."
    )
    for n in range(3):
        piece = factories.published(
            headline=f"Harbour story number {n}",
            section=section if n % 2 else other,
            authors=[writer],
            publish_at=timezone.now() - datetime.timedelta(days=n + 1),
        )
        piece.tags.add(tag)
    rich = factories.published(
        headline="Harbour museum films its whale",
        section=other,
        authors=[writer],
        body=RICH_BODY,
        publish_at=timezone.now() - datetime.timedelta(days=5),
    )
    policy = Page.objects.create(
        title="Corrections policy",
        slug="corrections-policy",
        kind=Page.Kind.CORRECTIONS_POLICY,
        body="We correct mistakes openly.\n\n## How\n\n- A dated note under the piece.",
    )
    gone = factories.in_state("withdrawn", headline="Withdrawn piece", section=section)
    gone_url = gone.get_absolute_url()
    taken_down = factories.published(
        headline="Licensed wire piece",
        section=section,
        publish_at=timezone.now() - datetime.timedelta(days=3),
    )
    Article.objects.filter(pk=taken_down.pk).update(
        take_down_at=timezone.now() - datetime.timedelta(hours=1),
        take_down_note="Our licence for this agency copy has ended.",
    )
    return {
        "home": reverse("articles:home"),
        "section": section.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": writer.get_absolute_url(),
        "article": lead.get_absolute_url(),
        "article-rich": rich.get_absolute_url(),
        "search": reverse("articles:search") + "?q=ferries",
        "search-empty": reverse("articles:search"),
        "corrections": reverse("articles:corrections"),
        "about": policy.get_absolute_url(),
        "login": reverse("login"),
        "password-reset": reverse("password_reset"),
        "not-found": "/harbour/no-such-piece/",
        "gone": gone_url,
        "taken-down": taken_down.get_absolute_url(),
    }
