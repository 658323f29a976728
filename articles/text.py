"""Text as it enters the newsroom: one cleaning rule for every form, importer and query.

Readers cannot see control characters, and XML (feeds, sitemaps) cannot carry
them; PostgreSQL refuses NUL outright. Browsers send line breaks as CRLF, so
a body saved from a browser would differ from the same body saved anywhere
else, and every save would look like a change to the body.
"""

import re

# C0 controls (NUL included) and DEL, except tab and line feed; a carriage
# return is turned into a line feed first. U+FEFF is a byte-order mark
# pasted from files.
_INVISIBLE = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127, 0xFEFF])
_NEWLINES = re.compile(r"\r\n?")


def clean(text):
    """Return ``text`` with line breaks as ``\\n`` and without invisible control characters."""
    return _NEWLINES.sub("\n", text).translate(_INVISIBLE)


def one_line(text):
    """Return ``text`` cleaned, on one line, with runs of white space as single spaces."""
    return " ".join(clean(text).split())


class CleanInputMixin:
    """A form whose every submitted text is ``clean()``-ed before any field sees it.

    Cleaning the submitted data itself, not the cleaned values, means
    ``changed_data`` (the admin's "Changed Body"), validation and the version
    check all see the same text the database will store.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and hasattr(self.data, "lists"):
            data = self.data.copy()
            for key, values in self.data.lists():
                data.setlist(key, [clean(v) if isinstance(v, str) else v for v in values])
            self.data = data
        elif self.is_bound:
            self.data = {k: clean(v) if isinstance(v, str) else v for k, v in self.data.items()}
