import json

import pytest

from etl.actors import default_lexicon, find_actors
from etl.gazetteer import build_gazetteer, country_aliases, district_forms, districts_from_table
from etl.geocode import GeoContext, OfflineGeocoder, PlaceQuery, PlaceResolver
from etl.places import find_places
from etl.schema import GeoPrecision
from tests.conftest import DATA


def actors_in(text):
    return [(a.actor.canonical, a.actor.maps_to) for a in find_actors(text, default_lexicon())]


def test_officials_map_to_their_country():
    found = dict(
        actors_in("Peskov said Rubio had called, and Ukraine's Air Force reported drones.")
    )
    assert found["Dmitry Peskov"] == "Russia"
    assert found["Marco Rubio"] == "United States"
    assert found["Ukrainian forces"] == "Ukrainian forces"


def test_unknown_people_get_a_side_from_nationality_or_title():
    found = dict(
        actors_in("Andriy Kovalenko, a senior Ukrainian official, said he could not confirm.")
    )
    assert found["Andriy Kovalenko"] == "Ukraine"
    found = dict(actors_in("the senior Russian senator Konstantin Kosachov wrote on Telegram"))
    assert found["Konstantin Kosachov"] == "Russia"


def test_coordinated_nationalities_are_both_actors():
    names = [c for c, _ in actors_in("American and Russian officials were expected to meet")]
    assert "United States" in names and "Russia" in names


def test_namesakes_resolved_by_population_and_context(resolver):
    washington = resolver.resolve(PlaceQuery("Washington"), GeoContext())
    assert washington.country == "United States" and abs(washington.latitude - 38.9) < 0.1
    moscow = resolver.resolve(PlaceQuery("Moscow"), GeoContext())
    assert moscow.iso3 == "RUS"
    # Shannon: Ireland's town is not the largest namesake everywhere, context decides.
    irish = resolver.resolve(PlaceQuery("Shannon"), GeoContext(frozenset({"IE"})))
    assert irish.iso3 == "IRL"
    american = resolver.resolve(PlaceQuery("Shannon"), GeoContext(frozenset({"US"})))
    assert american.iso3 == "USA"


def test_distance_to_other_places_breaks_ties(resolver):
    near_kentucky = resolver.resolve(PlaceQuery("Springfield"), GeoContext(points=((37.0, -88.0),)))
    near_massachusetts = resolver.resolve(
        PlaceQuery("Springfield"), GeoContext(points=((42.3, -72.5),))
    )
    assert near_kentucky.latitude != near_massachusetts.latitude


def test_region_names_resolve_to_capital_at_region_precision(resolver, mini_gazetteer):
    text = "Putin made a trip to the Kursk region, and forces fought near Sudzha."
    cands = find_places(text, mini_gazetteer)
    places = [resolver.resolve(c.query, GeoContext(frozenset({"RU"}))) for c in cands]
    by_name = {p.name: p for p in places}
    assert by_name["Kursk region"].precision == GeoPrecision.REGION
    assert abs(by_name["Kursk region"].latitude - 51.73) < 0.05
    assert by_name["Sudzha"].precision == GeoPrecision.NEAR_TOWN


def test_country_only_is_country_precision(resolver):
    place = resolver.resolve(PlaceQuery("Ukraine"), GeoContext())
    assert place.precision == GeoPrecision.COUNTRY and place.iso3 == "UKR"


def test_aliases_and_landmarks_only_in_locative_context(mini_gazetteer):
    located = find_places("He spoke at the White House and flew to Kiev.", mini_gazetteer)
    assert [c.query.name for c in located] == ["Washington", "Kyiv"]
    assert find_places("Kyiv's troops advanced as the Kremlin said no.", mini_gazetteer) == []


