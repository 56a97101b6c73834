"""Doctest comparison: the standard checker, plus the NUMBER flag for floats."""

from __future__ import annotations

import doctest
import re
from decimal import Decimal, InvalidOperation

NUMBER = doctest.register_optionflag("NUMBER")  # same name and meaning as pytest's flag
DEFAULT_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
_FLOAT = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][-+]?\d+)?")


class NumberChecker(doctest.OutputChecker):
    """With +NUMBER, a float in the expected output matches any got float that rounds to it:
    `0.25` matches 0.2500000001, `1.6e-40` matches 1.6412e-40, `3.14` does not match 3.15."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        if super().check_output(want, got, optionflags):
            return True
        if not optionflags & NUMBER:
            return False
        wants, gots = _FLOAT.findall(want), list(_FLOAT.finditer(got))
        if len(wants) != len(gots):
            return False
        pieces, last = [], 0
        for w, g in zip(wants, gots):
            pieces += [got[last:g.start()], w if _rounds_to(g.group(), w) else g.group()]
            last = g.end()
        return super().check_output(want, "".join(pieces) + got[last:], optionflags)


def _rounds_to(got: str, want: str) -> bool:
    try:
        step = Decimal(10) ** Decimal(want).as_tuple().exponent
        return abs(Decimal(got) - Decimal(want)) <= step / 2
    except (InvalidOperation, TypeError):
        return False


def expected_got(source: str, want: str, got: str) -> str:
    def indent(text: str) -> str:
        return "".join(f"    {ln}\n" for ln in text.splitlines()) or "    (nothing)\n"
    shown = "".join(f"{'>>> ' if i == 0 else '... '}{ln}\n" for i, ln in enumerate(source.rstrip().splitlines()))
    return f"{shown}Expected:\n{indent(want)}Got:\n{indent(got)}"
