"""Demo content for local development: a believable Halden Bay newspaper.

The stories are data, in ``stories/*.yaml``. ``load()`` is idempotent:
everything is keyed on slugs and usernames, a story that exists already is
left alone but for a demo correction it lacks, so running it twice changes
nothing. State changes go through ``workflow.transition()``.
"""

import datetime
import re
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from authors.models import Author
from pictures import images
from pictures.models import Picture

from .. import editing, workflow
from ..models import Article, Correction, Section, Tag
from ..slugs import readable_slug
from .people import ACCOUNTS, AUTHORS, PASSWORD, SECTIONS, TAGS
from .pictures import LIBRARY, illustration

# In this order: the stories are created as listed, first file first.
STORY_FILES = [
    Path(__file__).with_name("stories") / "news-politics-business.yaml",
    Path(__file__).with_name("stories") / "culture-sport-science-and-the-workflow.yaml",
]


class DemoRefused(Exception):
    """Demo accounts have well-known passwords: never on a production site."""


@dataclass
class Report:
    created: int = 0
    existing: int = 0


def load(progress=lambda message: None):
    """Create the demo accounts, sections, tags, authors and stories; return a ``Report``.

    Raises ``DemoRefused`` (changing nothing) when ``DEBUG`` is off.
    """
    if not settings.DEBUG:
        raise DemoRefused(
            "Demo content and accounts are for local development only (DEBUG is off). "
            "Run with DEBUG=1, as `make run` does."
        )
    with transaction.atomic():
        users = _accounts()
        sections = _sections()
        tags = _tags()
        authors = _authors(users)
        library = _library()
    report = Report()
    now = timezone.now()
    for story in load_stories():
        article = Article.objects.filter(slug=story["slug"]).first()
        if article is not None:
            report.existing += 1
        else:
            with transaction.atomic():
                story = {**story, "body": _placed(story["body"], library)}
                article = _story(story, now, users, sections, tags, authors)
            report.created += 1
            progress(f"  {story['state']:<17} {story['headline']}")
        _corrections(article, story, users["editor"])
    _other_apps_demos()
    return report


def _other_apps_demos():
    """Load each other installed app's ``demo`` module, in ``INSTALLED_APPS`` order.

    Apps built on articles (the newspaper's own pages, say) bring their demo
    content the way they bring their admin: a module Django finds by name, so
    articles never imports them.
    """
    for config in apps.get_app_configs():
        if config.name != "articles" and module_has_submodule(config.module, "demo"):
            import_module(f"{config.name}.demo").load()


def load_stories():
    """Every demo story, as the dicts ``stories/*.yaml`` describe (see their header)."""
    found = []
    for path in STORY_FILES:
        with path.open(encoding="utf-8") as handle:
            found.extend(yaml.safe_load(handle))
    return found


def _library():
    """The demo's library pictures (``pictures.LIBRARY``), each made once; ``{key: Picture}``."""
    found = {}
    for key, (palette, scene, caption, credit) in LIBRARY.items():
        mark = f"© Newsroom demo ({key})"
        picture = Picture.objects.filter(copyright=mark).first()
        if picture is None:
            upload, alt = illustration(key, palette, scene)
            images.validate_image(upload)
            picture = Picture.objects.create(
                image=images.clean_image(upload),
                alt=alt,
                caption=caption,
                credit=credit,
                copyright=mark,
            )
        found[key] = picture
    return found


def _placed(body, library):
    """``body`` with each ``picture:@key`` naming the demo library's picture by its number."""
    return re.sub(r"picture:@([\w-]+)", lambda m: f"picture:{library[m.group(1)].pk}", body)


def _accounts():
    users = {}
    User = get_user_model()
    for username, (first, last, group, _) in ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return users


def _sections():
    sections = {}
    for position, (slug, name, description) in enumerate(SECTIONS):
        sections[slug], _ = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    return sections


def _tags():
    return {
        name: Tag.objects.get_or_create(slug=readable_slug(name), defaults={"name": name})[0]
        for name in TAGS
    }


def _authors(users):
    by_author_slug = {author_slug: users[u] for u, (*_, author_slug) in ACCOUNTS.items()}
    authors = {}
    for slug, (name, role, bio, is_organisation) in AUTHORS.items():
        authors[slug], _ = Author.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "role": role,
                "bio": bio,
                "is_organisation": is_organisation,
                "user": by_author_slug.get(slug),
            },
        )
    return authors


def _story(story, now, users, sections, tags, authors):
    editor = users["editor"]
    writer = next((u for u in users.values() if u.author.slug in story["authors"]), None)
    source = story.get("source", {})
    article = Article(
        slug=story["slug"],
        headline=story["headline"],
        standfirst=story["standfirst"],
        body=story["body"],
        section=sections[story["section"]],
        source_name=source.get("name", ""),
        source_url=source.get("url", ""),
        created_by=writer or editor,
    )
    if story.get("image", True):
        upload, alt = illustration(story["slug"], story["section"])
        images.validate_image(upload)
        # Through the saving module, so the picture goes into the library.
        article.new_hero_image = images.clean_image(upload)
        article.hero_alt = alt
        article.hero_caption = f"{article.section.name}: {story['headline']}"
        article.hero_credit = "Illustration: Newsroom demo"
    editing.save(
        article,
        by=writer or editor,
        tags=[tags[name].name for name in story["tags"]],
        byline=[authors[slug] for slug in story["authors"]],
        comment="Demo content.",
    )
    _move_through_workflow(article, story, now, writer or editor, editor)
    return article


def _corrections(article, story, editor):
    """Append the story's public corrections, each once, to its piece when readers can see it."""
    if not story.get("corrections"):
        return
    if not Article.objects.published().filter(pk=article.pk).exists():
        return
    for correction in story["corrections"]:
        Correction.objects.get_or_create(
            article=article,
            text=correction["text"],
            defaults={"kind": correction["kind"], "created_by": editor},
        )


def _move_through_workflow(article, story, now, writer, editor):
    state, note = story["state"], story.get("note", "")
    when = now - datetime.timedelta(days=story["age"])
    if state == "draft":
        return
    workflow.transition(article, "submit", by=writer)
    if state == "changes_requested":
        workflow.transition(article, "request_changes", by=editor, note=note)
    elif state in ("published", "scheduled", "withdrawn"):
        workflow.transition(article, "publish", by=editor, publish_at=when)
    if state == "withdrawn":
        reason = story.get("public_reason", "")
        workflow.transition(article, "withdraw", by=editor, note=note, public_reason=reason)
