import cProfile
import pstats
import socket
from unittest import mock
from urllib.parse import urlsplit

from django.test import SimpleTestCase, TestCase
from lxml import html as lxml_html

from articles import embeds
from articles.markup import render

from . import factories

# One share link per provider, and the player it must load.
PLAYERS = {
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ": (
        "YouTube",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
    ),
    "https://youtu.be/dQw4w9WgXcQ?si=Zx8a": (
        "YouTube",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
    ),
    "https://www.youtube.com/shorts/dQw4w9WgXcQ": (
        "YouTube",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
    ),
    "https://vimeo.com/76979871": (
        "Vimeo",
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
    ),
    "https://vimeo.com/76979871/8d1c6f3a2b": (
        "Vimeo",
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=8d1c6f3a2b",
    ),
    "https://x.com/HaldenBay/status/1790000000000000000": (
        "X",
        "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&dnt=true",
    ),
    "https://twitter.com/HaldenBay/status/20?s=20": (
        "X",
        "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
    ),
    "https://www.instagram.com/p/C1a2B3c4D5e/": (
        "Instagram",
        "https://www.instagram.com/p/C1a2B3c4D5e/embed/",
    ),
    "https://bsky.app/profile/haldenbay.bsky.social/post/3kq2w4x5y6z7a": (
        "Bluesky",
        "https://embed.bsky.app/embed/haldenbay.bsky.social/app.bsky.feed.post/3kq2w4x5y6z7a",
    ),
    "https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx/post/3kq2w4x5y6z7a": (
        "Bluesky",
        "https://embed.bsky.app/embed/did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3kq2w4x5y6z7a",
    ),
    "https://www.tiktok.com/@haldenbay/video/7234567890123456789": (
        "TikTok",
        "https://www.tiktok.com/player/v1/7234567890123456789",
    ),
    "https://soundcloud.com/halden-radio/harbour-hour": (
        "SoundCloud",
        "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fhalden-radio%2Fharbour-hour",
    ),
    "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk": (
        "Spotify",
        "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk",
    ),
    "https://open.spotify.com/intl-de/album/4rOoJ6Egrf8K2IrywzwOMk": (
        "Spotify",
        "https://open.spotify.com/embed/album/4rOoJ6Egrf8K2IrywzwOMk",
    ),
    "https://datawrapper.dwcdn.net/aB3dE/4/": (
        "Datawrapper",
        "https://datawrapper.dwcdn.net/aB3dE/4/",
    ),
    "https://www.datawrapper.de/_/aB3dE/": ("Datawrapper", "https://datawrapper.dwcdn.net/aB3dE/"),
    "https://public.flourish.studio/visualisation/1234567/": (
        "Flourish",
        "https://flo.uri.sh/visualisation/1234567/embed",
    ),
}

# Addresses that look like a provider's but are not, or carry something odd.
NOT_EMBEDS = [
    "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://evil.example/www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
    "https://wwwyoutube.com/watch?v=dQw4w9WgXcQ",
    "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch?v=dQw4w9WgXc",
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ"onmouseover=alert(1)',
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ#<script>",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&x='><script>alert(1)</script>",
    "https://youtu.be/dQw4w9WgXcQ/../../evil",
    "https://vimeo.com/channels/staffpicks",
    "https://x.com/HaldenBay",
    "https://x.com.evil.example/HaldenBay/status/20",
    "https://bsky.app/profile/haldenbay.bsky.social/post/3KQ2W4X5Y6Z7A",
    "https://embed.bsky.app.evil.example/embed/x",
    "https://open.spotify.com/track/short",
    "https://datawrapper.dwcdn.net.evil.example/aB3dE/",
    "https://flo.uri.sh.evil.example/visualisation/1/embed",
    "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://example.org/article",
]


def card_of(html):
    """The first embed card in ``html`` as an lxml element, or None."""
    cards = lxml_html.fragment_fromstring(str(html), create_parent="div").find_class("embed")
    return cards[0] if cards else None


