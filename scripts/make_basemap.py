"""Build the dashboard's bundled basemap from Natural Earth (public domain).

    python scripts/make_basemap.py ../shared/geo dashboard/assets

Keeps the properties the map uses, rounds coordinates to 0.02 degree (about
2 km, finer than the 1:50m source) and drops the repeated points this leaves.
Sources: ne_50m_admin_0_countries.geojson, ne_10m_admin_0_disputed_areas.geojson.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

STEP = 0.02


def _ring(coords: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat, *_ in coords:
        point = [round(round(lon / STEP) * STEP, 2), round(round(lat / STEP) * STEP, 2)]
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    kept = []
    for poly in polys:
        rings = [r for r in (_ring(ring) for ring in poly) if len(r) >= 4]
        if rings:
            kept.append(rings)
    return kept


def iso3_of(props: dict) -> str:
    for key in ("ISO_A3", "ISO_A3_EH", "ADM0_A3"):
        value = props.get(key) or ""
        if len(value) == 3 and value != "-99":
            return value
    return ""


def _feature(props: dict, polys: list) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "MultiPolygon", "coordinates": polys},
    }


def main(src: Path, dst: Path) -> None:
    countries = json.loads((src / "ne_50m_admin_0_countries.geojson").read_text("utf-8"))
    disputed = json.loads((src / "ne_10m_admin_0_disputed_areas.geojson").read_text("utf-8"))
    out_countries = [
        _feature({"name": f["properties"]["NAME"], "iso3": iso3_of(f["properties"])}, polys)
        for f in countries["features"]
        if (polys := _polygons(f["geometry"]))
    ]
    out_disputed = [
        _feature(
            {
                "name": f["properties"].get("BRK_NAME") or f["properties"]["NAME"],
                "note": f["properties"].get("NOTE_BRK") or "",
            },
            polys,
        )
        for f in disputed["features"]
        if (polys := _polygons(f["geometry"]))
    ]
    dst.mkdir(parents=True, exist_ok=True)
    source = "Natural Earth (naturalearthdata.com), public domain; simplified for this project"
    for name, feats in (("countries", out_countries), ("disputed", out_disputed)):
        body = {"type": "FeatureCollection", "source": source, "features": feats}
        (dst / f"{name}.geojson").write_text(json.dumps(body, separators=(",", ":")), "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
