"""The Django admin for editors: articles, their workflow and revisions, sections, tags and authors.

Importing the package registers every model admin (``admin.autodiscover``).
"""

from . import article, authors, pictures, taxonomy  # noqa: F401
