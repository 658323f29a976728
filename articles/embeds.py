"""Embed cards: a body paragraph that is only an allow-listed provider's URL.

The card is made when the body is saved, from the URL alone (nothing is
fetched from the provider, then or ever, on our side). It shows the provider's
name and the link; ``static/js/embeds.js`` adds a "Load" button that builds
the provider's player from the card's data attributes. Until the reader
clicks it, the page asks nothing of the provider: no script, frame or image.

Each provider matches whole URLs with a strict pattern of its own (exact host,
an ID of the provider's form), so a lookalike host, an odd character or an
unknown address leaves the paragraph as the reporter wrote it. The
Content-Security-Policy's ``frame-src`` is ``FRAME_ORIGINS``, the players'
origins and nothing else.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Query strings the providers' share links carry (?si=…, &t=42s, ?utm_source=…),
# which the player does not need. Anything else in a URL leaves it a plain link.
_QUERY = r"(?:[?&][A-Za-z0-9_.~=&%+-]*)?"
# The longest URL we consider; every provider's share link is far shorter.
MAX_URL_LENGTH = 300

# The player's sandbox: its own scripts on its own origin (harmless for a
# cross-origin frame), and links that open the provider's site in a new tab.
_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
_VIDEO_ALLOW = "autoplay; encrypted-media; fullscreen; picture-in-picture"


@dataclass(frozen=True)
class Embed:
    """A matched URL: what the card shows and the player it may load."""

    provider: "Provider"
    url: str
    player: str
    shape: str

    @property
    def title(self):
        """The player's accessible name, such as "YouTube video"."""
        return f"{self.provider.name} {self.provider.kind}"


@dataclass(frozen=True)
class Provider:
    """One allow-listed provider: the URLs it matches and how its player is built."""

    name: str
    kind: str  # What the player shows, for its title: "video", "post", "chart"…
    origin: str  # The player's origin, allowed by the CSP's frame-src.
    patterns: tuple
    player: object  # match -> the player's URL on ``origin``
    shape: object  # The card's class, which sizes the player (site.css); or match -> class.
    allow: str = ""
    sandbox: str = _SANDBOX

    def match(self, url):
        """The ``Embed`` for ``url``, or None when ``url`` is not one of ours."""
        for pattern in self.patterns:
            found = pattern.fullmatch(url)
            if found:
                shape = self.shape(found) if callable(self.shape) else self.shape
                return Embed(self, url, self.player(found), shape)
        return None


def _patterns(*sources):
    return tuple(re.compile(source + _QUERY) for source in sources)


