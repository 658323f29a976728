"""The demo's own pages for the Halden Bay newspaper: its policies and its masthead."""

from authors.models import Author

from .models import Page

CORRECTIONS_POLICY = """\
We try to get every fact right the first time. When we do not, we say so.

## How we correct

- A mistake of fact is corrected on the piece itself, as soon as we have checked it, with a dated
  note under the piece saying what was wrong. We do not quietly change the text.
- A piece that was accurate but could be misread gets a **clarification**; one that events have
  overtaken gets an **update**.
- Every correction, clarification and update is also listed on our
  [corrections page](/corrections/), newest first, with its own feed.
- We withdraw a piece only when it cannot be put right by a correction, for example when a legal
  obligation or the safety of a person requires it. Its address then says when and why it was
  withdrawn.

## Telling us about a mistake

Write to the managing editor at corrections@example.org, naming the piece and what you believe is
wrong. We answer every message within two working days, whether or not we make a change.
"""

ETHICS_POLICY = """\
We report on Halden Bay and the islands for the people who live there, not for the people we
write about.

## Independence

No one outside the newsroom sees a piece before it is published: not a source, not an advertiser,
not the council. Our reporters do not accept gifts worth more than a cup of coffee, and they tell
their editor about any interest that touches what they cover.

## Sources

We say where our facts come from. Copy from news agencies carries the agency's name; a quotation
is from the person named, said to us unless the piece says otherwise. We grant anonymity only when
a source would be at risk, and then the editor knows who the source is.

## Fairness

Anyone we criticise gets the chance to answer before we publish, and their answer is in the piece.
Opinion is marked as opinion; the views in columns are the writers' own.

## Mistakes

When we get something wrong we correct it openly; see our corrections policy.
"""


def masthead(authors):
    """The masthead in Markdown: the editors, then the reporters and writers, each with their role."""
    people = [a for a in authors if not a.is_organisation]
    editors = [a for a in people if "editor" in a.role.lower()]
    writers = [a for a in people if a not in editors]

    def lines(group):
        return "\n".join(f"- [{a.name}]({a.get_absolute_url()}), {a.role}" for a in group)

    return (
        "The people who make the paper. Write to any of us at firstname@example.org.\n\n"
        f"## Editors\n\n{lines(editors)}\n\n"
        f"## Reporters and writers\n\n{lines(writers)}\n\n"
        "## Agencies\n\nWe also publish copy from Northern Wire Service, always under its name.\n"
    )


def load():
    """Create the corrections policy, ethics policy and masthead pages unless they exist (by slug).

    A page that exists is left as it is, so an editor's changes survive a second run.
    """
    authors = list(Author.objects.order_by("name"))
    pages = [
        (
            "corrections-policy",
            "Corrections policy",
            Page.Kind.CORRECTIONS_POLICY,
            CORRECTIONS_POLICY,
        ),
        ("ethics-policy", "Ethics policy", Page.Kind.ETHICS_POLICY, ETHICS_POLICY),
        ("masthead", "Masthead", Page.Kind.MASTHEAD, masthead(authors)),
    ]
    for slug, title, kind, body in pages:
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "kind": kind, "body": body})
