import datetime

import time_machine
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from reversion.models import Version

from articles import markup
from articles.models import Article
from articles.wire import parse
from articles.wire_eval import lost_lines

from . import factories

AGENCY_WITH_TEASER = """The city council voted late on Tuesday to close the old fish market, ending three centuries of trading on the quay. Traders said they would appeal.
By MARTA KOWALSKA, Baltic Press
HALDEN BAY (BP) - The vote was 23 to 18.
Traders gathered outside the hall.
What happens next
The market closes in June.
• Stalls move to the new hall
• Rents are frozen for a year
-30-
Marta Kowalska is a correspondent for Baltic Press based in Halden Bay.
© 2026 Baltic Press. All rights reserved.
"""

NWS_BLANK_LINES = """Harbour authority approves night ferries to the islands

HALDEN BAY, Nov 24 (NWS) — Night ferries to the outer islands will run from March, the harbour authority said on Tuesday.

The decision follows a year of complaints from island workers.

Timetable

The first boat leaves at 23:10 and the last returns at 01:40.

Source: Northern Wire Service (https://example.org/nws/ferries)
"""

GERMAN_HARD_WRAPPED = """Museum am Hafen öffnet wieder

BERLIN (dpa) - Das Museum öffnet wieder: „Wir freuen uns“, sagte die Direktorin.
Es war zwei Jahre geschlossen, weil das Dach
erneuert werden musste.

Quelle: dpa https://example.org/dpa/museum
###
I am a freelance writer based in Berlin."""

FRENCH_PARTNER = """Le port de Halden Bay accueille un voilier centenaire

HALDEN BAY — « C’est un rêve », a déclaré le capitaine… Le navire restera trois jours.

Via Agence Maritime
"""

SYNDICATED_WITH_DISCLOSURE = """Why the tram will not fix the ring road

Every city wants a tram. Few ask what it replaces.

The ring road carries forty thousand cars a day.

Disclosure: The author owns shares in a bus company.
"""

CRLF_COPY = "Storm warning for the coast\r\n\r\nHALDEN BAY (NWS) - Gales are expected tonight.\r\n\r\n(Northern Wire Service)\r\n"

AP_STYLE_CREDITS = """Quay wall repaired ahead of winter

HALDEN BAY (AP) — Engineers finished repairs to the quay wall on Friday.

The work cost 2 million euros.

(Reporting by Jan Holt; Editing by Lise Berg)
END
"""

MARKDOWN_LOOKALIKES = """Council lists its priorities

HALDEN BAY — The council published its list on Monday.

# of votes needed: 21

> not a quote in the original

1. is the number of the first item in the report
"""

ONE_LINE = "Lighthouse keeper retires"

BYLINE_TWO_NAMES = """Schools to open an hour later in winter

By Aino Salo and Tomas Berg

HALDEN BAY — Schools will open at nine from December.

Copyright 2026 Halden Bay Courier
"""

PA_STYLE = """Ferry fares to rise by 4 per cent

Fares on the island ferries will rise by 4 per cent from January, the operator said.

Return tickets will cost 12.40 euros.

ENDS
"""

CONTROL_CHARACTERS = "Bad\x0b headline\x00\n\nBody text with a bell\x07 in it."


