"""What an analyst's form means as a correction (pure).

`changes` compares the form with the event as shown and returns only the fields
that changed, with their values before, ready for the review log. A typed place
name is geocoded by the injected `geocode` function; typed coordinates win over it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

import pandas as pd

from etl.geocode import GeoContext, PlaceQuery, PlaceResolver
from etl.outputs import place_fields
from etl.review import ReviewError, actor_fields, clean_fields, date_fields
from etl.schema import GeoPrecision, TimePrecision

Geocode = Callable[[str], dict[str, Any] | None]


@dataclass(frozen=True)
class FormValues:
    date: date | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    location: str
    latitude: float | None
    longitude: float | None
    status: str
    fatalities: int | None
    summary: str


def _value(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def form_values(row: Mapping[str, Any]) -> FormValues:
    """The form's starting values: the event as currently shown."""
    day = _value(row, "date")
    lat, lon, dead = _value(row, "latitude"), _value(row, "longitude"), _value(row, "fatalities")
    return FormValues(
        date=pd.Timestamp(day).date() if day is not None else None,
        time_precision=int(_value(row, "time_precision") or TimePrecision.DAY),
        event_type=str(_value(row, "event_type") or "other"),
        sub_event_type=str(_value(row, "sub_event_type") or ""),
        actor1=str(_value(row, "actor1") or ""),
        actor2=str(_value(row, "actor2") or ""),
        location=str(_value(row, "location") or ""),
        latitude=float(lat) if lat is not None else None,
        longitude=float(lon) if lon is not None else None,
        status=str(_value(row, "status") or "reported"),
        fatalities=int(dead) if dead is not None else None,
        summary=str(_value(row, "summary") or ""),
    )


def place_from_name(name: str, resolver: PlaceResolver) -> dict[str, Any] | None:
    """Geocode a typed place name with the ETL's resolver (offline gazetteer by default)."""
    place = resolver.resolve(PlaceQuery(name.strip()), GeoContext())
    if place is None:
        return None
    return {**place_fields(place), "location": name.strip()}


def changes(
    row: Mapping[str, Any], new: FormValues, geocode: Geocode
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(changed fields, their values before); `ReviewError` for a value that cannot stand."""
    old = form_values(row)
    out: dict[str, Any] = {}
    if new.date is None:
        raise ReviewError("date: cannot be empty")
    if (new.date, new.time_precision) != (old.date, old.time_precision):
        out.update(date_fields(new.date, TimePrecision(new.time_precision)))
    for name in ("event_type", "sub_event_type", "status", "fatalities", "summary"):
        if getattr(new, name) != getattr(old, name):
            out[name] = getattr(new, name)
    if (new.actor1, new.actor2) != (old.actor1, old.actor2):
        out.update(
            actor_fields(new.actor1.strip() or None, new.actor2.strip() or None,
                         _without(_value(row, "actors"), old.actor1, old.actor2))
        )  # fmt: skip
    coords_changed = (new.latitude, new.longitude) != (old.latitude, old.longitude)
    if coords_changed:
        if (new.latitude is None) != (new.longitude is None):
            raise ReviewError("give both latitude and longitude, or neither")
        out.update(location=new.location.strip() or None, latitude=new.latitude,
                   longitude=new.longitude,
                   geo_precision=int(GeoPrecision.TOWN) if new.latitude is not None else None)  # fmt: skip
    elif new.location.strip() != old.location:
        if not new.location.strip():
            out.update(dict.fromkeys(("location", "admin1", "country", "iso3", "latitude",
                                      "longitude", "geo_precision")))  # fmt: skip
        else:
            found = geocode(new.location)
            if found is None:
                raise ReviewError(
                    f"place {new.location.strip()!r} not found in the gazetteer: "
                    "type its latitude and longitude instead"
                )
            out.update(found)
    cleaned = clean_fields(out)
    before = {k: _jsonable(_value(row, k)) for k in cleaned}
    return cleaned, before


def _without(actors: Any, *names: str) -> str | None:
    kept = [a for a in str(actors or "").split(";") if a and a not in names]
    return ";".join(kept) or None


def _jsonable(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


FORM_FIELDS = tuple(f.name for f in fields(FormValues))


def edited_fields(base: FormValues, new: FormValues) -> list[str]:
    """The form fields the analyst changed from the values the form was opened with."""
    return [f.name for f in fields(FormValues) if getattr(new, f.name) != getattr(base, f.name)]


def conflicts(
    base: FormValues, now: FormValues, new: FormValues, edited: list[str]
) -> dict[str, tuple[Any, Any]]:
    """Fields this analyst changed that someone else changed too since the form was opened
    (to another value): field → (their value, this analyst's value)."""
    return {
        f: (getattr(now, f), getattr(new, f))
        for f in edited
        if getattr(now, f) != getattr(base, f) and getattr(now, f) != getattr(new, f)
    }


def rebased(now: FormValues, new: FormValues, chosen: list[str]) -> FormValues:
    """The event as it is now, with only the `chosen` fields taken from the analyst's form."""
    return replace(now, **{f: getattr(new, f) for f in chosen})
