"""Many published pieces, fast: benchmark data for ``manage.py seed_bench`` (``make bench``).

Pieces are written with ``bulk_create`` in batches, so the workflow is not run
for each of them; the rows hold what ``workflow.transition()`` would have left
(state published, ``publish_at`` and ``first_published_at`` set, version 3
after create, submit and publish, a submit and a publish event). Headlines,
standfirsts and bodies are built from word lists so that search has something
to find. On PostgreSQL the search vector is a generated column and fills itself.
"""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from authors.models import Author

from .. import cache, markup
from ..models import Article, Byline, Section, Tag, WorkflowEvent
from ..slugs import readable_slug, unique_slug

SECTIONS = ["News", "Politics", "Business", "Culture", "Sport", "Science", "World"]

PLACES = [
    "Halden Bay", "Northport", "Eastmoor", "Kirkwall", "Ravensholm", "Westerby", "Oldcastle",
    "Brightwater", "Millbrook", "Stonehaven", "Ashford", "Greyhaven", "Fairlie", "Dunmore",
    "Larkfield", "Redcliffe", "Silverdale", "Thornbury", "Elmstead", "Marshgate",
]  # fmt: skip
SUBJECTS = [
    "council", "harbour authority", "ferry operator", "school board", "hospital trust",
    "police", "fishermen", "farmers", "shopkeepers", "residents", "teachers", "nurses",
    "the mayor", "the minister", "campaigners", "the university", "the library",
    "the football club", "the orchestra", "scientists", "developers", "the port",
    "bus drivers", "the fire service", "students", "pensioners", "the museum",
    "the water company", "the energy supplier", "the railway",
]  # fmt: skip
VERBS = [
    "approves", "rejects", "delays", "backs", "questions", "unveils", "cuts", "doubles",
    "defends", "challenges", "welcomes", "warns over", "votes on", "pauses", "revives",
    "funds", "scraps", "reviews", "expands", "celebrates",
]  # fmt: skip
OBJECTS = [
    "night ferry plan", "budget", "housing scheme", "wind farm", "bridge repairs",
    "new cycle lanes", "school closures", "flood defences", "tram extension",
    "parking charges", "rent controls", "library hours", "fishing quotas",
    "harbour dredging", "festival licence", "hospital ward", "bus timetable",
    "solar project", "tourist tax", "stadium plans", "museum extension",
    "water prices", "coastal path", "apprenticeships", "air quality rules",
    "election date", "recycling rules", "market hall", "heat pumps", "broadband rollout",
]  # fmt: skip
TOPICS = [
    "ferries", "housing", "energy", "climate", "schools", "health", "transport", "budget",
    "elections", "fishing", "farming", "tourism", "music", "theatre", "football", "rugby",
    "sailing", "science", "space", "technology", "broadband", "water", "floods", "wildlife",
    "crime", "courts", "policing", "jobs", "wages", "pensions", "trade", "shipping",
    "markets", "retail", "food", "restaurants", "books", "film", "art", "history",
    "heritage", "universities", "research", "medicine", "nursing", "cycling", "trams",
    "rail", "roads", "bridges", "parking", "planning", "rents", "taxes", "councils",
    "parliament", "ministers", "protests", "unions", "strikes", "weather", "storms",
    "coastline", "ports", "wind power", "solar power", "recycling", "waste", "air quality",
    "festivals", "museums", "libraries", "children", "older people", "charities",
    "volunteers", "churches", "immigration", "languages", "dialects", "fashion",
    "architecture", "gardens", "parks", "swimming", "athletics", "tennis", "chess",
    "local history", "archaeology", "astronomy", "birds", "fish stocks", "ice hockey",
    "orchestras", "jazz", "opera", "photography", "comics", "poetry", "podcasts",
    "start-ups", "banks",
]  # fmt: skip
FIRST_NAMES = [
    "Ines", "Mara", "Tomas", "Ada", "Jonas", "Lena", "Omar", "Priya", "Kasper", "Nadia",
    "Felix", "Sofia", "Aksel", "Hana", "Ruben", "Elif", "Marco", "Yara", "Oskar", "Leila",
    "Pavel", "Greta", "Samir", "Ingrid", "Theo",
]  # fmt: skip
LAST_NAMES = [
    "Vogel", "Lindqvist", "Okafor", "Brennan", "Haugen", "Moreau", "Castillo", "Novak",
    "Petrov", "Larsen", "Quinn", "Ahmadi", "Fischer", "Takeda", "Rossi", "Kowalski",
]  # fmt: skip
ROLES = ["Reporter", "Political editor", "Business correspondent", "Culture writer",
         "Sports reporter", "Science editor", "Foreign correspondent"]  # fmt: skip
FILLER = [
    "said on Tuesday", "according to figures published this week", "after months of talks",
    "despite strong objections", "in a close vote", "for the first time in a decade",
    "ahead of the winter", "as costs keep rising", "following a public consultation",
    "with support from both sides", "to the surprise of many", "before the summer recess",
]  # fmt: skip
CROSSHEADS = ["What happens next", "Why it matters", "The reaction", "The numbers",
              "Background", "What critics say", "The cost", "Who is affected"]  # fmt: skip
QUOTES = [
    "We waited long enough", "This is a good day for the town", "Nobody asked us",
    "The figures speak for themselves", "We will keep a close eye on it",
    "It is not the end of the story", "People here deserve better",
]  # fmt: skip

