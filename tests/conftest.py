import json
from pathlib import Path

import pytest
from hypothesis import settings

from etl.gazetteer import build_gazetteer, country_aliases
from etl.geocode import OfflineGeocoder, PlaceResolver

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Property tests judge behaviour, never speed: hypothesis' default 200 ms deadline per
# example fails them on a busy machine (CI runs on 2 shared cores). No wall-clock limit.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


@pytest.fixture(scope="session")
def mini_gazetteer():
    """A real, small gazetteer: GeoNames records of a few namesake-rich places."""
    raw = json.loads((DATA / "mini_gazetteer.json").read_text(encoding="utf-8"))
    return build_gazetteer(raw["cities"], raw["countries"], {}, country_aliases())


@pytest.fixture(scope="session")
def resolver(mini_gazetteer):
    return PlaceResolver(OfflineGeocoder(mini_gazetteer), mini_gazetteer)


@pytest.fixture(scope="session")
def seeds_dir():
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def small_events():
    """A small hand-made events table read the way the dashboard reads data."""
    from dashboard.data import read_events

    return read_events(DATA / "events_small.csv")


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory):
    """The ETL's real output on the bundled seeds (run once per test session)."""
    from etl.cli import main

    out = tmp_path_factory.mktemp("seed-data")
    assert main(["run", "--input", str(ROOT / "seeds"), "--output", str(out), "--no-progress"]) == 0
    return out
