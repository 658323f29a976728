"""Mail backends for tests that run a real worker in another process."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    """Writes each message to a file of its own in ``EMAIL_FILE_PATH``, slowly.

    Before each message it leaves a ``sending-…`` marker and waits
    ``SLOW_MAIL_SECONDS``, so a test can kill the worker while a message is
    on its way, then count the files each notification got.
    """

    def send_messages(self, messages):
        folder = Path(os.environ["EMAIL_FILE_PATH"])
        for message in messages:
            name = message.extra_headers["Message-ID"].strip("<>").split("@")[0]
            (folder / f"sending-{name}-{uuid.uuid4().hex}").touch()
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.5")))
            (folder / f"{name}-{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
