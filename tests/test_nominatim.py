"""The optional online geocoder, against a stand-in Nominatim server on 127.0.0.1."""

import json
import threading
import typing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from etl.geocode import GeoContext, PlaceQuery, PlaceResolver, cached_nominatim

ANSWERS = {
    "shannon": [
        {"lat": "34.33676", "lon": "-85.07134", "display_name": "Shannon, Georgia, United States",
         "importance": 0.3, "address": {"town": "Shannon", "state": "Georgia", "country_code": "us"}},
        {"lat": "52.70389", "lon": "-8.86417", "display_name": "Shannon, County Clare, Ireland",
         "importance": 0.5, "address": {"town": "Shannon", "state": "County Clare", "country_code": "ie"}},
    ],
}  # fmt: skip


class StandIn(BaseHTTPRequestHandler):
    requests: typing.ClassVar[list[dict]] = []

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        StandIn.requests.append(
            {"path": url.path, "query": query, "agent": self.headers["User-Agent"]}
        )
        body = json.dumps(ANSWERS.get(query.get("q", [""])[0].lower(), [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    StandIn.requests = []
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_nominatim_option_uses_agent_cache_and_context(server, tmp_path, mini_gazetteer):
    geocoder = cached_nominatim(
        "conflict-timeline-tests", tmp_path / "cache.json", domain=server, scheme="http",
        min_delay_seconds=0.0,
    )  # fmt: skip
    resolver = PlaceResolver(geocoder, mini_gazetteer)
    place = resolver.resolve(PlaceQuery("Shannon"), GeoContext(frozenset({"IE"})))
    assert place.iso3 == "IRL" and place.admin1 == "County Clare"
    assert StandIn.requests[0]["path"] == "/search"
    assert StandIn.requests[0]["agent"].startswith("conflict-timeline-tests")
    # A second geocoder with the same cache file asks the server nothing.
    again = cached_nominatim(
        "conflict-timeline-tests", tmp_path / "cache.json", domain=server, scheme="http",
        min_delay_seconds=0.0,
    )  # fmt: skip
    assert again.geocode("Shannon", exactly_one=False)[1].raw["country_code"] == "IE"
    assert len(StandIn.requests) == 1
    assert resolver.resolve(PlaceQuery("Atlantis"), GeoContext()) is None


def test_cli_runs_with_nominatim_against_stand_in(server, tmp_path, seeds_dir, monkeypatch):
    from etl import gazetteer
    from etl.cli import main

    gazetteer.default_gazetteer()  # loaded from the user's cache before it is moved
    monkeypatch.setattr(gazetteer, "cache_dir", lambda: tmp_path)  # the answers' cache goes here

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Rubio told reporters on Wednesday during a layover at Shannon, Ireland.", encoding="utf-8"
    )
    code = main([
        "run", "--input", str(corpus), "--output", str(tmp_path / "out"), "--geocoder", "nominatim",
        "--user-agent", "conflict-timeline-tests", "--nominatim-url", f"http://{server}", "--no-progress",
    ])  # fmt: skip
    assert code == 0
    assert any(r["query"].get("q") == ["Shannon"] for r in StandIn.requests)
    assert list(tmp_path.glob("nominatim-*.json"))
