import numpy as np

from etl.gazetteer import region_forms
from etl.subdivisions import (
    Subdivision,
    english_other_names,
    match_regions,
    subdivisions_from_records,
)


def test_only_english_names_that_are_names_are_kept():
    field = (
        "Северная область (rus), North Land (eng), NL (eng), Land of Rivers (eng), "
        "Southern (eng), Nordland (deu), Upper Nord (eng)"
    )
    assert english_other_names(field) == ("North Land", "Upper Nord")
    assert english_other_names(None) == ()


def test_top_level_subdivisions_with_a_point_are_read():
    records = {
        "XA": {
            "XA-01": {"name": "Alpha, Respublika", "localOtherName": "Alpha Republic (eng)",
                      "parentCode": None, "latLng": [10.0, 20.0]},
            "XA-01-A": {"name": "Inner", "parentCode": "XA-01", "latLng": [10.1, 20.1]},
            "XA-02": {"name": "Beta", "parentCode": None, "latLng": []},
        }
    }  # fmt: skip
    subs = subdivisions_from_records(records)
    assert [(s.code, s.names, s.english_name) for s in subs] == [
        ("XA-01", ("Alpha Republic",), "Alpha Republic")
    ]


def _sub(code, name, lat, lon, others=()):
    return Subdivision(code, code[:2], name, others, lat, lon)


def test_subdivisions_match_regions_by_name_then_by_the_nearest_place():
    names = {("XA", "1"): ["Northia"], ("XA", "2"): ["Old South"], ("XA", "3"): ["Westia"]}
    places = [("XA", "1", 50.0, 30.0), ("XA", "2", 40.0, 30.0), ("XA", "2", 41.0, 31.0),
              ("XA", "3", 45.0, 20.0), ("XA", "4", 60.0, 60.0)]  # fmt: skip
    subs = [
        _sub("XA-N", "Northia Oblast", 49.0, 30.0),  # by name
        _sub("XA-S", "Southland", 40.5, 30.5),  # by the nearest place
        _sub("XA-T", "Southeast", 40.0, 31.0),  # nearest region taken: its own
        _sub("XA-W", "Far West", 45.0, 21.0, ("Westia",)),  # by an English other name
    ]
    matched, by_place, left = match_regions(subs, names, places, region_forms)
    assert {k: s.code for k, s in matched.items()} == {
        ("XA", "1"): "XA-N",
        ("XA", "2"): "XA-S",
        ("XA", "3"): "XA-W",
    }
    assert by_place == {("XA", "2")} and [s.code for s in left] == ["XA-T"]


def test_a_country_geonames_divides_in_far_fewer_regions_keeps_its_subdivisions_apart():
    names = {("XB", "1"): ["Whole"]}
    places = [("XB", "1", 0.0, 0.0)]
    subs = [_sub(f"XB-{n}", f"Part {n}", 0.0, float(n)) for n in range(4)]
    matched, by_place, left = match_regions(subs, names, places, region_forms)
    assert matched == {} and by_place == set() and len(left) == 4
    assert np.isfinite([s.longitude for s in left]).all()
