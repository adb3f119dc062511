import json
from pathlib import Path

import pytest

from etl.geocode import OfflineGeocoder, PlaceResolver, _country_aliases, build_gazetteer

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def mini_gazetteer():
    """A real, small gazetteer: GeoNames records of a few namesake-rich places."""
    raw = json.loads((DATA / "mini_gazetteer.json").read_text(encoding="utf-8"))
    return build_gazetteer(raw["cities"], raw["countries"], {}, _country_aliases())


@pytest.fixture(scope="session")
def resolver(mini_gazetteer):
    return PlaceResolver(OfflineGeocoder(mini_gazetteer), mini_gazetteer)


@pytest.fixture(scope="session")
def seeds_dir():
    return ROOT / "seeds"