PROVIDERS = (
    Provider(
        "YouTube",
        gettext_lazy("video"),
        "https://www.youtube-nocookie.com",
        _patterns(
            r"https://(?:www\.|m\.)?youtube\.com/watch\?v=(?P<id>[A-Za-z0-9_-]{11})",
            r"https://(?:www\.)?youtube\.com/(?:shorts|embed|live)/(?P<id>[A-Za-z0-9_-]{11})",
            r"https://youtu\.be/(?P<id>[A-Za-z0-9_-]{11})",
        ),
        lambda m: f"https://www.youtube-nocookie.com/embed/{m['id']}?autoplay=1",
        "video",
        allow=_VIDEO_ALLOW,
        sandbox=_SANDBOX + " allow-presentation",
    ),
    Provider(
        "Vimeo",
        gettext_lazy("video"),
        "https://player.vimeo.com",
        _patterns(
            r"https://(?:www\.)?vimeo\.com/(?P<id>[0-9]{1,12})(?:/(?P<hash>[0-9a-f]{6,20}))?/?",
            r"https://player\.vimeo\.com/video/(?P<id>[0-9]{1,12})",
        ),
        lambda m: (
            f"https://player.vimeo.com/video/{m['id']}?dnt=1&autoplay=1"
            + (f"&h={m['hash']}" if m.groupdict().get("hash") else "")
        ),
        "video",
        allow=_VIDEO_ALLOW,
        sandbox=_SANDBOX + " allow-presentation",
    ),
    Provider(
        "X",
        gettext_lazy("post"),
        "https://platform.twitter.com",
        _patterns(
            r"https://(?:www\.|mobile\.)?(?:twitter|x)\.com/[A-Za-z0-9_]{1,15}/status/(?P<id>[0-9]{1,20})/?",
        ),
        lambda m: f"https://platform.twitter.com/embed/Tweet.html?id={m['id']}&dnt=true",
        "post",
    ),
    Provider(
        "Instagram",
        gettext_lazy("post"),
        "https://www.instagram.com",
        _patterns(
            r"https://(?:www\.)?instagram\.com/(?:p|reel|tv)/(?P<code>[A-Za-z0-9_-]{5,40})/?",
        ),
        lambda m: f"https://www.instagram.com/p/{m['code']}/embed/",
        "post",
    ),
    Provider(
        "Bluesky",
        gettext_lazy("post"),
        "https://embed.bsky.app",
        _patterns(
            r"https://bsky\.app/profile/(?P<actor>did:plc:[a-z2-7]{24}"
            r"|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62})"
            r"/post/(?P<rkey>[a-z2-7]{13})/?",
        ),
        lambda m: f"https://embed.bsky.app/embed/{m['actor']}/app.bsky.feed.post/{m['rkey']}",
        "post",
    ),
    Provider(
        "TikTok",
        gettext_lazy("video"),
        "https://www.tiktok.com",
        _patterns(
            r"https://(?:www\.)?tiktok\.com/@[A-Za-z0-9_.]{1,24}/video/(?P<id>[0-9]{15,21})/?",
        ),
        lambda m: f"https://www.tiktok.com/player/v1/{m['id']}",
        "portrait",
        allow="encrypted-media; fullscreen; picture-in-picture",
        sandbox=_SANDBOX + " allow-presentation",
    ),
    Provider(
        "SoundCloud",
        gettext_lazy("audio"),
        "https://w.soundcloud.com",
        _patterns(
            r"https://(?:www\.|m\.)?soundcloud\.com/(?P<path>[a-z0-9_-]{1,64}/(?:sets/)?[a-z0-9_-]{1,128})/?",
        ),
        lambda m: (
            "https://w.soundcloud.com/player/?url="
            + quote(f"https://soundcloud.com/{m['path']}", safe="")
        ),
        "audio",
        allow="autoplay",
    ),
    Provider(
        "Spotify",
        gettext_lazy("audio"),
        "https://open.spotify.com",
        _patterns(
            r"https://open\.spotify\.com/(?:intl-[a-z]{2}(?:-[A-Za-z]{2})?/)?"
            r"(?P<kind>track|album|playlist|episode|show|artist)/(?P<id>[A-Za-z0-9]{22})/?",
        ),
        lambda m: f"https://open.spotify.com/embed/{m['kind']}/{m['id']}",
        lambda m: "audio" if m["kind"] in {"track", "episode"} else "audio-tall",
        allow="autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture",
    ),
    Provider(
        "Datawrapper",
        gettext_lazy("chart"),
        "https://datawrapper.dwcdn.net",
        _patterns(
            r"https://datawrapper\.dwcdn\.net/(?P<id>[A-Za-z0-9]{5})(?:/(?P<version>[0-9]{1,4}))?/?",
            r"https://(?:www\.)?datawrapper\.de/_/(?P<id>[A-Za-z0-9]{5})/?",
        ),
        lambda m: (
            f"https://datawrapper.dwcdn.net/{m['id']}/"
            + (f"{m['version']}/" if m.groupdict().get("version") else "")
        ),
        "chart",
    ),
    Provider(
        "Flourish",
        gettext_lazy("chart"),
        "https://flo.uri.sh",
        _patterns(
            r"https://public\.flourish\.studio/(?P<kind>visualisation|story)/(?P<id>[0-9]{1,12})/?",
            r"https://flo\.uri\.sh/(?P<kind>visualisation|story)/(?P<id>[0-9]{1,12})(?:/embed)?/?",
        ),
        lambda m: f"https://flo.uri.sh/{m['kind']}/{m['id']}/embed",
        "chart",
    ),
)

