"""The project's own settings, plus the benchmark's framework-floor view.

Selected with ``DJANGO_SETTINGS_MODULE=bench.settings`` by ``bench.run`` only,
so production URLs never include the bench view.
"""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
