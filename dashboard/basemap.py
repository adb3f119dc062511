"""The offline basemap: bundled Natural Earth outlines, as plottable line paths.

`read_basemap` is the I/O edge (reads the GeoJSON files shipped in `dashboard/assets/`:
countries, disputed areas, first-level region boundaries); `Basemap.within` and
`RegionLines.within` are pure and keep only what touches a view, so a regional map does
not carry the whole world.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import pickle
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from etl.gazetteer import cache_dir
from etl.outputs import write_bytes_atomic

ASSETS = Path(__file__).resolve().parent / "assets"
SOURCE_NOTE = "Basemap: Natural Earth (public domain)"

BASEMAP_VERSION = 1  # raise when the parsed form changes: the pickles are rebuilt
WIDE_VIEW_DEGREES = 30.0
COARSE_STEP = 0.15
# A view over this many degrees gets the world outlines: a point every 0.4°, some 3 px
# on a page-wide map, a quarter of the points to send and draw at every redraw.
WORLD_VIEW_DEGREES = 90.0
WORLD_STEP = 0.4

BBox = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


@dataclass(frozen=True, eq=False)
class Shape:
    name: str
    note: str
    bbox: BBox
    lons: np.ndarray  # outer rings, separated by NaN (a gap in a plotly line)
    lats: np.ndarray


@dataclass(frozen=True, eq=False)
class RegionLines:
    """First-level region boundaries: every line's points in one array (lines separated by
    NaN) and each line's box, so that the lines of a view are found at once."""

    lons: np.ndarray
    lats: np.ndarray
    starts: np.ndarray  # first point of each line
    ends: np.ndarray  # one past its last point
    boxes: np.ndarray  # (n, 4): lon_min, lat_min, lon_max, lat_max

    def within(self, view: BBox) -> tuple[np.ndarray, np.ndarray]:
        """The lines touching `view`, as one NaN-separated path (empty arrays for none)."""
        b = self.boxes
        hit = (
            (b[:, 0] <= view[2])
            & (view[0] <= b[:, 2])
            & (b[:, 1] <= view[3])
            & (view[1] <= b[:, 3])
        )
        picks = [np.arange(s, e + 1) for s, e in zip(self.starts[hit], self.ends[hit], strict=True)]
        if not picks:
            return np.empty(0), np.empty(0)
        index = np.concatenate(picks)  # each line with the NaN gap after it
        return self.lons[index], self.lats[index]


def parse_region_lines(collection: dict) -> RegionLines:
    lines = [
        np.asarray(line, dtype=float)
        for f in collection.get("features", [])
        for line in (
            f["geometry"]["coordinates"]
            if f["geometry"]["type"] == "MultiLineString"
            else [f["geometry"]["coordinates"]]
        )
        if len(line) >= 2
    ]
    if not lines:
        empty = np.empty(0)
        return RegionLines(empty, empty, empty.astype(int), empty.astype(int), np.empty((0, 4)))
    sizes = np.array([len(line) for line in lines])
    starts = np.concatenate([[0], np.cumsum(sizes + 1)[:-1]])
    gap = np.array([[np.nan, np.nan]])
    points = np.concatenate([part for line in lines for part in (line, gap)])
    boxes = np.array([[*line.min(axis=0), *line.max(axis=0)] for line in lines])
    return RegionLines(points[:, 0], points[:, 1], starts, starts + sizes, boxes)


@dataclass(frozen=True)
class Basemap:
    countries: tuple[Shape, ...]
    disputed: tuple[Shape, ...]
    coarse_countries: tuple[Shape, ...] = ()
    regions: RegionLines | None = None
    world_countries: tuple[Shape, ...] = ()
    world_disputed: tuple[Shape, ...] = ()

    def within(self, view: BBox) -> tuple[tuple[Shape, ...], tuple[Shape, ...]]:
        """Shapes touching `view`; coarser outlines the wider the view."""
        span = max(view[2] - view[0], view[3] - view[1])
        countries, disputed = self.countries, self.disputed
        if span > WORLD_VIEW_DEGREES and self.world_countries:
            countries, disputed = self.world_countries, self.world_disputed
        elif span > WIDE_VIEW_DEGREES and self.coarse_countries:
            countries = self.coarse_countries
        return (
            tuple(s for s in countries if touches(s.bbox, view)),
            tuple(s for s in disputed if touches(s.bbox, view)),
        )


