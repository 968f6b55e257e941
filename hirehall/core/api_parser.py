"""The API's request parser (Ninja `Parser`): strict where Django and Python's json are lenient.

- A scalar parameter given twice (`?limit=5&limit=50`, or a form field twice) is refused with 422
  `validation_error`: Django silently keeps the last value, so a client (or a proxy that appends
  parameters) could be acting on a value it never meant. List parameters may repeat.
- JSON bodies must be JSON: Python's json accepts `NaN`, `Infinity` and `-Infinity`, which RFC 8259
  does not, and which are never a valid amount or count; they are refused with 400 `bad_request`.
- A request body is a JSON object (every operation documents one); an array or a bare value is 400.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        body = json.loads(request.body, parse_constant=_refuse_constant)
        if not isinstance(body, dict):
            # Every request body is a JSON object (room to add fields later); Ninja would otherwise
            # read `[null, null]` or `"AAA"` as an empty body and apply it.
            raise ValueError("the request body must be a JSON object")
        return cast(dict[str, Any], body)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        repeated = [key for key in data if key not in list_fields and len(data.getlist(key)) > 1]
        if repeated:
            source = "query" if data is request.GET else "file" if data is request.FILES else "form"
            raise ValidationError(
                [
                    {
                        "loc": (source, key),
                        "msg": f"{key} was given {len(data.getlist(key))} times; give it once",
                        "type": "repeated_parameter",
                    }
                    for key in repeated
                ]
            )
        return super().parse_querydict(data, list_fields, request)
