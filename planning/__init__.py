"""Planning: assignments given to reporters, the story budget, and personal calendar feeds.

Depends on ``articles`` (drafts are started through ``articles.editing``); ``articles``
never imports this app. What happens here is announced with the signals in ``signals``.
"""
