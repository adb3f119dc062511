"""Countries and their nationality words ("Russian", "Russians", "Russian forces").

`nationalities.csv` is the curated list (the words news uses, the forces' name); every
other country comes from the `countryinfo` package (its name and demonym). Both the
actor lexicon and the geocoder ("Russian" where a place is meant) read these rows.
"""

from __future__ import annotations

import csv
from collections import Counter
from functools import lru_cache
from importlib import resources


def countryinfo_nationalities(min_population: int = 500_000) -> list[dict[str, str]]:
    """Nationality rows for every country of the `countryinfo` package (name and demonym),
    in the form of `nationalities.csv`. Territories under `min_population` and demonyms
    that name two countries ("Congolese") are left out."""
    import countryinfo

    rows, seen = [], Counter()
    for c in countryinfo.all_countries():
        iso, demonym, name = (c.iso() or {}).get("alpha2"), c.demonym() or "", c.name() or ""
        if not iso or not demonym or not name or (c.population() or 0) < min_population:
            continue
        words = [d.strip() for d in demonym.split(",") if d.strip()]
        seen.update(words)
        rows.append({"country": name, "iso2": iso, "words": words})
    return [
        {"country": r["country"], "iso2": r["iso2"],
         "adjectives": ";".join(w for w in r["words"] if seen[w] == 1),
         "demonyms": ";".join(f"{w}s" for w in r["words"] if seen[w] == 1),
         "forces": f"{r['words'][0]} forces" if seen[r["words"][0]] == 1 else ""}
        for r in rows
    ]  # fmt: skip


@lru_cache(maxsize=1)
def nationality_rows() -> tuple[dict[str, str], ...]:
    """The curated rows, then every other country of `countryinfo` whose name and words
    the curated rows do not already use."""
    text = resources.files("etl.lexicons").joinpath("nationalities.csv").read_text("utf-8")
    curated = list(csv.DictReader(text.splitlines()))
    known = {r["iso2"] for r in curated}
    words = {w for r in curated for w in (*r["adjectives"].split(";"), r["country"]) if w}
    extra = [
        r for r in countryinfo_nationalities()
        if r["iso2"] not in known and r["country"] not in words
        and not set(r["adjectives"].split(";")) & words
    ]  # fmt: skip
    return tuple(curated + extra)