class WireParsingTests(SimpleTestCase):
    def test_long_teaser_first_line_becomes_standfirst_with_a_proposed_headline(self):
        """A first line of two sentences becomes the standfirst, and a shorter headline is proposed."""
        draft = parse(AGENCY_WITH_TEASER)
        self.assertTrue(draft.standfirst.startswith("The city council voted late on Tuesday"))
        self.assertTrue(draft.standfirst.endswith("Traders said they would appeal."))
        self.assertLess(len(draft.headline.split()), 14)
        self.assertTrue(draft.headline.startswith("The city council voted"))

    def test_short_first_line_is_the_headline(self):
        """A short first line is taken as the headline, with no standfirst invented."""
        draft = parse(NWS_BLANK_LINES)
        self.assertEqual(draft.headline, "Harbour authority approves night ferries to the islands")
        self.assertEqual(draft.standfirst, "")

    def test_crossheads_become_markdown_headings(self):
        """Short lines standing alone between paragraphs become ## crossheads."""
        self.assertIn("\n\n## Timetable\n\n", parse(NWS_BLANK_LINES).body)
        self.assertIn("\n\n## What happens next\n\n", parse(AGENCY_WITH_TEASER).body)

    def test_source_lines_set_the_attribution_and_leave_the_body(self):
        """Source:, Via, (Agency), Copyright and © lines become the source, not body text."""
        cases = [
            (NWS_BLANK_LINES, "Northern Wire Service", "https://example.org/nws/ferries"),
            (GERMAN_HARD_WRAPPED, "dpa", "https://example.org/dpa/museum"),
            (FRENCH_PARTNER, "Agence Maritime", ""),
            (CRLF_COPY, "Northern Wire Service", ""),
            (BYLINE_TWO_NAMES, "Halden Bay Courier", ""),
            (AGENCY_WITH_TEASER, "Baltic Press", ""),
        ]
        for text, name, url in cases:
            with self.subTest(source=name):
                draft = parse(text)
                self.assertEqual((draft.source_name, draft.source_url), (name, url))
                self.assertNotIn("Source:", draft.body)
                self.assertNotIn("Copyright", draft.body)
                self.assertNotIn("©", draft.body)

    def test_by_line_becomes_the_suggested_byline(self):
        """A By line is suggested as the byline (all-caps names made readable) and leaves the body."""
        self.assertEqual(parse(AGENCY_WITH_TEASER).byline, "Marta Kowalska")
        self.assertEqual(parse(BYLINE_TWO_NAMES).byline, "Aino Salo and Tomas Berg")
        self.assertNotIn("By Aino", parse(BYLINE_TWO_NAMES).body)

    def test_titles_in_a_by_line_are_listed_in_the_order_written(self):
        """A By line's name is the byline, its last part the source, the titles between listed."""
        draft = parse(
            "Ferry fares rise\n\nBy Owen Pritchard, Transport Editor, Night Desk, Albion Press\n\n"
            "Fares rise by 4 per cent, the operator said."
        )
        self.assertEqual((draft.byline, draft.source_name), ("Owen Pritchard", "Albion Press"))
        self.assertEqual(draft.left_out, ["Transport Editor", "Night Desk"])

    def test_datelines_are_kept(self):
        """The dateline stays at the start of the body and is reported too."""
        draft = parse(NWS_BLANK_LINES)
        self.assertTrue(draft.body.startswith("HALDEN BAY, Nov 24 (NWS) — Night ferries"))
        self.assertEqual(draft.dateline, "HALDEN BAY, Nov 24 (NWS)")
        self.assertEqual(parse(GERMAN_HARD_WRAPPED).dateline, "BERLIN (dpa)")

    def test_end_markers_are_dropped_and_what_follows_is_shown(self):
        """-30-, ###, END and ENDS leave the body; they and the writer's note after them are listed."""
        for text in [AGENCY_WITH_TEASER, GERMAN_HARD_WRAPPED, AP_STYLE_CREDITS, PA_STYLE]:
            with self.subTest(text=text[:30]):
                draft = parse(text)
                for marker in ["-30-", "###", "\nEND", "ENDS"]:
                    self.assertNotIn(marker, draft.body)
        self.assertEqual(
            parse(AGENCY_WITH_TEASER).left_out,
            [
                "-30-",
                "Marta Kowalska is a correspondent for Baltic Press based in Halden Bay.",
                "© 2026 Baltic Press. All rights reserved.",
            ],
        )
        self.assertEqual(
            parse(GERMAN_HARD_WRAPPED).left_out, ["###", "I am a freelance writer based in Berlin."]
        )

    def test_writer_notes_and_credits_are_left_out_of_the_body(self):
        """Disclosures and reporting credits at the end are shown as left out, not printed."""
        self.assertEqual(
            parse(SYNDICATED_WITH_DISCLOSURE).left_out,
            ["Disclosure: The author owns shares in a bus company."],
        )
        self.assertEqual(
            parse(AP_STYLE_CREDITS).left_out,
            ["(Reporting by Jan Holt; Editing by Lise Berg)", "END"],
        )

    def test_a_closing_paragraph_about_the_writer_is_left_out_whatever_its_wording(self):
        """A first- or third-person note about the writer's work at the end is a biography;
        a story's own last paragraph in the first person stays."""
        story = "Harbour wall repaired\n\nHALDEN BAY — Work ended on Friday.\n\nIt cost 2 million euros.\n\n"
        for bio in [
            "For thirty years I have reported on the coast for regional papers.",
            "My name is Ruth Kell, and I have written about farming for a decade.",
            "Lena Frost is a gardening writer and the author of three books.",
            "Die Autorin ist Redakteurin im Landesdienst Nord.",
        ]:
            with self.subTest(bio=bio):
                draft = parse(story + bio)
                self.assertEqual(draft.left_out, [bio])
                self.assertNotIn(bio, draft.body)
        kept = "She said: I will not pay for it again."
        self.assertTrue(parse(story + kept).body.endswith(kept))

    def test_hard_wrapped_lines_are_joined_and_unicode_kept(self):
        """Lines broken mid-sentence are joined; German and French quotes and ellipses survive."""
        german = parse(GERMAN_HARD_WRAPPED).body
        self.assertIn("weil das Dach erneuert werden musste.", german)
        self.assertIn("„Wir freuen uns“", german)
        self.assertIn("« C’est un rêve », a déclaré le capitaine…", parse(FRENCH_PARTNER).body)

    def test_one_paragraph_per_line_copy_is_split_into_paragraphs(self):
        """Copy with no blank lines still gets one paragraph per line."""
        body = parse(AGENCY_WITH_TEASER).body
        self.assertIn(
            "HALDEN BAY (BP) - The vote was 23 to 18.\n\nTraders gathered outside the hall.", body
        )

    def test_bullets_become_a_list_and_markdown_lookalikes_are_escaped(self):
        """Bulleted lines become a list; a line starting with #, > or 1. prints as written."""
        self.assertIn(
            "- Stalls move to the new hall\n- Rents are frozen for a year",
            parse(AGENCY_WITH_TEASER).body,
        )
        body = parse(MARKDOWN_LOOKALIKES).body
        self.assertIn("\\# of votes needed: 21", body)
        self.assertIn("\\> not a quote", body)
        self.assertIn("1\\. is the number", body)
        # Rendered, each prints exactly as it was pasted.
        html = markup.render(body)
        for written in ["# of votes needed: 21", "&gt; not a quote", "<p>1. is the number"]:
            self.assertIn(written, html)

    def test_crlf_control_characters_and_odd_input_never_fail(self):
        """Windows line endings, control characters, empty and huge input all parse."""
        self.assertEqual(parse(CRLF_COPY).body, "HALDEN BAY (NWS) - Gales are expected tonight.")
        self.assertEqual(parse(CONTROL_CHARACTERS).headline, "Bad headline")
        self.assertEqual(parse(""), parse("   \n\n  "))
        self.assertEqual(parse("").headline, "")
        self.assertEqual(parse(ONE_LINE).headline, "Lighthouse keeper retires")
        huge = parse("x" * 10_000 + "\n\n" + "Word. " * 20_000)
        self.assertLessEqual(len(huge.headline), 120)

    def test_nothing_pasted_is_lost_without_being_shown(self):
        """Every word pasted appears in the draft's fields or in the left-out list."""
        samples = [
            AGENCY_WITH_TEASER, NWS_BLANK_LINES, GERMAN_HARD_WRAPPED, FRENCH_PARTNER,
            SYNDICATED_WITH_DISCLOSURE, CRLF_COPY, AP_STYLE_CREDITS, MARKDOWN_LOOKALIKES,
            BYLINE_TWO_NAMES, PA_STYLE,
        ]  # fmt: skip
        for text in samples:
            with self.subTest(text=text[:30]):
                self.assertEqual(lost_lines(text, parse(text)), [])

    def test_a_dropped_line_is_reported_as_lost(self):
        """The check itself: a pasted line that reaches no field is reported."""
        draft = parse(NWS_BLANK_LINES)
        self.assertEqual(
            lost_lines(NWS_BLANK_LINES + "\nA line nobody kept.", draft), ["A line nobody kept."]
        )


