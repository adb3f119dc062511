"""The offline basemap: bundled Natural Earth outlines, as plottable line paths.

`read_basemap` is the I/O edge (reads the two GeoJSON files shipped in
`dashboard/assets/`); `Basemap.within` is pure and keeps only the shapes that touch a
view, so a regional map does not carry the whole world.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ASSETS = Path(__file__).resolve().parent / "assets"
SOURCE_NOTE = "Basemap: Natural Earth (public domain)"

WIDE_VIEW_DEGREES = 30.0
COARSE_STEP = 0.15

BBox = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


@dataclass(frozen=True, eq=False)
class Shape:
    name: str
    note: str
    bbox: BBox
    lons: np.ndarray  # outer rings, separated by NaN (a gap in a plotly line)
    lats: np.ndarray


@dataclass(frozen=True)
class Basemap:
    countries: tuple[Shape, ...]
    disputed: tuple[Shape, ...]
    coarse_countries: tuple[Shape, ...] = ()

    def within(self, view: BBox) -> tuple[tuple[Shape, ...], tuple[Shape, ...]]:
        """Shapes touching `view`; coarse outlines when the view is wide."""
        wide = max(view[2] - view[0], view[3] - view[1]) > WIDE_VIEW_DEGREES
        countries = self.coarse_countries if wide and self.coarse_countries else self.countries
        return (
            tuple(s for s in countries if touches(s.bbox, view)),
            tuple(s for s in self.disputed if touches(s.bbox, view)),
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
    )


def read_basemap(assets: Path = ASSETS) -> Basemap:
    return parse_basemap(
        json.loads((assets / "countries.geojson").read_text(encoding="utf-8")),
        json.loads((assets / "disputed.geojson").read_text(encoding="utf-8")),
    )
