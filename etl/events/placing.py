"""The places of one sentence: its place candidates geocoded, with the sentence as context.

Regions first: their points are context for the towns ("Vesele in the Zaporizhzhia
region" picks the Vesele near that region's centre). A town that resolves far from
every region the sentence names is a namesake, not the place meant: the region is
taken instead. A name the gazetteer does not list is placed by the place the text ties
it to (`etl.events.unlisted`). What could not be placed is reported by name.
"""

from __future__ import annotations

from dataclasses import replace

from geopy.distance import great_circle

from etl.events.unlisted import Tie, placed_at
from etl.geocode import GeoContext, PlaceResolver
from etl.places import PlaceCandidate
from etl.schema import GeoPrecision, Place

FAR_NAMESAKE_KM = 200.0
NOT_LISTED = "(not in the gazetteer)"


def place_sentence(
    candidates: list[PlaceCandidate],
    ties: dict[str, Tie],
    story_ties: dict[str, Tie],
    resolver: PlaceResolver,
    doc_countries: frozenset[str],
    sent_countries: frozenset[str],
) -> tuple[dict[int, Place], list[str]]:
    """Candidate position -> its place, and the names not placed (as the run report
    lists them). `ties` locate unlisted names in this sentence, `story_ties` anywhere
    in the document."""
    places: dict[int, Place] = {}
    missing: list[str] = []
    order = sorted(
        range(len(candidates)),
        key=lambda n: (candidates[n].unlisted, -int(candidates[n].query.precision)),
    )
    for n in order:
        name = candidates[n].query.name
        if candidates[n].unlisted:
            tie = ties.get(name) or story_ties.get(name)
            if tie is None:
                continue
            anchor = next(
                (p for k, p in places.items() if candidates[k].query == tie.anchor), None
            ) or resolver.resolve(tie.anchor, GeoContext(doc_countries, frozenset(), ()))
            if anchor is not None:
                places[n] = placed_at(name, anchor, tie)
                missing.append(f"{name} {NOT_LISTED}")
            continue
        regions = [p for p in places.values() if p.precision == GeoPrecision.REGION]
        points = tuple(
            (p.latitude, p.longitude)
            for p in regions
            if p.latitude is not None and p.longitude is not None
        )
        resolved = resolver.resolve(
            candidates[n].query, GeoContext(doc_countries, sent_countries, points)
        )
        if resolved is not None and regions and far_namesake(resolved, regions):
            missing.append(f"{name} {NOT_LISTED}")
            resolved = replace(regions[0], matched=name)
        if resolved is None:
            missing.append(name)
        else:
            places[n] = resolved
    return places, missing


def far_namesake(place: Place, regions: list[Place]) -> bool:
    """A town far from every region its sentence names: a namesake, not the place meant."""
    if place.precision != GeoPrecision.TOWN or place.latitude is None or place.longitude is None:
        return False
    for region in regions:
        if region.admin1 and region.admin1 == place.admin1:
            return False
        if region.latitude is not None and region.longitude is not None:
            km = great_circle(
                (place.latitude, place.longitude), (region.latitude, region.longitude)
            ).km
            if km <= FAR_NAMESAKE_KM:
                return False
    return True
