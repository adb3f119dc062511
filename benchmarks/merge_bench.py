"""Merge benchmark: synthetic mentions (10k / 50k / 200k) spread over three years, many
towns, types and actors, merged with `etl.merge.merge`; prints seconds and the growth
exponent between sizes (1.0 = linear, 2.0 = quadratic). Asserts nothing."""

from __future__ import annotations

import math
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.merge import merge
from etl.schema import DateRange, EventType, GeoPrecision, Mention, Place, Status, TimePrecision

SUBTYPES = {
    EventType.REMOTE_STRIKE: "drone strike", EventType.ARMED_CLASH: "clash",
    EventType.TERRITORIAL_CHANGE: "capture", EventType.DIPLOMACY: "talks",
    EventType.STATEMENT: "statement", EventType.AID_OR_SANCTION: "aid pledged",
}  # fmt: skip


def synthetic_mentions(n: int, seed: int = 7) -> list[Mention]:
    """`n` mentions of about n/3 events: several outlets report each event."""
    rng = random.Random(seed)
    towns = [(f"Town{i}", rng.uniform(44, 56), rng.uniform(22, 48)) for i in range(2000)]
    actors = ["Russia", "Ukraine", "Belarus", "United States", "Turkey", "Iran"]
    start = date(2022, 1, 1)
    out = []
    while len(out) < n:
        kind = rng.choice(list(SUBTYPES))
        day = start + timedelta(days=rng.randrange(3 * 365))
        name, lat, lon = rng.choice(towns)
        a1, a2 = rng.sample(actors, 2)
        for k in range(rng.randint(1, 5)):
            width = rng.choice([0, 0, 0, 1, 6])
            when = DateRange(day, day, day + timedelta(days=width),
                             TimePrecision.DAY if width == 0 else TimePrecision.WEEK)  # fmt: skip
            place = (
                None if rng.random() < 0.2 else Place(name, lat, lon, a2, "", "", GeoPrecision.TOWN)
            )
            out.append(Mention(
                mention_id=f"M{len(out)}", doc_id=f"d{len(out) // 17}", file=f"f{len(out) // 17}.txt",
                outlet=f"Outlet{k}", published=day + timedelta(days=1), paragraph=0, sentence_index=0,
                char_start=0, char_end=10, quote="q", trigger="t", event_type=kind,
                sub_event_type=SUBTYPES[kind], status=Status.REPORTED, attributed_to="", actor1=a1,
                actor2=a2, actors=(a1, a2), persons=(), place=place, date=when,
                date_source="sentence", fatalities=None, injured=None, summary="s",
                confidence=0.8, speaker_group=a1,
            ))  # fmt: skip
    return out[:n]


def main(sizes: list[int]) -> None:
    print("merge of synthetic mentions (3 years, 2,000 towns)")
    previous = None
    for n in sizes:
        mentions = synthetic_mentions(n)
        t0 = time.perf_counter()
        events, _ = merge(mentions)
        seconds = time.perf_counter() - t0
        growth = ""
        if previous:
            growth = f"  growth exponent {math.log(seconds / previous[1]) / math.log(n / previous[0]):.2f}"
        print(f"  {n:>8,} mentions → {len(events):>7,} events in {seconds:6.2f} s{growth}")
        previous = (n, seconds)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 50_000, 200_000])
