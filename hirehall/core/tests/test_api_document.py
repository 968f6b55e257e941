"""The OpenAPI document describes the schemas the handlers really validate with and return.

Ninja files every schema under its class name in `components/schemas`: two classes with one name
overwrite each other and the document lies about one of them (the proposals endpoint once published
the contracts' `AnswerIn` as its screening answers, and a client following the document was refused).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from typing import Annotated, Any, get_args, get_origin

import pytest
from ninja.openapi.schema import OpenAPISchema
from pydantic import BaseModel

from config.api import api
from hirehall.jobs.testing import open_job

REF = "#/components/schemas/"


def _walk(annotation: Any, found: set[type]) -> None:
    origin = get_origin(annotation)
    if origin is Annotated:
        _walk(get_args(annotation)[0], found)
    elif origin is not None:
        for arg in get_args(annotation):
            _walk(arg, found)
    elif isinstance(annotation, type) and annotation not in found:
        if issubclass(annotation, enum.Enum):
            found.add(annotation)
        elif issubclass(annotation, BaseModel):
            found.add(annotation)
            for field in annotation.model_fields.values():
                _walk(field.annotation, found)


def models_in_the_document(monkeypatch: pytest.MonkeyPatch) -> set[type]:
    """Every schema class (and enum) the OpenAPI generation touches, nested ones included."""
    roots: list[type] = []
    original = OpenAPISchema._create_schema_from_model

    def recording(self: OpenAPISchema, model: Any, *args: Any, **kwargs: Any) -> Any:
        roots.append(model)
        return original(self, model, *args, **kwargs)

    monkeypatch.setattr(OpenAPISchema, "_create_schema_from_model", recording)
    api.get_openapi_schema()
    assert roots, "the OpenAPI generation no longer goes through _create_schema_from_model"
    found: set[type] = set()
    for model in roots:
        _walk(model, found)
    return found


def duplicate_names(classes: set[type]) -> dict[str, list[str]]:
    by_name: dict[str, list[str]] = defaultdict(list)
    # Ninja's per-operation wrappers (BodyParams, NinjaResponseSchema...) are flattened away, never named.
    for cls in (c for c in classes if not c.__module__.startswith(("abc", "ninja."))):
        by_name[cls.__name__].append(f"{cls.__module__}.{cls.__qualname__}")
    return {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}


def test_every_schema_class_in_the_document_has_its_own_name(monkeypatch) -> None:
    classes = models_in_the_document(monkeypatch)
    assert len(classes) > 50  # the walk reaches nested schemas, not only the operations' wrappers
    assert duplicate_names(classes) == {}


def test_the_duplicate_check_sees_two_classes_with_one_name() -> None:
    first = type("MessageIn", (BaseModel,), {"__annotations__": {"body": str}, "__module__": "a"})
    second = type("MessageIn", (BaseModel,), {"__annotations__": {"message": str}, "__module__": "b"})

    class Outer(BaseModel):
        one: list[first]  # type: ignore[valid-type]
        two: second | None  # type: ignore[valid-type]

    found: set[type] = set()
    _walk(Outer, found)
    assert duplicate_names(found) == {"MessageIn": ["a.MessageIn", "b.MessageIn"]}


def test_operation_ids_are_unique_and_name_the_app_not_its_module() -> None:
    document = api.get_openapi_schema()
    ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    # Generated clients name their methods after these: splitting an app's api.py into a package
    # (hirehall.contracts.api.milestones) keeps hirehall_contracts_api_<function>.
    assert "hirehall_contracts_api_milestone_fund_api" in ids
    assert all(i.startswith(f"hirehall_{i.split('_')[1]}_api_") for i in ids)


# --- the documented request body is the one the endpoint accepts ---------------------------------------
def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].removeprefix(REF)]
    return schema


def mismatches(value: Any, schema: dict[str, Any], document: dict[str, Any], at: str = "body") -> list[str]:
    """Where `value` breaks the documented schema, read strictly: undocumented keys are errors too."""
    schema = _resolve(schema, document)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            branches = [mismatches(value, s, document, at) for s in schema[key]]
            return [] if any(not b for b in branches) else [f"{at}: matches no documented branch"]
    if "allOf" in schema:
        return [m for s in schema["allOf"] for m in mismatches(value, s, document, at)]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at}: {value!r} is not one of {schema['enum']}"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if not isinstance(value, dict):
            return [f"{at}: not an object"]
        properties = schema.get("properties", {})
        errors = [f"{at}.{k}: not documented" for k in value if k not in properties]
        errors += [f"{at}.{k}: required but missing" for k in schema.get("required", []) if k not in value]
        for key, item in value.items():
            if key in properties:
                errors += mismatches(item, properties[key], document, f"{at}.{key}")
        return errors
    if kind == "array":
        if not isinstance(value, list):
            return [f"{at}: not an array"]
        items = schema.get("items", {})
        return [m for i, v in enumerate(value) for m in mismatches(v, items, document, f"{at}[{i}]")]
    python = {"string": str, "integer": int, "boolean": bool, "number": (int, float), "null": type(None)}
    if kind in python and not isinstance(value, python[kind]):
        return [f"{at}: {value!r} is not a {kind}"]
    return []


def test_mismatches_reads_the_document_strictly() -> None:
    document = {
        "components": {
            "schemas": {
                "AnswerIn": {
                    "type": "object",
                    "properties": {"accept": {"type": "boolean"}, "message": {"type": "string"}},
                }
            }
        }
    }
    answers = {"type": "array", "items": {"$ref": REF + "AnswerIn"}}
    assert mismatches([{"question_id": "1", "answer": "Yes"}], answers, document) == [
        "body[0].question_id: not documented",
        "body[0].answer: not documented",
    ]
    assert mismatches([{"accept": True, "message": "ok"}], answers, document) == []


@pytest.mark.django_db
def test_the_documented_body_of_apply_to_a_job_is_accepted(api_client_for, user_factory) -> None:
    client, freelancer = user_factory(), user_factory()
    job = open_job(client, fixed_cents=1_000_00, questions=["Have you built one before?"])
    question = job.questions.get()
    payload = {
        "cover_letter": "I have built this exact pipeline three times.",
        "bid": "900.00",
        "duration": "1to3",
        "answers": [{"question_id": str(question.pk), "answer": "Yes"}],
        "milestones": [
            {"description": "Part 1", "amount": "400.00"},
            {"description": "Part 2", "amount": "500.00"},
        ],
        "boost": 0,
    }
    document = api.get_openapi_schema()
    operation = document["paths"]["/api/v1/jobs/{job_id}/proposals"]["post"]
    documented = operation["requestBody"]["content"]["application/json"]["schema"]
    assert mismatches(payload, documented, document) == []
    response = api_client_for(freelancer).post(f"/api/v1/jobs/{job.pk}/proposals", payload)
    assert response.status_code == 201, response.content
