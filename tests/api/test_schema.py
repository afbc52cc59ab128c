"""The OpenAPI 3 schema: valid, generated without a warning, every endpoint in it with its
security, and the docs page that shows it from vendored files only."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/events/": ["get"],
    "/api/v1/events/{slug}/": ["get"],
    "/api/v1/events/{slug}/tracks/": ["get"],
    "/api/v1/events/{slug}/session-types/": ["get"],
    "/api/v1/events/{slug}/rooms/": ["get"],
    "/api/v1/events/{slug}/sessions/": ["get"],
    "/api/v1/events/{slug}/sessions/{id}/": ["get"],
    "/api/v1/events/{slug}/speakers/": ["get"],
    "/api/v1/events/{slug}/speakers/{id}/": ["get"],
    "/api/v1/events/{slug}/schedule/": ["get"],
    "/api/v1/events/{slug}/schedule/versions/": ["get"],
    "/api/v1/events/{slug}/schedule/draft/": ["get"],
    "/api/v1/events/{slug}/proposals/": ["get"],
    "/api/v1/events/{slug}/proposals/{id}/": ["get"],
    "/api/v1/events/{slug}/proposals/{id}/reviews/": ["get"],
    "/api/v1/events/{slug}/proposals/{id}/decision/": ["get", "patch", "post"],
    "/api/v1/events/{slug}/review-summaries/": ["get"],
}
TOKEN_ONLY = ("/schedule/draft/", "/proposals/", "/review-summaries/")


@pytest.fixture
def schema(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_and_generated_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")

    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3.0.3")


def test_every_endpoint_is_in_the_schema(schema):
    paths = {path: sorted(operations) for path, operations in schema["paths"].items()}

    assert paths == ENDPOINTS


def test_token_endpoints_require_the_token_and_public_ones_take_it_optionally(schema):
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            security = operation["security"]
            if any(part in path for part in TOKEN_ONLY):
                assert security == [{"tokenAuth": []}], path
            else:
                assert security == [{"tokenAuth": []}, {}], path
            assert {"401", "404"} <= set(operation["responses"]), path


def test_the_token_scheme_is_documented(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]

    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}


def test_the_public_speaker_has_no_email_field(schema):
    for name in ("PublicSpeaker", "SpeakerRef", "PublicSession", "ScheduleSlot"):
        properties = schema["components"]["schemas"][name]["properties"]
        assert not [field for field in properties if "email" in field], name


def test_the_docs_page_loads_only_our_static_files(client):
    response = client.get(reverse("api:docs"))

    page = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert response.status_code == 200
    assert "swagger-ui-bundle.js" in page
    assert 'data-schema-url="/api/schema/"' in page
    assert all(source.startswith("/") and not source.startswith("//") for source in sources)


def _keys_match(schema, components, data, where="") -> list[str]:
    """Where ``data`` has other keys than its schema declares, recursively."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    for option in schema.get("allOf", []) + schema.get("oneOf", []):
        return _keys_match(option, components, data, where)
    if isinstance(data, dict) and "properties" in schema:
        problems = []
        if set(data) != set(schema["properties"]):
            problems.append(f"{where}: {sorted(set(data) ^ set(schema['properties']))}")
        for key, value in data.items():
            if key in schema["properties"]:
                problems += _keys_match(schema["properties"][key], components, value,
                                        f"{where}.{key}")  # fmt: skip
        return problems
    if isinstance(data, list) and "items" in schema:
        return [
            p for item in data[:3] for p in _keys_match(schema["items"], components, item, where)
        ]
    return []


def test_every_answer_has_exactly_the_documented_fields(schema, program, organizer_client):
    from tests.api.conftest import proposal

    submitted = proposal(program.event, track=program.tracks[0], session_type=program.talk)
    components = schema["components"]["schemas"]
    problems = []
    for template, operation in schema["paths"].items():
        path = template.replace("{slug}", program.event.slug).replace("{id}", "0")
        if "{id}" in template:
            pool = "speakers" if "/speakers/" in template else "sessions"
            first = program.sessions[0]
            ident = first.created_by.pk if pool == "speakers" else first.pk
            path = path.replace("/0/", f"/{ident}/")
        if "/reviews/" in template:
            path = path.replace(f"/{program.sessions[0].pk}/", f"/{submitted.pk}/")
        response = organizer_client.get(path)
        assert response.status_code == 200, path
        body = operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        problems += _keys_match(body, components, response.json(), template)

    assert problems == []
