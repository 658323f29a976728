"""``manage.py run_worker``: django-tasks-db's ``db_worker`` with a heartbeat."""

from django_tasks_db.management.commands import db_worker

from ops.worker import Heartbeat


class Command(db_worker.Command):
    help = (
        "Run the background worker (mail, and later webhooks and purges). It renews a "
        "heartbeat that /readyz reports, and puts back in the queue the tasks a worker "
        "that stopped answering had claimed. Stop it with Ctrl-C or SIGTERM: it finishes "
        "the task in hand first."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # A reloading worker runs in a child process that a stopped parent can
        # leave behind; restart the worker after changing code instead.
        parser.set_defaults(reload=False, queue_name="*")

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.beat_once()
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
