"""Imported once by the zygote so that every page process starts with numpy and matplotlib
loaded and the site's figure style set. Missing packages are fine: blocks import what they use."""

import contextlib

with contextlib.suppress(ImportError):
    import numpy  # noqa: F401

with contextlib.suppress(ImportError):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401

    matplotlib.rcParams.update({
        # An opaque white figure stays readable on the dark palette too.
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.bbox": "tight",
        "figure.dpi": 100,
    })

    def _warm_up() -> None:
        """Draw and save one figure with text and math, so that fonts, glyph caches and the
        mathtext parser are loaded once here instead of once per forked page process."""
        import io

        fig, ax = matplotlib.pyplot.subplots()
        ax.plot([0, 1], [0, 1], label=r"$\sigma(z)$")
        ax.set_title("warm-up")
        ax.legend()
        fig.savefig(io.BytesIO(), format="png", dpi=200)
        matplotlib.pyplot.close(fig)

    _warm_up()