EMBARGOED_COPY = """EMBARGOED UNTIL 0001 GMT 3 March

Harbour survey finds rising seas

HALDEN BAY (BP) - The survey was published by the harbour authority.
"""


class WireEmbargoLineTests(SimpleTestCase):
    def test_an_embargo_line_sets_the_embargo_and_is_left_out(self):
        """An embargo line above the headline becomes the draft's embargo and is listed, not the headline."""
        with time_machine.travel(datetime.datetime(2027, 1, 10, tzinfo=datetime.UTC)):
            draft = parse(EMBARGOED_COPY)
        self.assertEqual(draft.headline, "Harbour survey finds rising seas")
        self.assertEqual(
            draft.embargo_until, datetime.datetime(2027, 3, 3, 0, 1, tzinfo=datetime.UTC)
        )
        self.assertIn("EMBARGOED UNTIL 0001 GMT 3 March", draft.left_out)
        self.assertNotIn("EMBARGO", draft.body)

    def test_an_unreadable_embargo_line_asks_for_the_time_by_hand(self):
        """ "Embargoed until further notice" sets nothing, and the left-out list says to set the time."""
        draft = parse("EMBARGOED UNTIL FURTHER NOTICE\n\nHarbour survey finds rising seas\n\nText.")
        self.assertIsNone(draft.embargo_until)
        self.assertEqual(
            draft.left_out[:2],
            [
                "EMBARGOED UNTIL FURTHER NOTICE",
                "Embargo line not understood: set Embargo until by hand.",
            ],
        )

    def test_a_paragraph_about_an_embargo_stays_in_the_body(self):
        """A story that mentions an embargo keeps that paragraph: only notices are taken out."""
        draft = parse("Trade talks resume\n\nEmbargo talks resumed on Monday, officials said.")
        self.assertIsNone(draft.embargo_until)
        self.assertIn("Embargo talks resumed on Monday", draft.body)