def test_a_country_is_placed_inside_it_not_at_its_capital(resolver):
    russia = resolver.resolve(PlaceQuery("Russia"), GeoContext())
    assert russia.precision == GeoPrecision.COUNTRY and russia.name == "Russia"
    assert russia.latitude > 58 and russia.longitude > 80  # Siberia's centre, not Moscow
    seat = resolver.seat_of_government("RU")
    assert (seat.name, seat.precision) == ("Moscow", GeoPrecision.TOWN)


@pytest.mark.parametrize(
    ("name", "south", "north", "west", "east"),
    [
        ("United States", 30, 45, -110, -85),  # the lower 48's middle, not pulled by Alaska
        ("France", 43, 49, -1, 6),  # the mainland, not the overseas departments
    ],
)
def test_a_country_point_is_the_middle_of_its_main_landmass(
    resolver, name, south, north, west, east
):
    place = resolver.resolve(PlaceQuery(name), GeoContext())
    assert place.precision == GeoPrecision.COUNTRY
    assert south < place.latitude < north and west < place.longitude < east


def test_named_regions_continents_and_capitals(mini_gazetteer):
    raw = json.loads((DATA / "mini_gazetteer.json").read_text(encoding="utf-8"))
    states = {"IL": "Illinois", "GA": "Georgia", "DC": "District of Columbia"}
    gaz = build_gazetteer(raw["cities"], raw["countries"], states, country_aliases())
    resolver = PlaceResolver(OfflineGeocoder(gaz), gaz)
    illinois = resolver.resolve(PlaceQuery("Illinois"), GeoContext())
    assert (illinois.precision, illinois.admin1, illinois.country) == (
        GeoPrecision.REGION,
        "Illinois",
        "United States",
    )
    towns = gaz.places_in("US", "IL")
    assert min(e.latitude for e in towns) <= illinois.latitude <= max(e.latitude for e in towns)
    africa = resolver.resolve(PlaceQuery("Africa"), GeoContext())
    assert africa.precision == GeoPrecision.COUNTRY and -10 < africa.latitude < 20
    washington = resolver.resolve(PlaceQuery("Washington"), GeoContext())
    assert washington.admin1 == "District of Columbia"  # the capital before its namesakes


def _with_regions(admin1):
    raw = json.loads((DATA / "mini_gazetteer.json").read_text(encoding="utf-8"))
    gaz = build_gazetteer(raw["cities"], raw["countries"], {}, country_aliases(), admin1)
    return PlaceResolver(OfflineGeocoder(gaz), gaz)


def test_regions_resolve_from_the_forms_people_write():
    from etl.gazetteer import region_forms

    assert {"hadramawt", "hadramawt governorate"} <= region_forms("Muhafazat Hadramawt")
    assert {"kharkiv oblast", "kharkiv region", "kharkiv province"} <= region_forms("Kharkiv")
    assert "vinnytsia oblast" in region_forms("Vinnyts'ka")
    resolver = _with_regions({("UA", "07"): "Kharkiv", ("RU", "41"): "Kursk"})
    for written in ("Kharkiv Oblast", "Kharkiv region", "kharkiv province"):
        place = resolver.resolve(PlaceQuery(written), GeoContext())
        assert (place.precision, place.admin1, place.country) == (
            GeoPrecision.REGION,
            "Kharkiv",
            "Ukraine",
        )
    assert resolver.resolve(PlaceQuery("Kharkiv"), GeoContext()).precision == GeoPrecision.TOWN
    region = resolver.resolve(PlaceQuery("Kursk", GeoPrecision.REGION), GeoContext())
    assert region.admin1 == "Kursk" and region.country == "Russia"
    sudzha = resolver.resolve(PlaceQuery("Sudzha"), GeoContext())
    assert sudzha.admin1 == "Kursk"  # the town's admin1 is the real region name


def test_country_spellings_and_demonyms_name_countries(resolver):
    for written, country in (("Kingdom of Saudi Arabia", "Saudi Arabia"), ("Éire", "Ireland"),
                             ("Russian", "Russia"), ("Qataris", "Qatar")):  # fmt: skip
        place = resolver.resolve(PlaceQuery(written), GeoContext())
        assert place is not None and (place.country, place.precision) == (
            country,
            GeoPrecision.COUNTRY,
        ), written


