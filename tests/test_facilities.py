from etl.facilities import core_name, facilities_from_rows, facility_index, find_facility
from etl.geocode import GeoContext, PlaceQuery
from etl.places import find_places
from etl.schema import GeoPrecision

ROWS = [
    {"icao": "XAAA", "name": "Northfield Air Base", "lat": "50.5", "lon": "30.5",
     "country": "UA", "subd": "Kyiv"},
    {"icao": "XBBB", "name": "Southgate Airport", "lat": "40.0", "lon": "20.0",
     "country": "AL", "subd": "Tirana"},
    {"icao": "XCCC", "name": "Southgate Airfield", "lat": "45.0", "lon": "10.0",
     "country": "IT", "subd": "Veneto"},
]  # fmt: skip


def test_core_names_drop_the_kind_words_and_numbers():
    assert core_name("Northfield Air Base") == "northfield"
    assert core_name("Engels-2 military airfield") == "engels"
    assert core_name("Lviv Danylo Halytskyi International Airport") == "lviv danylo halytskyi"


def test_a_name_is_used_only_where_it_is_unambiguous():
    index = facilities_from_rows(ROWS)
    assert find_facility("Northfield airbase", index=index).icao == "XAAA"
    assert find_facility("Southgate airfield", index=index) is None  # two of that name
    assert find_facility("Southgate airport", frozenset({"IT"}), index).icao == "XCCC"


def test_the_bundled_data_knows_military_air_bases():
    assert facility_index(), "airportsdata is a dependency of the project"
    base = find_facility("Engels", frozenset({"RU"}))
    assert base is not None and base.iso2 == "RU" and 51 < base.latitude < 52


def test_an_airfield_named_in_a_sentence_is_placed_at_its_runway(resolver):
    text = "Drones hit the Engels military airfield overnight."
    (found,) = [c for c in find_places(text, resolver.gazetteer) if c.query.facility]
    place = resolver.resolve(found.query, GeoContext(frozenset({"RU"})))
    assert place is not None and place.name == "Engels airfield"
    assert place.precision == GeoPrecision.TOWN and place.country == "Russia"
    assert abs(place.latitude - 51.48) < 0.1


def test_an_unknown_airfield_falls_back_to_its_town(resolver):
    assert "sudzha" not in facility_index()
    query = PlaceQuery("Sudzha", GeoPrecision.TOWN, "", "Sudzha airfield", facility=True)
    place = resolver.resolve(query, GeoContext(frozenset({"RU"})))
    assert place is not None and place.name == "Sudzha" and place.country == "Russia"
