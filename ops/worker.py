"""The background worker's heartbeat, and recovery of the tasks a dead worker left behind.

The queue is django-tasks' database backend (``django_tasks_db``): a task is a
row, enqueued in the same transaction as the change that asks for it, and
``manage.py run_worker`` runs them. A worker claims a task by marking it
running; if the worker is killed (power cut, out of memory, ``kill -9``) the
row would stay "running" for ever. So every worker renews a heartbeat row
every ``WORKER_HEARTBEAT_SECONDS``, and on each beat puts back in the queue
the tasks claimed by a worker not seen for ``WORKER_STALE_SECONDS``. Tasks
must therefore be safe to run twice (mail checks its sent-at marker under a
row lock: ``discussion.mail``).
"""

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def stale_after():
    """How long a worker may stay silent before it counts as gone."""
    return datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)


def beat(worker_id):
    """Record that worker ``worker_id`` is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": timezone.now(), "hostname": socket.gethostname(), "pid": os.getpid()},
    )


def recover_orphans():
    """Put back in the queue the tasks claimed by workers not seen lately; return how many.

    A task counts as orphaned when it has been running longer than
    ``WORKER_STALE_SECONDS`` and the worker that claimed it has not beaten
    for as long (or never did).
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - stale_after()
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=since).values_list("pk", flat=True))
    orphans = [
        task.pk
        for task in DBTaskResult.objects.running().filter(started_at__lt=since).only("worker_ids")
        if not task.worker_ids or task.worker_ids[-1] not in alive
    ]
    if orphans:
        DBTaskResult.objects.filter(pk__in=orphans, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("Put %d task(s) left by a stopped worker back in the queue.", len(orphans))
    return len(orphans)


def last_seen():
    """When any worker last beat, or None when none ever has (or all stopped cleanly)."""
    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


def worker_status():
    """ "ok" when a worker beat within ``WORKER_STALE_SECONDS``, else what is known of the last one."""
    seen = last_seen()
    if seen is None:
        return "not running"
    if seen >= timezone.now() - stale_after():
        return "ok"
    return f"not seen since {seen.isoformat(timespec='seconds')}"


class Heartbeat(threading.Thread):
    """A thread that beats for ``worker_id`` and recovers orphaned tasks until stopped."""

    def __init__(self, worker_id):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def beat_once(self):
        """Beat and recover orphans once; a database error is logged, not raised."""
        try:
            beat(self.worker_id)
            recover_orphans()
        except Exception:  # The next beat tries again; the worker itself keeps running.
            logger.exception("Worker heartbeat failed.")

    def run(self):
        while not self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
            # This thread's own connection: reopened if the database dropped it.
            close_old_connections()
            self.beat_once()
        connection.close()

    def stop(self):
        """Stop beating and remove this worker's heartbeat: it stopped cleanly."""
        self.stopped.set()
        if self.is_alive():
            self.join(timeout=settings.WORKER_HEARTBEAT_SECONDS + 5)
        WorkerHeartbeat.objects.filter(pk=self.worker_id).delete()


def run_due_tasks(backend_name="default", limit=100):
    """Run, in this process, the queued tasks that are due now; return how many ran.

    The worker's own loop, without its sleeps and signals: for tests and the
    shell. A failing task is recorded as failed, as the worker records it.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend_name,
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        task = DBTaskResult.objects.ready().filter(backend_name=backend_name).first()
        if task is None:
            break
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran
