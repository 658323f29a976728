from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from articles import wire_eval


class Command(BaseCommand):
    help = (
        "Measure the wire importer on the corpus: fields exactly right per field and per style, "
        "and each wrong one with a diff. Fails when a style scores below its recorded score."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", type=Path, default=wire_eval.default_corpus())
        parser.add_argument(
            "--record",
            action="store_true",
            help="Write the scores measured now as the corpus's recorded scores (score.yaml).",
        )

    def handle(self, *args, corpus, record, **options):
        samples = wire_eval.load(corpus)
        if not samples:
            raise CommandError(f"No samples (<style>/<name>.txt) under {corpus}.")
        report = wire_eval.evaluate(samples)
        for line in wire_eval.format_report(report):
            self.stdout.write(line)
        scores, recorded_path = report.scores(), corpus / "score.yaml"
        if record:
            recorded_path.write_text(yaml.safe_dump(scores, sort_keys=True), encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Recorded these scores in {recorded_path}."))
            return
        if not recorded_path.exists():
            return
        drops = wire_eval.drops(scores, yaml.safe_load(recorded_path.read_text(encoding="utf-8")))
        if drops:
            raise CommandError("Below the recorded score: " + "; ".join(drops))
        self.stdout.write(self.style.SUCCESS("No style scores below its recorded score."))
