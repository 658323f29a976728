"""Factories for tests. A published piece is made through the workflow, never by setting state."""

import datetime
import io

import factory
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles import editing, workflow
from articles.models import Article, Byline, Section, Tag
from articles.roles import EDITORS, REPORTERS
from articles.slugs import unique_slug
from authors.models import Author
from pictures import images
from pictures.models import Picture


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pw-for-tests")


def reporter(username="reporter"):
    """A user in the Reporters group with an Author of their own."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=REPORTERS))
    AuthorFactory(user=user, name=user.get_full_name() or username)
    return user


def editor(username="editor"):
    """A user in the Editors group (not staff, not superuser)."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Section {n}")
    description = "Stories from this part of the paper."


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"tag {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Faker("name")
    slug = factory.LazyAttribute(lambda author: unique_slug(Author, author.name))
    role = "Reporter"
    bio = "Covers the city for the Newsroom."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft that passes the publish checklist, with one author on its byline."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Harbour council votes on plan {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved as every piece is, through ``editing.save`` (renditions and revision included).

        ``hero_image``, an upload, goes into the picture library as the desk's would.
        """
        upload = kwargs.pop("hero_image", None)
        article = model_class(*args, **kwargs)
        if upload:
            article.new_hero_image = images.clean_image(upload)
        editing.save(article, by=article.created_by)
        return article

    standfirst = "The vote ends a year of argument about the old docks."
    body = "The council met on Tuesday.\n\n## What happens next\n\nWork starts in spring."
    section = factory.SubFactory(SectionFactory)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(
            extracted if extracted is not None else [AuthorFactory()]
        ):
            Byline.objects.create(article=self, author=author, position=position)


# The transitions that lead a new draft to each state, in order.
PATHS = {
    Article.State.DRAFT: [],
    Article.State.IN_REVIEW: ["submit"],
    Article.State.CHANGES_REQUESTED: ["submit", "request_changes"],
    Article.State.PUBLISHED: ["submit", "publish"],
    Article.State.WITHDRAWN: ["submit", "publish", "withdraw"],
}


def in_state(state, *, article=None, publish_at=None, **kwargs):
    """Return a piece moved to ``state`` by an editor through ``workflow.transition()``.

    ``article`` is a draft to move; without it, ``ArticleFactory(**kwargs)``
    makes one. ``publish_at`` is when a published or withdrawn piece went live
    (a future value schedules it; default a minute ago); a new piece in another
    state gets it as the "Publish at" an editor typed.
    """
    if article is None:
        article = ArticleFactory(publish_at=publish_at, **kwargs)
    path = PATHS[state]
    if "publish" in path and publish_at is None:
        publish_at = timezone.now() - datetime.timedelta(minutes=1)
    for name in path:
        t = workflow.TRANSITIONS[name]
        workflow.transition(
            article,
            name,
            by=_workflow_editor(),
            note="Set up for a test." if t.note_required else "",
            public_reason="Set up for a test." if t.public_reason_required else "",
            publish_at=publish_at if name == "publish" else None,
        )
    return article


def submitted(article=None, **kwargs):
    """Return a piece in review, submitted by an editor."""
    return in_state(Article.State.IN_REVIEW, article=article, **kwargs)


def published(article=None, *, publish_at=None, **kwargs):
    """Return a piece published through the workflow (scheduled when publish_at is future)."""
    return in_state(Article.State.PUBLISHED, article=article, publish_at=publish_at, **kwargs)


def _workflow_editor():
    return editor("factory-editor")


def image_file(name="photo.jpg", size=(64, 48), image_format="JPEG", color="navy"):
    """An uploaded image file made with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def picture(size=(1600, 900), color="navy", **kwargs):
    """A library picture, stored with its renditions and crops."""
    upload = image_file(size=size, color=color)
    kwargs.setdefault("alt", "A harbour at dusk")
    return Picture.objects.create(image=images.clean_image(upload), **kwargs)
