from geopy.distance import great_circle

from etl.facilities import (
    FacilityKind,
    core_name,
    facilities_from_rows,
    facility_index,
    facility_kind,
    find_facility,
    landmarks_from_rows,
)
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
    query = PlaceQuery("Sudzha", GeoPrecision.TOWN, "", "Sudzha airfield", FacilityKind.AIRFIELD)
    place = resolver.resolve(query, GeoContext(frozenset({"RU"})))
    assert place is not None and place.name == "Sudzha" and place.country == "Russia"


LANDMARKS = [
    {"kind": "dam", "name": "Northfield Dam", "names": "Northfield;North Field",
     "latitude": "48.0", "longitude": "33.0", "iso2": "UA", "admin1": "Kherson"},
    {"kind": "bridge", "name": "Northfield Bridge", "names": "Northfield",
     "latitude": "46.0", "longitude": "31.0", "iso2": "UA", "admin1": "Odesa"},
]  # fmt: skip


def test_the_words_after_a_name_say_the_kind_of_facility():
    assert facility_kind("nuclear power plant") == FacilityKind.NUCLEAR
    assert facility_kind("NPP") == FacilityKind.NUCLEAR
    assert facility_kind("hydroelectric  power station") == FacilityKind.DAM
    assert facility_kind("air base") == FacilityKind.AIRFIELD
    assert facility_kind("border crossing") == FacilityKind.CROSSING
    assert facility_kind("power line") is None


def test_a_landmark_is_found_by_its_kind_and_any_of_its_names():
    index = landmarks_from_rows(LANDMARKS)
    dam = find_facility("North Field", index=index[FacilityKind.DAM], kind=FacilityKind.DAM)
    assert dam is not None and dam.name == "Northfield Dam"
    bridge = find_facility("Northfield", index=index[FacilityKind.BRIDGE], kind=FacilityKind.BRIDGE)
    assert bridge is not None and bridge.latitude == 46.0
    assert FacilityKind.NUCLEAR not in index


def test_a_power_plant_named_after_a_city_is_placed_at_the_plant(resolver):
    text = "Shelling cut power at the Kursk nuclear power plant on Sunday."
    (found,) = [c for c in find_places(text, resolver.gazetteer) if c.query.facility]
    assert found.query.facility == FacilityKind.NUCLEAR
    place = resolver.resolve(found.query, GeoContext(frozenset({"RU"})))
    assert place is not None and place.name == "Kursk Nuclear Power Plant"
    kursk = resolver.resolve(PlaceQuery("Kursk"), GeoContext(frozenset({"RU"})))
    assert (
        great_circle((place.latitude, place.longitude), (kursk.latitude, kursk.longitude)).km > 30
    )


def test_a_dam_under_another_of_its_names_and_an_unknown_one(resolver):
    (found,) = [c for c in find_places("Water poured through the Nova Kakhovka dam.",
                                       resolver.gazetteer) if c.query.facility]  # fmt: skip
    place = resolver.resolve(found.query, GeoContext())
    assert place is not None and place.name == "Kakhovka Dam" and place.country == "Ukraine"
    text = "Engineers inspected the Zzyzx dam."
    assert not [c for c in find_places(text, resolver.gazetteer) if c.query.facility]


def test_a_sea_is_a_place_of_no_country_and_never_the_town_of_its_first_word(resolver):
    text = "Missiles hit a tanker in the Red Sea and another in the Gulf of Aden."
    waters = [c for c in find_places(text, resolver.gazetteer) if c.query.facility]
    assert [c.query.name for c in waters] == ["Red Sea", "Gulf of Aden"]
    place = resolver.resolve(waters[0].query, GeoContext())
    assert place is not None and place.precision == GeoPrecision.REGION and place.country == ""
    assert 15 < place.latitude < 25
    modifier = "Drones hit the Red Sea port city of Kyiv."
    assert not [c for c in find_places(modifier, resolver.gazetteer) if c.query.name == "Red Sea"]


def test_coordinated_names_and_region_lists_are_all_places():
    from etl.gazetteer import default_gazetteer

    gaz = default_gazetteer()

    def names(text):
        return [(c.query.name, c.query.precision) for c in find_places(text, gaz)]

    assert names("Drones hit targets in Kharkiv, Sumy and Odesa overnight.") == [
        ("Kharkiv", GeoPrecision.TOWN), ("Sumy", GeoPrecision.TOWN), ("Odesa", GeoPrecision.TOWN)
    ]  # fmt: skip
    assert names("Drones hit the Belgorod and Voronezh regions.") == [
        ("Belgorod", GeoPrecision.REGION), ("Voronezh", GeoPrecision.REGION)
    ]  # fmt: skip
    assert names("Rebels seized swaths of North and South Kivu provinces.") == [
        ("North Kivu", GeoPrecision.REGION), ("South Kivu", GeoPrecision.REGION)
    ]  # fmt: skip
    assert names("Fighting raged in North Kivu province.") == [("North Kivu", GeoPrecision.REGION)]