def test_every_country_and_its_forces_are_actors():
    lex = default_lexicon()
    text = "Chadian troops and the Malian army fought near Gao while Colombian officials met in Bogota."
    found = {a.text: (a.actor.maps_to, a.actor.country) for a in find_actors(text, lex)}
    assert found["Chadian troops"] == ("Chadian forces", "Chad")
    assert found["Malian army"] == ("Malian forces", "Mali")
    assert found["Colombian officials"] == ("Colombia", "Colombia")


def test_armed_groups_of_several_conflicts_are_actors():
    lex = default_lexicon()
    text = "RSF fighters shelled the camp, Hamas fired rockets and M23 rebels advanced, while the Houthis threatened ships."
    found = {
        a.text: (a.actor.canonical, a.actor.kind, a.actor.country) for a in find_actors(text, lex)
    }
    assert found["RSF fighters"] == ("Rapid Support Forces", "armed group", "Sudan")
    assert found["Hamas"] == ("Hamas", "armed group", "Palestine")
    assert found["M23 rebels"][0] == "M23" and found["Houthis"][0] == "Houthis"


def test_district_forms_keep_a_bare_name_only_as_such():
    forms = dict(district_forms("Laurel County"))
    assert forms["laurel county"] is False and forms["laurel"] is True
    assert dict(district_forms("Suffolk"))["suffolk"] is False


def test_a_county_resolves_to_the_middle_of_its_places_at_region_precision():
    rows = [
        {"lat": "37.1", "lon": "-84.1", "name": "Alpha", "admin1": "Kentucky",
         "admin2": "Laurel County", "cc": "US"},
        {"lat": "36.9", "lon": "-83.9", "name": "Beta", "admin1": "Kentucky",
         "admin2": "Laurel County", "cc": "US"},
        {"lat": "52.2", "lon": "1.0", "name": "Gamma", "admin1": "England",
         "admin2": "Suffolk", "cc": "GB"},
    ]  # fmt: skip
    raw = json.loads((DATA / "mini_gazetteer.json").read_text(encoding="utf-8"))
    gazetteer = build_gazetteer(
        raw["cities"], raw["countries"], {}, country_aliases(), {}, districts_from_table(rows, {})
    )
    resolver = PlaceResolver(OfflineGeocoder(gazetteer), gazetteer)
    county = resolver.resolve(PlaceQuery("Laurel County"), GeoContext())
    assert (county.name, county.admin1, county.precision) == (
        "Laurel County",
        "Kentucky",
        GeoPrecision.REGION,
    )
    assert abs(county.latitude - 37.0) < 0.01 and abs(county.longitude + 84.0) < 0.01
    assert resolver.resolve(PlaceQuery("Laurel"), GeoContext()) is None  # not a bare name
    assert resolver.resolve(PlaceQuery("Laurel", GeoPrecision.REGION), GeoContext()) is not None
    assert resolver.resolve(PlaceQuery("Suffolk"), GeoContext()).country == "United Kingdom"


def test_the_gazetteer_file_opens_read_only_and_pickles_by_path(tmp_path, mini_gazetteer):
    import pickle
    import sqlite3

    raw = json.loads((DATA / "mini_gazetteer.json").read_text(encoding="utf-8"))
    path = tmp_path / "places.sqlite"
    on_disk = build_gazetteer(raw["cities"], raw["countries"], {}, country_aliases(), path=path)
    assert on_disk.lookup("Kharkiv") == mini_gazetteer.lookup("Kharkiv") != []
    assert on_disk.knows("kharkiv") and not on_disk.knows("Nowhere-on-Earth")
    with pytest.raises(sqlite3.OperationalError):
        on_disk._db.execute("DELETE FROM places")
    again = pickle.loads(pickle.dumps(on_disk))
    assert again.path == path and again.lookup("Kharkiv") == on_disk.lookup("Kharkiv")
    copy = pickle.loads(pickle.dumps(mini_gazetteer))  # in memory: the data travels
    assert copy.lookup("Kharkiv") == mini_gazetteer.lookup("Kharkiv")
    assert copy.capital_of("UA") == mini_gazetteer.capital_of("UA") is not None


