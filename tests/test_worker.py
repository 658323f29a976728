"""The background worker: its heartbeat in /readyz, and tasks a dead worker left behind."""

import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import time_machine
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from discussion.mail import send_notification_mail
from discussion.models import Notification
from discussion.notify import notify
from ops import worker
from ops.models import WorkerHeartbeat

from . import factories

ROOT = Path(__file__).resolve().parent.parent


@override_settings(WORKER_STALE_SECONDS=60)
class WorkerHeartbeatTests(TestCase):
    def test_readyz_reports_a_worker_seen_lately(self):
        """A worker that beat a few seconds ago is "ok" in /readyz."""
        worker.beat("w1")
        self.assertEqual(self.client.get("/readyz").json()["worker"], "ok")

    def test_readyz_reports_a_silent_worker_without_failing(self):
        """A worker silent for over a minute is reported with its last beat; /readyz stays 200."""
        with time_machine.travel("2027-03-01 09:00:00+00:00", tick=False):
            worker.beat("w1")
        with time_machine.travel("2027-03-01 09:05:00+00:00", tick=False):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["worker"], "not seen since 2027-03-01T09:00:00+00:00")

    def test_readyz_says_when_no_worker_runs(self):
        """With no worker ever started (or all stopped cleanly), /readyz says "not running"."""
        self.assertEqual(self.client.get("/readyz").json()["worker"], "not running")

    def test_a_clean_stop_removes_the_heartbeat(self):
        """A worker stopped with Ctrl-C or SIGTERM leaves no heartbeat behind."""
        heartbeat = worker.Heartbeat("w1")
        heartbeat.beat_once()
        self.assertTrue(WorkerHeartbeat.objects.filter(pk="w1").exists())
        heartbeat.stop()
        self.assertFalse(WorkerHeartbeat.objects.exists())


@override_settings(WORKER_STALE_SECONDS=60)
class OrphanRecoveryTests(TestCase):
    def claimed(self, worker_id, minutes_ago):
        result = send_notification_mail.enqueue(1)
        row = DBTaskResult.objects.get(pk=result.id)
        row.claim(worker_id)
        DBTaskResult.objects.filter(pk=row.pk).update(
            started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
        )
        return row

    def test_tasks_of_a_dead_worker_go_back_in_the_queue(self):
        """A task claimed by a worker silent for minutes is ready to run again."""
        with time_machine.travel(timezone.now() - datetime.timedelta(minutes=5)):
            worker.beat("dead")
        orphan = self.claimed("dead", minutes_ago=5)
        self.assertEqual(worker.recover_orphans(), 1)
        orphan.refresh_from_db()
        self.assertEqual(orphan.status, TaskResultStatus.READY)

    def test_tasks_of_a_live_worker_are_left_alone(self):
        """A long task of a worker that still beats is not run a second time."""
        worker.beat("alive")
        task = self.claimed("alive", minutes_ago=5)
        self.assertEqual(worker.recover_orphans(), 0)
        task.refresh_from_db()
        self.assertEqual(task.status, TaskResultStatus.RUNNING)

    def test_a_task_just_claimed_is_not_taken_back(self):
        """A task claimed seconds ago by a worker without a heartbeat row yet stays running."""
        task = self.claimed("new", minutes_ago=0)
        self.assertEqual(worker.recover_orphans(), 0)
        task.refresh_from_db()
        self.assertEqual(task.status, TaskResultStatus.RUNNING)


def database_url():
    """The URL of the test database this process uses."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = urllib.parse.quote(db["PASSWORD"] or "")
    return f"postgres://{user}:{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or '5432'}/{db['NAME']}"


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


class KilledWorkerTests(TransactionTestCase):
    """A worker killed with SIGKILL halfway through the queue: nothing lost, nothing sent twice."""

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest(
                "needs PostgreSQL: the worker runs in another process on the same database"
            )
        self.mail_dir = Path(tempfile.mkdtemp(prefix="newsroom-worker-mail-"))
        self.addCleanup(shutil.rmtree, self.mail_dir, ignore_errors=True)

    def start_worker(self):
        environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        environment.update(
            DJANGO_SETTINGS_MODULE="tests.settings",
            DATABASE_URL=database_url(),
            CONN_MAX_AGE="0",
            EMAIL_BACKEND="tests.mail_backends.SlowFileBackend",
            EMAIL_FILE_PATH=str(self.mail_dir),
            SLOW_MAIL_SECONDS="0.6",
            WORKER_HEARTBEAT_SECONDS="0.3",
            WORKER_STALE_SECONDS="1.5",
        )
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--no-startup-delay"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.addCleanup(lambda: process.poll() is None and process.kill())
        return process

    def files(self, pattern):
        return sorted(path.name for path in self.mail_dir.glob(pattern))

    def test_a_killed_worker_loses_no_mail_and_sends_none_twice(self):
        """Kill the worker while it sends the third of six mails; a new worker sends the rest, each once."""
        people = [
            factories.UserFactory(username=f"person{n}", email=f"person{n}@example.org")
            for n in range(6)
        ]
        notifications = [
            notify([person], Notification.Event.ASSIGNED, text=f"Piece {n}")[0]
            for n, person in enumerate(people)
        ]

        first = self.start_worker()
        wait_for(lambda: len(self.files("sending-*")) == 3, 60, "the third mail to be on its way")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        self.assertEqual(len(self.files("*.eml")), 2, "the third mail was still being sent")
        self.assertEqual(DBTaskResult.objects.running().count(), 1)

        second = self.start_worker()
        wait_for(lambda: len(self.files("*.eml")) >= 6, 60, "every mail to be sent")
        time.sleep(1)  # Time enough to send a seventh, had anything been queued twice.
        second.send_signal(signal.SIGTERM)
        self.assertEqual(second.wait(timeout=10), 0, second.stderr.read().decode())

        sent = self.files("*.eml")
        for notification in notifications:
            with self.subTest(notification=notification.text):
                mails = [
                    name for name in sent if name.startswith(f"notification-{notification.pk}-")
                ]
                self.assertEqual(len(mails), 1)
                notification.refresh_from_db()
                self.assertEqual(notification.mail, Notification.Mail.SENT)
        self.assertEqual(len(sent), 6)
        self.assertFalse(DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists())
        # The killed worker's heartbeat stays (gone stale); the stopped one's is removed.
        self.assertEqual(WorkerHeartbeat.objects.count(), 1)
