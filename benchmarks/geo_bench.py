"""Geocoding benchmark on public toponym-resolution corpora (../shared/eval/geo/*.xml).

For every gold toponym span (LGL, GeoVirus): resolve its text with the project's
`PlaceResolver`, the context being the same article only (the countries it names and the
places resolved in a first pass), and measure the great-circle error to the gold point.
Prints per corpus: accuracy within 161 km, median error, AUC of the log error curve
(lower is better) and coverage, for the resolver and for the population baseline (the
most populous namesake), plus toponyms per second. Asserts nothing.

    python benchmarks/geo_bench.py [XML ...]
"""

from __future__ import annotations

import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "geo"
sys.path.insert(0, str(ROOT))

from geopy.distance import great_circle  # noqa: E402

from etl.gazetteer import default_gazetteer  # noqa: E402
from etl.geocode import GeoContext, OfflineGeocoder, PlaceQuery, PlaceResolver  # noqa: E402
from etl.schema import GeoPrecision  # noqa: E402

MAX_KM = 20039.0  # half the Earth's circumference: the error of no answer


@dataclass(frozen=True)
class GoldToponym:
    name: str
    latitude: float
    longitude: float


def read_corpus(path: Path) -> list[list[GoldToponym]]:
    """Articles, each as its gold toponyms (LGL or GeoVirus format)."""
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        found = []
        for t in article.iter("toponym"):
            lat, lon = t.findtext("gaztag/lat"), t.findtext("gaztag/lon")
            if lat and lon:
                found.append(GoldToponym(t.findtext("phrase") or "", float(lat), float(lon)))
        for loc in article.iter("location"):
            lat, lon = loc.findtext("lat"), loc.findtext("lon")
            if lat and lon:
                found.append(GoldToponym(loc.findtext("name") or "", float(lat), float(lon)))
        articles.append([t for t in found if t.name.strip()])
    return articles


def auc(errors: list[float]) -> float:
    """Area under the curve of log errors (Gritta et al. 2018): 0 best, 1 worst."""
    scaled = sorted(math.log(e + 1) / math.log(MAX_KM) for e in errors)
    if len(scaled) < 2:
        return scaled[0] if scaled else 0.0
    return sum((a + b) / 2 for a, b in pairwise(scaled)) / (len(scaled) - 1)


def _error(point: tuple[float, float] | None, gold: GoldToponym) -> float:
    if point is None:
        return MAX_KM
    return great_circle(point, (gold.latitude, gold.longitude)).km


def _without(country_of: dict[str, str], name: str) -> frozenset[str]:
    """The countries the other names of the article stand for."""
    return frozenset(iso for other, iso in country_of.items() if other != name)


def evaluate(path: Path, resolver: PlaceResolver) -> None:
    gazetteer = resolver.gazetteer
    articles = read_corpus(path)
    ours: list[float] = []
    baseline: list[float] = []
    answered = 0
    t0 = time.perf_counter()
    for toponyms in articles:
        # whole-document context: the countries of the countries and regions the article
        # names, each name's own reading left out ("Georgia" is no evidence for Georgia)
        first = {t.name: resolver.resolve(PlaceQuery(t.name), GeoContext()) for t in toponyms}
        country_of = {
            name: c.iso2
            for name, p in first.items()
            if p is not None
            and p.precision >= GeoPrecision.REGION
            and (c := gazetteer.country(p.country)) is not None
        }
        first = {
            t.name: resolver.resolve(PlaceQuery(t.name), GeoContext(_without(country_of, t.name)))
            for t in toponyms
        }
        for t in toponyms:
            others = tuple(
                (p.latitude, p.longitude)
                for name, p in first.items()
                if name != t.name and p is not None and p.latitude is not None
            )
            context = GeoContext(_without(country_of, t.name), frozenset(), others)
            place = resolver.resolve(PlaceQuery(t.name), context)
            point = (
                (place.latitude, place.longitude) if place and place.latitude is not None else None
            )
            answered += point is not None
            ours.append(_error(point, t))
            namesakes = gazetteer.lookup(t.name)
            top = max(namesakes, key=lambda e: e.population) if namesakes else None
            baseline.append(_error((top.latitude, top.longitude) if top else None, t))
    seconds = time.perf_counter() - t0
    n = len(ours)
    print(f"geocoding benchmark: {path.name} ({len(articles)} articles, {n} toponyms)")
    print(f"  {'resolver':22s} {'acc@161km':>10s} {'median km':>10s} {'AUC':>6s} {'coverage':>9s}")
    for label, errors, cover in (("etl PlaceResolver", ours, answered / n),
                                 ("population baseline", baseline,
                                  sum(e < MAX_KM for e in baseline) / n)):  # fmt: skip
        acc = sum(e <= 161 for e in errors) / n
        print(
            f"  {label:22s} {acc:10.1%} {statistics.median(errors):10.0f} {auc(errors):6.3f} {cover:9.1%}"
        )
    print(f"  {n / seconds:,.0f} toponyms/s (three passes per article)")


def main(paths: list[Path]) -> None:
    if not paths:
        print(f"geocoding benchmark skipped: no corpus in {DEFAULT_DIR}")
        return
    gaz = default_gazetteer()
    resolver = PlaceResolver(OfflineGeocoder(gaz), gaz)
    for p in paths:
        evaluate(p, resolver)


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or sorted(DEFAULT_DIR.glob("*.xml")))