# First-level regions of ten countries at war or in crisis, as English news writes them
# (with and without a kind word: "Kursk region", "North Kivu", "Khartoum State").
REGIONS = {
    "UA": ["Cherkasy Oblast", "Chernihiv region", "Chernivtsi Oblast", "Crimea", "Dnipropetrovsk region", "Donetsk Oblast", "Ivano-Frankivsk region", "Kharkiv Oblast", "Kherson region", "Khmelnytskyi Oblast", "Kirovohrad region", "Kyiv Oblast", "Luhansk region", "Lviv Oblast", "Mykolaiv region", "Odesa Oblast", "Poltava region", "Rivne Oblast", "Sumy region", "Ternopil Oblast", "Vinnytsia region", "Volyn Oblast", "Zakarpattia region", "Zaporizhzhia Oblast", "Zhytomyr region"],
    "RU": ["Adygea", "Altai Krai", "Altai Republic", "Amur Oblast", "Arkhangelsk region", "Astrakhan Oblast", "Bashkortostan", "Belgorod region", "Bryansk region", "Buryatia", "Chechnya", "Chelyabinsk region", "Chukotka", "Chuvashia", "Dagestan", "Ingushetia", "Irkutsk region", "Ivanovo region", "Jewish Autonomous Oblast", "Kabardino-Balkaria", "Kaliningrad region", "Kalmykia", "Kaluga region", "Kamchatka Krai", "Karachay-Cherkessia", "Karelia", "Kemerovo region", "Khabarovsk Krai", "Khakassia", "Khanty-Mansi Autonomous Okrug", "Kirov region", "Komi Republic", "Kostroma region", "Krasnodar Krai", "Krasnoyarsk Krai", "Kurgan region", "Kursk region", "Leningrad region", "Lipetsk region", "Magadan region", "Mari El", "Mordovia", "Moscow region", "Murmansk region", "Nenets Autonomous Okrug", "Nizhny Novgorod region", "North Ossetia", "Novgorod region", "Novosibirsk region", "Omsk region", "Orenburg region", "Oryol region", "Penza region", "Perm Krai", "Primorsky Krai", "Pskov region", "Rostov region", "Ryazan region", "Sakha Republic", "Sakhalin region", "Samara region", "Saratov region", "Smolensk region", "Stavropol Krai", "Sverdlovsk region", "Tambov region", "Tatarstan", "Tomsk region", "Tula region", "Tuva", "Tver region", "Tyumen region", "Udmurtia", "Ulyanovsk region", "Vladimir region", "Volgograd region", "Vologda region", "Voronezh region", "Yamalo-Nenets Autonomous Okrug", "Yaroslavl region", "Zabaykalsky Krai"],
    "IL": ["Southern District", "Northern District", "Central District", "Haifa District", "Jerusalem District", "Tel Aviv District"],
    "PS": ["Gaza Strip", "West Bank"],
    "LB": ["Akkar", "Baalbek-Hermel", "Beirut governorate", "Beqaa", "Mount Lebanon", "Nabatieh governorate", "North Lebanon", "South Lebanon"],
    "SY": ["Aleppo governorate", "Daraa governorate", "Deir ez-Zor governorate", "Damascus governorate", "Rif Dimashq", "Hama governorate", "Hasakah governorate", "Homs governorate", "Idlib governorate", "Latakia governorate", "Quneitra governorate", "Raqqa governorate", "Suwayda governorate", "Tartus governorate"],
    "SD": ["Khartoum State", "North Darfur", "South Darfur", "West Darfur", "Central Darfur", "East Darfur", "North Kordofan", "South Kordofan", "West Kordofan", "Blue Nile State", "White Nile State", "River Nile State", "Red Sea State", "Kassala State", "Gedaref State", "Gezira State", "Sennar State", "Northern State"],
    "CD": ["North Kivu", "South Kivu", "Ituri province", "Haut-Katanga", "Kinshasa province", "Kongo Central", "Tanganyika province", "Maniema", "Kasai", "Kasai-Central", "Kasai-Oriental", "Lualaba", "Tshopo", "Equateur province", "Kwilu", "Kwango", "Mai-Ndombe", "Sankuru", "Lomami", "Haut-Lomami", "Haut-Uele", "Bas-Uele", "Mongala", "Nord-Ubangi", "Sud-Ubangi", "Tshuapa"],
    "YE": ["Sanaa governorate", "Aden governorate", "Hodeidah governorate", "Taiz governorate", "Marib governorate", "Hadramawt", "Saada governorate", "Al Jawf governorate", "Shabwa governorate", "Abyan governorate", "Lahij governorate", "Al Bayda governorate", "Hajjah governorate", "Ibb governorate", "Dhamar governorate", "Amran governorate", "Al Mahrah governorate", "Al Dhale governorate", "Raymah governorate", "Al Mahwit governorate", "Socotra"],
    "IN": ["Jammu and Kashmir", "Ladakh", "Punjab", "Himachal Pradesh", "Uttarakhand", "Haryana", "Delhi territory", "Rajasthan", "Uttar Pradesh", "Bihar", "Sikkim", "Arunachal Pradesh", "Nagaland", "Manipur", "Mizoram", "Tripura", "Meghalaya", "Assam", "West Bengal", "Jharkhand", "Odisha", "Chhattisgarh", "Madhya Pradesh", "Gujarat", "Maharashtra", "Telangana", "Andhra Pradesh", "Karnataka", "Goa", "Kerala", "Tamil Nadu"],
    "PK": ["Punjab province", "Sindh", "Balochistan", "Khyber Pakhtunkhwa", "Gilgit-Baltistan", "Azad Kashmir", "Islamabad Capital Territory"],
}  # fmt: skip
# The region names the gazetteer gives a few of them (GeoNames, else ISO 3166-2 names).
ADMIN1 = {
    "Kharkiv Oblast": "Kharkiv", "Kursk region": "Kursk", "North Kivu": "Nord Kivu",
    "Tanganyika province": "Tanganyika", "Khartoum State": "Khartoum",
    "Mount Lebanon": "Mont-Liban", "Gaza Strip": "Gaza Strip", "Sindh": "Sindh",
    "Idlib governorate": "Idlib", "Jammu and Kashmir": "Jammu and Kashmīr",
}  # fmt: skip