TAG_COUNT = 200
AUTHOR_COUNT = 50
SPREAD_DAYS = 730
SENTENCE_POOL = 4000


class BenchData:
    """Sections, tags, authors and a pool of sentences to build pieces from."""

    def __init__(self, rng):
        self.rng = rng
        self.sections = [_section(name) for name in SECTIONS]
        self.tags = [_tag(name) for name in _tag_names()]
        self.authors = [_author(name, rng) for name in _author_names()]
        self.editor = _editor()
        self.sentences = [self.sentence() for _ in range(SENTENCE_POOL)]

    def sentence(self):
        r = self.rng
        return (
            f"{r.choice(SUBJECTS).capitalize()} in {r.choice(PLACES)} {r.choice(VERBS)} "
            f"the {r.choice(OBJECTS)} {r.choice(FILLER)}, with {r.choice(TOPICS)} "
            f"and {r.choice(TOPICS)} high on the agenda."
        )

    def headline(self):
        r = self.rng
        headline = f"{r.choice(PLACES)} {r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)}"
        return headline[0].upper() + headline[1:]

    def body(self):
        r = self.rng
        paragraphs = []
        for n in range(r.randint(4, 8)):
            if n == 2:
                paragraphs.append(f"## {r.choice(CROSSHEADS)}")
            if n == 3:
                paragraphs.append(f"> “{r.choice(QUOTES)},” said one of the {r.choice(SUBJECTS)}.")
            paragraphs.append(" ".join(r.sample(self.sentences, r.randint(2, 4))))
        return "\n\n".join(paragraphs)


# Names are matched as the site matches them, ignoring case: a database that
# already holds "Ferries" (the demo, say) gets no second "ferries".
def _section(name):
    return Section.objects.filter(name__iexact=name).first() or Section.objects.create(name=name)


def _tag_names():
    names = list(TOPICS)
    names += PLACES
    names += [f"{topic} in {place}" for place in PLACES[:5] for topic in TOPICS[:20]]
    return names[:TAG_COUNT]


def _tag(name):
    tag = Tag.objects.filter(name__iexact=name).first()
    return tag or Tag.objects.create(name=name)


def _author_names():
    return [f"{first} {last}" for last in LAST_NAMES for first in FIRST_NAMES][::8][:AUTHOR_COUNT]


def _author(name, rng):
    author = Author.objects.filter(name__iexact=name).first()
    if author is None:
        author = Author.objects.create(
            name=name,
            slug=unique_slug(Author, name),
            role=rng.choice(ROLES),
            bio=f"{name} writes for the Newsroom.",
        )
    return author


def _editor():
    user, created = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"first_name": "Bench", "last_name": "Editor"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def seed(count, *, batch_size=2000, seed_value=None, progress=lambda message: None):
    """Create ``count`` published pieces spread over two years; return how many were made."""
    rng = random.Random(seed_value)
    data = BenchData(rng)
    now = timezone.now()
    first_serial = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    started = time.monotonic()
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        with transaction.atomic():
            _batch(data, now, first_serial + made, size)
        made += size
        rate = made / max(time.monotonic() - started, 0.001)
        progress(f"  {made:>7} / {count} pieces ({rate:,.0f} a second)")
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner knows the tables are big now.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # bulk_create sends no signals: start a new page-cache generation by hand.
    cache.bump()
    return made


def _batch(data, now, first_serial, size):
    r = data.rng
    articles = []
    for n in range(size):
        headline = data.headline()
        body = data.body()
        when = now - datetime.timedelta(seconds=r.randint(60, SPREAD_DAYS * 86400))
        articles.append(
            Article(
                headline=headline,
                slug=f"{readable_slug(headline, max_length=180)}-{first_serial + n}",
                standfirst=" ".join(r.sample(data.sentences, 2)),
                body=body,
                # bulk_create sends no pre_save: the HTML a save would store.
                body_html=markup.render(body),
                section=r.choice(data.sections),
                source_name=r.choice(["", "", "", "Northern Wire Service", "Harbour Gazette"]),
                state=Article.State.PUBLISHED,
                publish_at=when,
                first_published_at=when,
                created_by=data.editor,
                # Created (1), then saved by "submit" (2) and by "publish" (3).
                version=3,
            )
        )
    Article.objects.bulk_create(articles)
    if articles[0].pk is None:
        # Databases that do not return primary keys from bulk inserts.
        slugs = [a.slug for a in articles]
        ids = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        for article in articles:
            article.pk = ids[article.slug]
    _relations(data, articles)


def _relations(data, articles):
    r = data.rng
    bylines, tagged, events = [], [], []
    for article in articles:
        for position, author in enumerate(r.sample(data.authors, r.choice([1, 1, 1, 2]))):
            bylines.append(Byline(article_id=article.pk, author=author, position=position))
        for tag in r.sample(data.tags, r.randint(1, 4)):
            tagged.append(Article.tags.through(article_id=article.pk, tag_id=tag.pk))
        for name, source, target in [
            ("submit", Article.State.DRAFT, Article.State.IN_REVIEW),
            ("publish", Article.State.IN_REVIEW, Article.State.PUBLISHED),
        ]:
            events.append(
                WorkflowEvent(
                    article_id=article.pk,
                    transition=name,
                    from_state=source,
                    to_state=target,
                    actor=data.editor,
                )
            )
    Byline.objects.bulk_create(bylines)
    Article.tags.through.objects.bulk_create(tagged)
    WorkflowEvent.objects.bulk_create(events)
