"""Compare two OpenAPI documents as integrators see them: paths, parameters, bodies, responses.

    python scripts/openapi_compare.py dump > after.json        # the document this checkout serves
    python scripts/openapi_compare.py compare before.json after.json

Schema *names* are not part of the contract: every `$ref` is replaced by the schema it names and
titles (pydantic derives them from class names) are dropped before comparing. What is left, paths,
methods, parameters, request bodies and response shapes, must match unless a change is intended;
the output lists each difference with its JSON path, then the schema names that came and went.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

REF = "#/components/schemas/"


def inline(node: Any, schemas: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    if isinstance(node, dict):
        if "$ref" in node and str(node["$ref"]).startswith(REF):
            name = node["$ref"].removeprefix(REF)
            if name in seen:  # a recursive schema: keep the cycle visible without its name
                return {"recursive": True}
            return inline(schemas[name], schemas, (*seen, name))
        return {k: inline(v, schemas, seen) for k, v in node.items() if k != "title"}
    if isinstance(node, list):
        return [inline(v, schemas, seen) for v in node]
    return node


def differences(a: Any, b: Any, at: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b), key=str):
            if key not in b:
                out.append(f"- {at}/{key}")
            elif key not in a:
                out.append(f"+ {at}/{key}")
            else:
                out += differences(a[key], b[key], f"{at}/{key}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        if all(isinstance(x, str | int | float | bool) or x is None for x in a + b):
            return [] if sorted(map(json.dumps, a)) == sorted(map(json.dumps, b)) else [f"~ {at}: {a} -> {b}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{at}[{i}]")]
    return [] if a == b else [f"~ {at}: {json.dumps(a)[:200]} -> {json.dumps(b)[:200]}"]


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    old = inline(before["paths"], before.get("components", {}).get("schemas", {}))
    new = inline(after["paths"], after.get("components", {}).get("schemas", {}))
    return differences(old, new)


def main(argv: list[str]) -> int:
    if argv[1:2] == ["dump"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        import django

        django.setup()
        from config.api import api

        json.dump(api.get_openapi_schema(), sys.stdout, indent=1, sort_keys=True)
        return 0
    if len(argv) != 4 or argv[1] != "compare":
        sys.stderr.write(__doc__ or "")
        return 2
    before, after = (json.loads(Path(p).read_text()) for p in argv[2:4])
    diffs = compare(before, after)
    for line in diffs:
        sys.stdout.write(line + "\n")
    names_before = set(before.get("components", {}).get("schemas", {}))
    names_after = set(after.get("components", {}).get("schemas", {}))
    sys.stdout.write(f"{len(diffs)} differences in paths, parameters, bodies and responses\n")
    sys.stdout.write(f"schema names gone: {sorted(names_before - names_after)}\n")
    sys.stdout.write(f"schema names new: {sorted(names_after - names_before)}\n")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