def test_every_region_of_ten_countries_resolves_from_its_common_forms():
    from etl.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    resolver = PlaceResolver(OfflineGeocoder(gazetteer), gazetteer)
    wrong, admin1 = {}, {}
    for iso2, names in REGIONS.items():
        for name in names:
            # in an article about that country ("Punjab" is in India and in Pakistan)
            place = resolver.resolve(PlaceQuery(name), GeoContext(frozenset({iso2})))
            country = place and gazetteer.country(place.country)
            if not place or place.precision != GeoPrecision.REGION or country.iso2 != iso2:
                wrong[name] = place and (place.country, place.precision)
            admin1[name] = place and place.admin1
    assert wrong == {}
    assert {n: admin1[n] for n in ADMIN1} == ADMIN1
    # each its own region: no two names of a country fall on one
    for names in REGIONS.values():
        assert len({admin1[n] for n in names}) == len(names)


# Ukraine's oblasts as news writes them, with the first-level region GeoNames names.
UKRAINE_REGIONS = {
    "Cherkasy": "Cherkasy", "Chernihiv": "Chernihiv", "Chernivtsi": "Chernivtsi",
    "Dnipropetrovsk": "Dnipropetrovsk", "Donetsk": "Donetsk", "Ivano-Frankivsk": "Ivano-Frankivsk",
    "Kharkiv": "Kharkiv", "Kherson": "Kherson", "Khmelnytskyi": "Khmelnytskyi",
    "Kirovohrad": "Kirovohrad", "Luhansk": "Luhansk", "Lviv": "Lviv", "Mykolaiv": "Mykolaiv",
    "Odesa": "Odessa", "Poltava": "Poltava", "Rivne": "Rivne", "Sumy": "Sumy",
    "Ternopil": "Ternopil", "Vinnytsia": "Vinnyts'ka", "Volyn": "Volyn",
    "Zakarpattia": "Zakarpattia", "Zaporizhzhia": "Zaporizhia", "Zhytomyr": "Zhytomyr",
}  # fmt: skip


