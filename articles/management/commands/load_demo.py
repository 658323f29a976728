import time

from django.core.management.base import BaseCommand, CommandError

from articles import demo


class Command(BaseCommand):
    help = (
        "Load the demo newspaper and demo accounts (DEBUG only; running it again changes nothing)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            report = demo.load(progress=self.stdout.write)
        except demo.DemoRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {report.created} pieces created, {report.existing} already there "
                f"({time.monotonic() - started:.1f} s)."
            )
        )
        self.stdout.write(
            f"Demo accounts (password “{demo.PASSWORD}”): "
            "editor → /admin/, reporter and reporter2 → /desk/"
        )