class EmbedCardTests(SimpleTestCase):
    def test_each_provider_url_alone_in_a_paragraph_becomes_its_card(self):
        """A provider's share link alone in a paragraph shows a card naming the provider, with its player ready."""
        for url, (provider, player) in PLAYERS.items():
            with self.subTest(url=url):
                card = card_of(render(f"Before.\n\n{url}\n\nAfter."))
                self.assertIsNotNone(card)
                self.assertEqual(card.get("data-embed-src"), player)
                self.assertTrue(card.get("data-embed-title").startswith(provider + " "))
                self.assertIn(provider, card.find("figcaption").text_content())
                link = card.find(".//a")
                self.assertEqual(link.get("href"), url)
                self.assertEqual(link.text_content(), url)
                self.assertIn("allow-scripts", card.get("data-embed-sandbox"))
                self.assertNotIn("allow-top-navigation", card.get("data-embed-sandbox"))

    def test_each_card_is_sized_for_what_its_player_shows(self):
        """Videos are wide, TikToks tall, a Spotify episode a strip and an album a taller list."""
        for url, shape in [
            ("https://youtu.be/dQw4w9WgXcQ", "embed-video"),
            ("https://www.tiktok.com/@haldenbay/video/7234567890123456789", "embed-portrait"),
            ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk", "embed-audio"),
            ("https://open.spotify.com/album/4rOoJ6Egrf8K2IrywzwOMk", "embed-audio-tall"),
            ("https://x.com/HaldenBay/status/20", "embed-post"),
            ("https://datawrapper.dwcdn.net/aB3dE/", "embed-chart"),
        ]:
            with self.subTest(url=url):
                self.assertIn(shape, card_of(render(url)).classes)

    def test_the_autolink_form_is_an_embed_too(self):
        """<https://youtu.be/…> on its own line is a card like the bare address."""
        card = card_of(render("<https://youtu.be/dQw4w9WgXcQ>"))
        self.assertEqual(
            card.get("data-embed-src"),
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        )

    def test_the_card_loads_nothing_until_asked(self):
        """The card has no iframe, script, image or provider address in a src; its Load button starts hidden."""
        html = str(render("https://www.youtube.com/watch?v=dQw4w9WgXcQ"))
        for needle in ("<iframe", "<script", "<img", " src=", "srcset", "<link"):
            self.assertNotIn(needle, html)
        card = card_of(html)
        button = card.find(".//button")
        self.assertEqual(button.get("type"), "button")
        self.assertIsNotNone(button.get("hidden"))
        self.assertTrue(button.text_content().startswith("Load"))

    def test_lookalike_and_odd_addresses_stay_as_written(self):
        """Lookalike hosts, plain http, bad IDs and injected characters are never cards."""
        for url in NOT_EMBEDS:
            with self.subTest(url=url):
                html = str(render(url))
                self.assertIsNone(card_of(html))
                self.assertNotIn("data-embed", html)
                root = lxml_html.fragment_fromstring(html, create_parent="div")
                self.assertEqual(root.findall(".//script"), [])
                for element in root.iter():
                    self.assertEqual([a for a in element.attrib if a.startswith("on")], [])
                    self.assertNotIn("javascript", element.get("href", ""))

    def test_a_url_inside_a_sentence_list_or_quotation_is_not_an_embed(self):
        """Only a top-level paragraph that is nothing but the address becomes a card."""
        url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        for body in [
            f"Watch {url} now.",
            f"[the video]({url})",
            f"- {url}",
            f"> {url}",
            f"{url}\n{url}",
            f"    {url}",
        ]:
            with self.subTest(body=body):
                self.assertIsNone(card_of(render(body)))

    def test_hostile_html_cannot_forge_a_card(self):
        """Raw HTML cannot make a card or a player: data attributes, iframes and buttons are removed."""
        html = str(
            render(
                '<figure class="embed" data-embed-src="https://evil.example/">x</figure>\n\n'
                '<button class="embed-load">Load</button>\n\n'
                '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>'
            )
        )
        self.assertNotIn("data-embed", html)
        self.assertNotIn("<button", html)
        self.assertNotIn("<iframe", html)
        self.assertNotIn('class="embed"', html)

    def test_raw_html_around_an_embed_cannot_wrap_the_card(self):
        """An unclosed link before the address is closed before the card starts."""
        html = str(
            render('<a href="https://evil.example/">\n\nhttps://youtu.be/dQw4w9WgXcQ\n\n</a>')
        )
        root = lxml_html.fragment_fromstring(html, create_parent="div")
        card = root.find_class("embed")[0]
        self.assertEqual(list(card.iterancestors("a")), [])

    def test_no_network_call_when_rendering(self):
        """Rendering a body full of embeds opens no connection to anyone."""
        body = "\n\n".join(PLAYERS)
        refuse = AssertionError("network call")
        with (
            mock.patch.object(socket, "socket", side_effect=refuse),
            mock.patch.object(socket, "create_connection", side_effect=refuse),
        ):
            html = str(render(body))
        self.assertEqual(html.count('class="embed '), len(PLAYERS))

    def test_many_embeds_cost_linear_work(self):
        """Ten times as many embeds cost about ten times the work."""

        def calls(count):
            profile = cProfile.Profile()
            profile.runcall(render, "https://youtu.be/dQw4w9WgXcQ\n\n" * count)
            return pstats.Stats(profile).total_calls

        self.assertLess(calls(1000) / calls(100), 15)


class FramePolicyTests(TestCase):
    def test_frames_are_allowed_from_exactly_the_providers_players(self):
        """The Content-Security-Policy's frame-src lists each provider's player origin and nothing else."""
        response = self.client.get(factories.published().get_absolute_url())
        directives = dict(
            part.strip().split(" ", 1)
            for part in response["Content-Security-Policy"].split(";")
            if " " in part.strip()
        )
        self.assertEqual(
            set(directives["frame-src"].split()),
            {provider.origin for provider in embeds.PROVIDERS},
        )
        self.assertEqual(
            set(directives["frame-src"].split()),
            {
                "https://www.youtube-nocookie.com",
                "https://player.vimeo.com",
                "https://platform.twitter.com",
                "https://www.instagram.com",
                "https://embed.bsky.app",
                "https://www.tiktok.com",
                "https://w.soundcloud.com",
                "https://open.spotify.com",
                "https://datawrapper.dwcdn.net",
                "https://flo.uri.sh",
            },
        )
        self.assertEqual(directives["default-src"], "'self'")

    def test_every_player_is_on_an_allowed_origin(self):
        """No card's player lies outside the frame-src the policy allows."""
        for url, (_provider, player) in PLAYERS.items():
            with self.subTest(url=url):
                parts = urlsplit(player)
                self.assertIn(f"{parts.scheme}://{parts.netloc}", embeds.FRAME_ORIGINS)


class EmbedPageTests(TestCase):
    def test_article_page_with_an_embed_loads_our_script_only(self):
        """A piece with an embed loads embeds.js from our site; one without loads no script."""
        with_embed = factories.published(body="Intro.\n\nhttps://youtu.be/dQw4w9WgXcQ")
        without = factories.published(body="Just words.")
        response = self.client.get(with_embed.get_absolute_url())
        self.assertContains(response, "js/embeds.js")
        self.assertContains(response, 'data-embed-src="https://www.youtube-nocookie.com/embed/')
        self.assertNotContains(response, "<iframe")
        self.assertNotContains(self.client.get(without.get_absolute_url()), "<script src")