@pytest.mark.parametrize("kind", ["Oblast", "region", "province"])
def test_every_ukrainian_oblast_resolves_from_its_common_forms(kind):
    from etl.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    resolver = PlaceResolver(OfflineGeocoder(gazetteer), gazetteer)
    wrong = {}
    for name, admin1 in UKRAINE_REGIONS.items():
        place = resolver.resolve(PlaceQuery(f"{name} {kind}"), GeoContext())
        got = place and (place.country, place.admin1, place.precision)
        if got != ("Ukraine", admin1, GeoPrecision.REGION):
            wrong[name] = got
    assert wrong == {}


def test_a_place_known_by_the_name_only_as_another_name_comes_after_its_bearers():
    from geopy.location import Location

    from etl.geocode import same_name, score_location

    assert same_name("Hama", "Ḩamāh") and same_name("Kiev", "Kyiv")
    assert not same_name("Berea", "Aleppo")
    own = Location("Berea", (37.57, -84.3), {"population": 50_000, "other_name": False})
    other = Location("Aleppo", (36.2, 37.16), {"population": 100_000, "other_name": True})
    assert score_location(own, GeoContext()) > score_location(other, GeoContext())


def test_a_capital_names_its_government_and_its_country_stays_known():
    lex = default_lexicon()

    def found(text):
        return [a.actor.maps_to for a in find_actors(text, lex, [])]

    assert found("Tehran said on Monday it would respond.") == ["Iran"]
    assert found("Beijing warned Manila on Monday.") == ["China", "Philippines"]
    assert found("Iran fired missiles.") == ["Iran"]
    assert found("The Pentagon announced a new aid package.") == ["United States"]
    assert found("Santiago said he was tired.") == []  # a given name, not Chile


def test_an_arabic_name_without_its_article_finds_the_place_that_carries_it():
    raw = json.loads((DATA / "mini_gazetteer.json").read_text(encoding="utf-8"))
    town = {"geonameid": 990001, "name": "El Zarqaniya", "latitude": 13.6, "longitude": 25.3,
            "countrycode": "SD", "admin1code": "", "population": 250000, "alternatenames": []}  # fmt: skip
    gaz = build_gazetteer([*raw["cities"], town], raw["countries"])
    assert [e.name for e in gaz.lookup("Zarqaniya")] == ["El Zarqaniya"]
    assert gaz.knows("Zarqaniya") and not gaz.knows("Zarq")
    assert gaz.lookup("Al Zarqaniya") == []  # the article written is the one looked up


def test_an_organisation_s_name_inside_a_person_s_name_is_the_person_s():
    lex = default_lexicon()
    text = "Foreign Minister Therese Kayikwamba Wagner signed the deal."
    start = text.index("Therese")
    person = [(start, start + len("Therese Kayikwamba Wagner"))]
    assert "Wagner Group" not in [a.actor.canonical for a in find_actors(text, lex, person)]
    fighters = find_actors("Wagner fighters attacked the town.", lex, [])
    assert [a.actor.canonical for a in fighters] == ["Wagner Group"]
