"""Figure capture: every matplotlib figure a block leaves open becomes a content-named PNG.

PNG at 200 dpi: sharp on high-density screens and in print, and printed PDFs keep it as an
image (an SVG <img> becomes vector paths there). No `Software` tag, so equal input gives
equal bytes."""

from __future__ import annotations

import hashlib
import io
import sys

from .model import Block, Figure

DPI = 200


def collect_figures(block: Block, keep: bool) -> tuple[Figure, ...]:
    """Save and close every open matplotlib figure; bytes are deterministic for equal input."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return ()
    figures = []
    for number in plt.get_fignums():
        if keep:
            fig = plt.figure(number)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
            data = buffer.getvalue()
            figures.append(Figure(f"fig-{hashlib.sha256(data).hexdigest()[:16]}.png", data))
    plt.close("all")
    return tuple(figures)