# The Content-Security-Policy's frame-src: these players and nothing else.
FRAME_ORIGINS = tuple(dict.fromkeys(provider.origin for provider in PROVIDERS))

# "https://…" alone, or the autolink "<https://…>".
_ALONE = re.compile(r"<?(https://[^\s<>]+)>?")


def find(text):
    """The ``Embed`` for a paragraph whose whole text is an allow-listed URL, else None."""
    text = text.strip()
    if len(text) > MAX_URL_LENGTH or "\n" in text:
        return None
    alone = _ALONE.fullmatch(text)
    if not alone or (text.startswith("<") != text.endswith(">")):
        return None
    for provider in PROVIDERS:
        embed = provider.match(alone[1])
        if embed:
            return embed
    return None


def card(embed):
    """The card's HTML: provider, link, and the hidden "Load" button our script reveals."""
    return format_html(
        '<figure class="embed embed-{shape}" data-embed-src="{player}" '
        'data-embed-title="{title}" data-embed-allow="{allow}" data-embed-sandbox="{sandbox}">\n'
        '<figcaption class="embed-provider">{title}</figcaption>\n'
        '<p class="embed-link"><a href="{url}" rel="noopener noreferrer nofollow">{url}</a></p>\n'
        '<p class="embed-note" hidden>{note}</p>\n'
        '<button type="button" class="embed-load" hidden>{load}'
        '<span class="visually-hidden"> {title}</span></button>\n'
        "</figure>\n",
        shape=embed.shape,
        player=embed.player,
        title=embed.title,
        allow=embed.provider.allow,
        sandbox=embed.provider.sandbox,
        url=embed.url,
        note=_("Loading it brings in content from %(provider)s, which may set cookies.")
        % {"provider": embed.provider.name},
        load=_("Load"),
    )


def embed_plugin(md):
    """markdown-it plugin: top-level URL-only paragraphs become ``embed`` tokens.

    Runs after the block parser and before inline parsing. The token carries
    the ``Embed`` in ``meta``; ``join()`` puts the card in its place after
    the rest of the body has been sanitised, so the card's attributes never
    pass through (or widen) the sanitiser's allow-list. Rendered on its own,
    an ``embed`` token is the paragraph it replaced.
    """

    def embeds(state):
        tokens = state.tokens
        kept = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            found = (
                token.type == "paragraph_open"
                and token.level == 0
                and index + 2 < len(tokens)
                and find(tokens[index + 1].content)
            )
            if found:
                token.type, token.tag, token.nesting = "embed", "", 0
                token.meta = {"embed": found}
                token.content = tokens[index + 1].content
                kept.append(token)
                index += 3
                continue
            kept.append(token)
            index += 1
        state.tokens = kept

    def render_embed(self, tokens, index, options, env):
        return format_html("<p>{}</p>\n", tokens[index].content)

    md.core.ruler.after("block", "embeds", embeds)
    md.add_render_rule("embed", render_embed)


def join(tokens, render_part):
    """The body's HTML: ``render_part(tokens)`` for each run between embeds, cards between.

    Each run is rendered and sanitised on its own, so raw HTML around an embed
    (an unclosed ``<a>``, say) is closed before the card and cannot wrap it.
    """
    parts = []
    run = []
    for token in tokens:
        if token.type == "embed":
            if run:
                parts.append(render_part(run))
                run = []
            parts.append(card(token.meta["embed"]))
        else:
            run.append(token)
    if run or not parts:
        parts.append(render_part(run))
    return "".join(parts)
