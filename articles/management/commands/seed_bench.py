import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.demo.bulk import seed as seed_pieces
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Add many published pieces for benchmarks (DEBUG only unless --force; "
        "written in bulk, without the workflow)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000, help="How many pieces to add.")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--seed", type=int, default=None, help="Random seed, for repeatable data."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a real site)."
        )

    def handle(self, *args, articles, batch_size, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Benchmark data is for local machines only (DEBUG is off). "
                "Run with DEBUG=1, or add --force on a throw-away database."
            )
        if articles < 1 or batch_size < 1:
            raise CommandError("--articles and --batch-size must be at least 1.")
        started = time.monotonic()
        self.stdout.write(f"Adding {articles} published pieces in batches of {batch_size}…")
        made = seed_pieces(
            articles, batch_size=batch_size, seed_value=seed, progress=self.stdout.write
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {made} pieces in {time.monotonic() - started:.1f} s; "
                f"{Article.objects.published().count()} published in all."
            )
        )
        if connection.vendor == "postgresql":
            found = Article.objects.published().search("harbour").count()
            self.stdout.write(f"Search vectors filled by PostgreSQL: “harbour” finds {found}.")
