"""Figure capture: every matplotlib figure a block leaves open becomes a content-named PNG.

PNG at 200 dpi: sharp on high-density screens and in print, and printed PDFs keep it as an
image (an SVG <img> becomes vector paths there). No `Software` tag, so equal input gives
equal bytes.

pytest shows no page: there every figure is only drawn (text, math and layout, as `savefig` does
them, so a figure that would fail the build fails the test), not rasterized at 200 dpi and
encoded (about 40 % of the cost)."""

from __future__ import annotations

import hashlib
import io
import sys

from .model import Block, Figure

DPI = 200


def collect_figures(block: Block, keep: bool, as_png: bool = True) -> tuple[Figure, ...]:
    """Close every open matplotlib figure; if `keep`, save each first (as PNG, with bytes
    deterministic for equal input), or, without `as_png`, only draw it."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return ()
    figures = []
    try:
        for number in plt.get_fignums() if keep else ():
            fig = plt.figure(number)
            if not as_png:
                fig.draw_without_rendering()
                fig.get_tightbbox()  # what savefig's bbox="tight" measures
                continue
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
            data = buffer.getvalue()
            figures.append(Figure(f"fig-{hashlib.sha256(data).hexdigest()[:16]}.png", data))
    finally:
        plt.close("all")  # also when one cannot be drawn: the next block starts with none open
    return tuple(figures)
