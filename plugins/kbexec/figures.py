"""Figure capture: every matplotlib figure a block leaves open becomes a content-named SVG."""

from __future__ import annotations

import hashlib
import io
import sys

from .model import Block, Figure


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
            with plt.rc_context({"svg.hashsalt": f"{block.path}:{block.index}:{number}"}):
                fig.savefig(buffer, format="svg", metadata={"Date": None})
            data = buffer.getvalue()
            figures.append(Figure(f"fig-{hashlib.sha256(data).hexdigest()[:16]}.svg", data))
    plt.close("all")
    return tuple(figures)
