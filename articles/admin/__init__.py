"""The Django admin for editors: articles, their workflow and revisions, sections and tags.

Importing the package registers every model admin (``admin.autodiscover``).
"""

from . import article, pictures, taxonomy  # noqa: F401
