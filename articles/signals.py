"""Signals the articles app sends.

``article_transitioned`` is sent once per workflow transition, after the
transaction that made it commits, with ``article``, ``transition``, ``event``
and ``by``.
"""

from django.dispatch import Signal

article_transitioned = Signal()
