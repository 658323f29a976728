"""The wire importer on its corpus (tests/wire_corpus): the score never drops."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

import yaml
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from articles import wire, wire_eval

CORPUS = wire_eval.default_corpus()


class WireCorpusScoreTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = wire_eval.evaluate(wire_eval.load(CORPUS))

    def test_no_style_scores_below_its_recorded_score_on_any_field(self):
        """A change that fixes one style and breaks another fails here, naming both."""
        recorded = yaml.safe_load((CORPUS / "score.yaml").read_text(encoding="utf-8"))
        self.assertEqual(wire_eval.drops(self.report.scores(), recorded), [])

    def test_nothing_pasted_is_lost_in_any_sample(self):
        """Every pasted line of every sample reaches a field, the body or the left-out list."""
        lost = {f"{r.sample.style}/{r.sample.name}": r.lost for r in self.report.results if r.lost}
        self.assertEqual(lost, {})

    def test_the_review_screen_gives_every_pasted_line_a_place(self):
        """No line of any sample is shown on the review screen without where it went."""
        unplaced = {
            f"{sample.style}/{sample.name}": [
                text for role, text in wire.parse(sample.copy).lines if text.strip() and not role
            ]
            for sample in wire_eval.load(CORPUS)
        }
        self.assertEqual({name: lines for name, lines in unplaced.items() if lines}, {})

    def test_at_least_95_percent_of_fields_are_exactly_right(self):
        """The importer gets at least 95 % of the corpus's fields exactly right."""
        right = sum(self.report.right(name) for name in wire_eval.FIELDS)
        self.assertGreaterEqual(right / (self.report.count() * len(wire_eval.FIELDS)), 0.95)

    def test_the_corpus_covers_sixty_samples_in_ten_styles(self):
        """The score is measured on at least 60 samples in at least 10 styles."""
        self.assertGreaterEqual(self.report.count(), 60)
        self.assertGreaterEqual(len(self.report.styles), 10)


class WireEvalCommandTests(SimpleTestCase):
    def setUp(self):
        self.corpus = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.corpus)
        (self.corpus / "agency").mkdir()
        (self.corpus / "agency" / "ferry.txt").write_text(
            "Ferry fares to rise\n\nFares will rise by 4 per cent, the operator said.\n\nENDS\n"
        )

    def expect(self, **fields):
        (self.corpus / "agency" / "ferry.yaml").write_text(yaml.safe_dump(fields))

    def run_eval(self, *args):
        out = StringIO()
        call_command("wire_eval", "--corpus", str(self.corpus), *args, stdout=out)
        return out.getvalue()

    def test_prints_each_field_per_style_and_each_wrong_one_with_a_diff(self):
        """A wrong field is counted, and listed with what was expected and what came out."""
        self.expect(
            headline="Ferry fares will rise",
            body="Fares will rise by 4 per cent, the operator said.",
            left_out=["ENDS"],
        )
        output = self.run_eval()
        self.assertRegex(output, r"\nheadline +0/1 +0\.0%\n")
        self.assertRegex(output, r"\nbody +1/1 +100\.0%\n")
        self.assertRegex(output, r"\nagency +1 +8/9 +89% +1/1\n")
        self.assertIn("agency/ferry: headline", output)
        self.assertIn("-'Ferry fares will rise'", output)
        self.assertIn("+'Ferry fares to rise'", output)

    def test_fails_when_a_style_drops_below_its_recorded_score(self):
        """Once scores are recorded, a field that gets worse makes the command fail."""
        self.expect(
            headline="Ferry fares to rise",
            body="Fares will rise by 4 per cent, the operator said.",
            left_out=["ENDS"],
        )
        self.assertIn("Recorded these scores", self.run_eval("--record"))
        self.assertIn("No style scores below its recorded score.", self.run_eval())
        self.expect(headline="Ferry fares to rise", body="Something else.", left_out=["ENDS"])
        with self.assertRaisesMessage(CommandError, "agency body: 0 < 1"):
            self.run_eval()
