"""Map labels that do not collide (pure): greedy placement in screen units.

Each label wants a spot beside its point (right, left, above, below). Labels are
placed most important first; a label whose every spot would overlap a label already
placed is left out (its place is still in the hover and the table). Positions are
worked out at the smallest scale the map is drawn at (`MIN_WIDTH` x `PLOT_HEIGHT`
pixels); drawn larger, points move apart while labels keep their pixel size, so
labels that do not overlap at that scale do not overlap when drawn larger.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_WIDTH = 560.0
PLOT_HEIGHT = 420.0  # of a 520 px map, less margins and the legend below it
CHAR_WIDTH = 0.62  # of the font size, a safe average for the sans-serif plotly uses
LINE_HEIGHT = 1.35
GAP = 4.0
OVERHANG = 24.0  # px a label may reach past the smallest view (a wider map shows more)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels, y downwards


@dataclass(frozen=True)
class Wanted:
    """A label to place beside the point (lon, lat); `radius` is its marker's, in px."""

    text: str
    lon: float
    lat: float
    radius: float = 6.0
    size: int = 12
    rank: float = 0.0  # higher is placed first


@dataclass(frozen=True)
class Placed:
    text: str
    lon: float
    lat: float
    xshift: float
    yshift: float
    xanchor: str
    yanchor: str
    size: int
    box: Box


def scale(bbox: tuple[float, float, float, float], ratio: float) -> tuple[float, float]:
    """Pixels per degree of longitude and of latitude at the smallest drawing."""
    lon0, lat0, lon1, lat1 = bbox
    px = min(MIN_WIDTH / max(lon1 - lon0, 1e-6), PLOT_HEIGHT / max((lat1 - lat0) * ratio, 1e-6))
    return px, px * ratio


def _spots(w: Wanted) -> list[tuple[float, float, str, str]]:
    """(xshift, yshift, xanchor, yanchor) for right, left, above and below the point."""
    off = w.radius + GAP
    return [
        (off, 0.0, "left", "middle"),
        (-off, 0.0, "right", "middle"),
        (0.0, off, "center", "bottom"),
        (0.0, -off, "center", "top"),
    ]


def _box(x: float, y: float, spot: tuple[float, float, str, str], w: float, h: float) -> Box:
    dx, dy, xa, ya = spot
    cx, cy = x + dx, y - dy  # plotly's yshift points up; screen y points down
    x0 = {"left": cx, "right": cx - w, "center": cx - w / 2}[xa]
    y0 = {"top": cy, "bottom": cy - h, "middle": cy - h / 2}[ya]
    return (x0, y0, x0 + w, y0 + h)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] + 1 and b[0] < a[2] + 1 and a[1] < b[3] + 1 and b[1] < a[3] + 1


def _inside(a: Box, frame: Box) -> bool:
    return a[0] >= frame[0] and a[1] >= frame[1] and a[2] <= frame[2] and a[3] <= frame[3]


def place(
    wanted: list[Wanted],
    bbox: tuple[float, float, float, float],
    ratio: float,
    obstacles: list[Box] | None = None,
) -> list[Placed]:
    """Labels placed without overlapping each other or `obstacles` (pixel boxes),
    inside the view; the rest are left out."""
    px, py = scale(bbox, ratio)
    lon0, lat0, lon1, lat1 = bbox
    frame = (-OVERHANG, 0.0, (lon1 - lon0) * px + OVERHANG, (lat1 - lat0) * py)
    taken: list[Box] = list(obstacles or [])
    out: list[Placed] = []
    for w in sorted(wanted, key=lambda w: -w.rank):
        x, y = (w.lon - lon0) * px, (lat1 - w.lat) * py
        width = len(w.text) * w.size * CHAR_WIDTH + 4
        height = w.size * LINE_HEIGHT
        for spot in _spots(w):
            box = _box(x, y, spot, width, height)
            if _inside(box, frame) and not any(_overlaps(box, t) for t in taken):
                taken.append(box)
                out.append(Placed(w.text, w.lon, w.lat, *spot, w.size, box))
                break
    return out


def point_box(lon: float, lat: float, radius: float, bbox: tuple, ratio: float) -> Box:
    """A marker's pixel box at the smallest drawing, as an obstacle for labels."""
    px, py = scale(bbox, ratio)
    x, y = (lon - bbox[0]) * px, (bbox[3] - lat) * py
    return (x - radius, y - radius, x + radius, y + radius)


def annotation(p: Placed, color: str = "#1a1a1a") -> dict:
    """A plotly annotation for a placed label (the text must be escaped already)."""
    return {
        "x": p.lon,
        "y": p.lat,
        "text": p.text,
        "showarrow": False,
        "xanchor": p.xanchor,
        "yanchor": p.yanchor,
        "xshift": p.xshift,
        "yshift": p.yshift,
        "font": {"size": p.size, "color": color},
        "bgcolor": "rgba(255,255,255,0.75)",
        "borderpad": 1,
    }
