"""Charts as PNG images, rendered locally by kaleido in Debian's Chromium (an edge).

Kaleido draws the plotly figure with the plotly.js bundled in the `plotly` package,
in a headless Chromium on this machine: no network is used. `CHROMIUM` (default
`/usr/bin/chromium` when present) names the browser; without one, `RenderError`
says what to install.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

DEFAULT_BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


class RenderError(RuntimeError):
    """A chart could not be rendered to an image."""


def browser_path() -> str | None:
    """The Chromium kaleido should drive: $CHROMIUM, Debian's, or one on PATH."""
    candidates = [os.environ.get("CHROMIUM", ""), *DEFAULT_BROWSERS]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def figure_png(fig: go.Figure, width: int = 1600, height: int = 800, scale: float = 1.0) -> bytes:
    """The figure as a PNG (fixed size, light template), or `RenderError`."""
    path = browser_path()
    if path is None:
        raise RenderError(
            "rendering charts as images needs Chromium: install Debian's `chromium` "
            "(./run test does) or set CHROMIUM to a Chromium binary"
        )
    os.environ.setdefault("BROWSER_PATH", path)
    try:
        return pio.to_image(fig, format="png", width=width, height=height, scale=scale)
    except (RuntimeError, OSError, ValueError) as exc:
        raise RenderError(f"the chart could not be rendered with {path}: {exc}") from exc