def touches(a: BBox, b: BBox) -> bool:
    """Whether two boxes overlap (or share an edge)."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _thin(ring: list[list[float]], step: float) -> list[tuple[float, float]]:
    """Keep a point only when it is at least `step` degrees from the last one kept."""
    out: list[tuple[float, float]] = []
    for lon, lat in ring:
        if not out or max(abs(lon - out[-1][0]), abs(lat - out[-1][1])) >= step:
            out.append((lon, lat))
    if step and out and out[-1] != (ring[-1][0], ring[-1][1]):
        out.append((ring[-1][0], ring[-1][1]))
    return out


def _shape(feature: dict, step: float = 0.0) -> Shape:
    rings = [
        r for r in (_thin(p[0], step) for p in feature["geometry"]["coordinates"]) if len(r) >= 4
    ]
    props = feature.get("properties") or {}
    if not rings:
        if step:
            return _shape(feature)
        return Shape("", "", (0.0, 0.0, 0.0, 0.0), np.empty(0), np.empty(0))
    gap = np.array([[np.nan, np.nan]])
    points = np.concatenate([part for r in rings for part in (np.asarray(r, dtype=float), gap)])
    return Shape(
        name=str(props.get("name", "")),
        note=str(props.get("note", "")),
        bbox=(
            float(np.nanmin(points[:, 0])),
            float(np.nanmin(points[:, 1])),
            float(np.nanmax(points[:, 0])),
            float(np.nanmax(points[:, 1])),
        ),
        lons=points[:, 0],
        lats=points[:, 1],
    )


def parse_basemap(countries: dict, disputed: dict) -> Basemap:
    def shapes(features: list[dict], step: float = 0.0) -> tuple[Shape, ...]:
        return tuple(s for s in (_shape(f, step) for f in features) if len(s.lons))

    features = countries.get("features", [])
    return Basemap(
        countries=shapes(features),
        disputed=shapes(disputed.get("features", [])),
        coarse_countries=shapes(features, COARSE_STEP),
        world_countries=shapes(features, WORLD_STEP),
        world_disputed=shapes(disputed.get("features", []), WORLD_STEP),
    )


def read_basemap(assets: Path = ASSETS, cache: Path | None = None) -> Basemap:
    """The basemap of `assets`, parsed once and kept as a pickle in the cache folder
    (keyed by the files' sizes and times): a second start reads it in milliseconds."""
    files = sorted(assets.glob("*.geojson"))
    stamp = hashlib.sha1(
        "|".join(
            [f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files]
            + [f"{COARSE_STEP}:{WORLD_STEP}"]  # the parse's own settings
        ).encode()
    ).hexdigest()[:16]
    path = (cache or cache_dir()) / f"basemap-v{BASEMAP_VERSION}-{stamp}.pkl"
    try:
        with open(path, "rb") as fh:
            found = pickle.load(fh)
        if isinstance(found, Basemap):
            return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    basemap = _parse_assets(assets)
    with contextlib.suppress(OSError):  # a read-only cache folder: parse at every start
        write_bytes_atomic(path, pickle.dumps(basemap, protocol=pickle.HIGHEST_PROTOCOL))
    return basemap


def _parse_assets(assets: Path) -> Basemap:
    basemap = parse_basemap(
        json.loads((assets / "countries.geojson").read_text(encoding="utf-8")),
        json.loads((assets / "disputed.geojson").read_text(encoding="utf-8")),
    )
    lines = assets / "region_lines.geojson"
    if not lines.exists():
        return basemap
    regions = parse_region_lines(json.loads(lines.read_text(encoding="utf-8")))
    return replace(basemap, regions=regions)
