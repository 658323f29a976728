"""The wire importer measured on a corpus: how many fields ``wire.parse`` gets exactly right.

A corpus is a folder of styles (``agency-us/``, ``magazine/``, …), each holding
samples as pairs of files: ``<name>.txt``, the copy as pasted, and
``<name>.yaml``, what a careful desk editor would make of it (headline,
standfirst, body Markdown, byline, source name and URL, dateline, embargo,
and the lines left out of the body, in the order pasted). A field missing
from the YAML is expected empty.

Besides the fields, every sample is checked for pasted text that went
nowhere: each word of each pasted line must be found in a field, the body or
the left-out list (HTML tags and a few label words such as "By" and
"Source" do not count as words).
"""

import datetime
import difflib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils.html import strip_tags

from . import wire

FIELDS = (
    "headline",
    "standfirst",
    "body",
    "byline",
    "source_name",
    "source_url",
    "dateline",
    "embargo_until",
    "left_out",
)
# Embargo lines without a year are read as the next such date after this instant.
CORPUS_NOW = datetime.datetime(2027, 1, 10, 12, 0, tzinfo=datetime.UTC)
# Words that label a value rather than carry one: "By Name", "Source: Name".
LABEL_WORDS = {"by", "von", "par", "source", "quelle", "via", "courtesy", "of"}
DIFF_LINES = 8


@dataclass(frozen=True)
class Sample:
    style: str
    name: str
    copy: str
    expected: dict


@dataclass
class Result:
    sample: Sample
    got: dict
    wrong: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


@dataclass
class Report:
    results: list[Result]

    @property
    def styles(self):
        return sorted({r.sample.style for r in self.results})

    def right(self, name, style=None):
        """How many samples (of ``style``, or all) have field ``name`` exactly right."""
        return sum(1 for r in self._of(style) if name not in r.wrong)

    def whole(self, style=None):
        """How many samples (of ``style``, or all) lost nothing pasted."""
        return sum(1 for r in self._of(style) if not r.lost)

    def count(self, style=None):
        return len(self._of(style))

    def scores(self):
        """``{style: {field: right}}``, with ``nothing_lost`` as one more field."""
        return {
            style: {
                **{name: self.right(name, style) for name in FIELDS},
                "nothing_lost": self.whole(style),
            }
            for style in self.styles
        }

    def _of(self, style):
        return [r for r in self.results if style is None or r.sample.style == style]


def default_corpus():
    """The corpus kept with the tests: ``tests/wire_corpus``."""
    return Path(__file__).resolve().parent.parent / "tests" / "wire_corpus"


def load(directory):
    """Return the ``Sample``\\ s under ``directory``, sorted by style and name."""
    samples = []
    for text_path in sorted(Path(directory).glob("*/*.txt")):
        expected = yaml.safe_load(text_path.with_suffix(".yaml").read_text(encoding="utf-8"))
        samples.append(
            Sample(
                style=text_path.parent.name,
                name=text_path.stem,
                copy=text_path.read_text(encoding="utf-8"),
                expected=_expected(expected or {}),
            )
        )
    return samples


def evaluate(samples):
    """Parse every sample and return the ``Report`` of what came out right and wrong."""
    return Report([check(sample) for sample in samples])


def check(sample):
    """Parse ``sample`` and compare each field with what it should be."""
    draft = wire.parse(sample.copy, now=CORPUS_NOW)
    got = fields_of(draft)
    wrong = [name for name in FIELDS if got[name] != sample.expected[name]]
    return Result(sample, got, wrong, lost_lines(sample.copy, draft))


def fields_of(draft):
    """A ``WireDraft`` as comparable values: strings, a list, the embargo in ISO 8601."""
    values = {name: getattr(draft, name) for name in FIELDS}
    values["body"] = values["body"].strip()
    values["left_out"] = list(values["left_out"])
    if values["embargo_until"] is not None:
        values["embargo_until"] = values["embargo_until"].isoformat()
    return values


def lost_lines(copy, draft):
    """The pasted lines with a word found nowhere in the draft's fields or left-out list."""
    shown = Counter(
        _words(
            " ".join(
                [
                    draft.headline,
                    draft.standfirst,
                    draft.body,
                    draft.byline,
                    draft.source_name,
                    draft.source_url,
                    *draft.left_out,
                ]
            )
        )
    )
    lost = []
    for line in copy.splitlines():
        missing = False
        for word in _words(line):
            if word in LABEL_WORDS:
                continue
            if shown[word] > 0:
                shown[word] -= 1
            else:
                missing = True
        if missing:
            lost.append(line.strip())
    return lost


def format_report(report):
    """The report as lines of text: per field, per style, then each wrong field with a diff."""
    total = report.count()
    lines = [f"Wire import on {total} samples in {len(report.styles)} styles", ""]
    lines.append(f"{'field':<16}{'right':>9}")
    for name in FIELDS:
        lines.append(_row(name, report.right(name), total))
    all_right = sum(report.right(name) for name in FIELDS)
    lines.append(_row("all fields", all_right, total * len(FIELDS)))
    lines.append(_row("nothing lost", report.whole(), total))
    lines += ["", f"{'style':<16}{'samples':>8}{'fields right':>16}{'nothing lost':>14}"]
    for style in report.styles:
        count = report.count(style)
        right = sum(report.right(name, style) for name in FIELDS)
        lines.append(
            f"{style:<16}{count:>8}{right:>9}/{count * len(FIELDS):<4}"
            f"{100 * right / (count * len(FIELDS)):>3.0f}%{report.whole(style):>9}/{count}"
        )
    wrong = [r for r in report.results if r.wrong or r.lost]
    if wrong:
        lines += ["", "Wrong:"]
    for result in wrong:
        sample = result.sample
        for name in result.wrong:
            lines.append(f"{sample.style}/{sample.name}: {name}")
            lines += [f"    {d}" for d in diff(sample.expected[name], result.got[name])]
        for line in result.lost:
            lines.append(f"{sample.style}/{sample.name}: lost {line!r}")
    return lines


def diff(expected, got):
    """A short line diff of two values: ``-`` what was expected, ``+`` what came out."""
    before, after = _lines(expected), _lines(got)
    changes = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if not line.startswith(("---", "+++", "@@"))
    ]
    if len(changes) > DIFF_LINES:
        changes = [*changes[:DIFF_LINES], f"… {len(changes) - DIFF_LINES} more lines"]
    return changes


def _row(name, right, total):
    return f"{name:<16}{right:>5}/{total:<5}{100 * right / total if total else 0:>5.1f}%"


def _expected(values):
    expected = {name: values.get(name) or "" for name in FIELDS}
    expected["body"] = expected["body"].strip()
    expected["left_out"] = [str(line) for line in values.get("left_out") or []]
    expected["embargo_until"] = values.get("embargo_until") or None
    return expected


def _lines(value):
    if isinstance(value, list):
        return [repr(item) for item in value]
    return [repr(value)] if value is None or "\n" not in value else value.split("\n")


def _words(text):
    return re.findall(r"\w+", html.unescape(strip_tags(text)).lower())


def drops(scores, recorded):
    """``"style field: now < recorded"`` for every score below its recorded value."""
    return [
        f"{style} {name}: {scores.get(style, {}).get(name, 0)} < {floor}"
        for style, fields in sorted(recorded.items())
        for name, floor in sorted(fields.items())
        if scores.get(style, {}).get(name, 0) < floor
    ]