class WireImportViewTests(TestCase):
    def test_import_creates_a_draft_and_shows_what_was_left_out(self):
        """Pasting wire copy opens a draft in the edit form, with the left-out lines listed."""
        self.client.force_login(factories.reporter("rep"))
        page = self.client.get(reverse("desk:import"))
        self.assertContains(page, "Wire copy")
        self.assertContains(page, ">Create draft</button>")
        response = self.client.post(
            reverse("desk:import"), {"wire_copy": AGENCY_WITH_TEASER}, follow=True
        )
        article = Article.objects.get()
        self.assertEqual(article.state, "draft")
        self.assertEqual(article.source_name, "Baltic Press")
        self.assertIn("## What happens next", article.body)
        self.assertContains(response, "Left out of the body")
        self.assertContains(response, "Marta Kowalska is a correspondent")
        self.assertContains(response, "Suggested byline: Marta Kowalska")
        # The imported text is the piece's first revision, restorable like any other.
        first = Version.objects.get_for_object(article).get()
        self.assertEqual(first.revision.comment, "Created from wire copy.")
        self.assertEqual(first.field_dict["body"], article.body)

    def test_imported_embargo_is_set_on_the_draft_and_shown(self):
        """Copy with an embargo line makes a draft whose "Embargo until" is filled in, the line listed."""
        with time_machine.travel(datetime.datetime(2027, 1, 10, tzinfo=datetime.UTC)):
            self.client.force_login(factories.reporter("rep"))
            response = self.client.post(
                reverse("desk:import"), {"wire_copy": EMBARGOED_COPY}, follow=True
            )
        article = Article.objects.get()
        self.assertEqual(
            article.embargo_until, datetime.datetime(2027, 3, 3, 0, 1, tzinfo=datetime.UTC)
        )
        self.assertContains(response, "Left out of the body")
        self.assertContains(response, "EMBARGOED UNTIL 0001 GMT 3 March")
        edit = self.client.get(reverse("desk:edit", args=[article.pk]))
        self.assertContains(edit, 'value="2027-03-03T00:01"')

    def test_copy_that_would_make_an_over_long_body_is_refused(self):
        """Copy within the box's limit whose body would pass 200,000 characters is refused, kept, not cut."""
        self.client.force_login(factories.reporter("rep"))
        # Each ">" line becomes a paragraph of its own, escaped with a backslash: the body doubles.
        copy = "Harbour wall reopens\n" + ">\n" * 99_990
        response = self.client.post(reverse("desk:import"), {"wire_copy": copy})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The body is 399,958 characters long; the limit is 200,000.")
        self.assertEqual(response.context["form"]["wire_copy"].value(), copy)
        self.assertFalse(Article.objects.exists())

    def test_empty_paste_is_refused_with_a_message(self):
        """Submitting an empty box explains what is needed and creates nothing."""
        self.client.force_login(factories.reporter("rep"))
        response = self.client.post(reverse("desk:import"), {"wire_copy": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This field is required")
        self.assertFalse(Article.objects.exists())
