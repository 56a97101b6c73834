"""The site's data files (YAML): read with libyaml, errors named by file and line."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster


class DataError(ValueError):
    """A data file that is not what the site expects; the message names the file and line."""


def load_yaml(path: Path, label: str, expected: type, what: str) -> tuple[object, str]:
    """The data of the file at `path` (named `label` in messages), which must be a `expected`
    (described as `what`), and its text (to find lines in)."""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataError(f"{label}:{mark.line + 1 if mark else 1}: not valid YAML: "
                        f"{getattr(error, 'problem', error)}") from None
    data = expected() if data is None else data
    if not isinstance(data, expected):
        raise DataError(f"{label}:1: expected {what}")
    return data, text


def sub_outside(skipped: re.Pattern, pattern: re.Pattern, replace, html: str) -> str:
    """`pattern.sub(replace, …)` on the parts of `html` that `skipped` does not match."""
    out, last = [], 0
    for region in skipped.finditer(html):
        out.append(pattern.sub(replace, html[last: region.start()]))
        out.append(region.group(0))
        last = region.end()
    out.append(pattern.sub(replace, html[last:]))
    return "".join(out)
