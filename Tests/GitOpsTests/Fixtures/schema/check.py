#!/usr/bin/env python3
"""Validates JSON instances against a JSON Schema (draft-07) with python3-jsonschema.

Usage: check.py SCHEMA.json < instances.json

Standard input is a JSON array of instances. Standard output is a JSON array with, per instance, the list
of its errors as {"path", "keyword", "message"}. The path is written like iter8's field paths
(`spec.versionInfo.candidates[0].name`) and names the offending field itself: for `additionalProperties`
the unknown field, for `required` the missing one. Exits 2 when the schema itself is invalid.
"""
import json
import re
import sys

import jsonschema


def dotted(components):
    text = ""
    for component in components:
        if isinstance(component, int):
            text += "[%d]" % component
        else:
            text += ("." if text else "") + component
    return text


def located(error):
    """One entry per offending field of an error."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        properties = error.schema.get("properties", {})
        patterns = error.schema.get("patternProperties", {})
        extras = [
            key for key in error.instance
            if key not in properties and not any(re.search(p, key) for p in patterns)
        ]
        return [(path + [key], error.message) for key in extras] or [(path, error.message)]
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [key for key in error.validator_value if key not in error.instance]
        return [(path + [key], error.message) for key in missing] or [(path, error.message)]
    return [(path, error.message)]


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    try:
        jsonschema.Draft7Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as error:
        print("%s: invalid schema: %s" % (sys.argv[1], error.message), file=sys.stderr)
        sys.exit(2)
    validator = jsonschema.Draft7Validator(schema)
    results = []
    for instance in json.load(sys.stdin):
        errors = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
            for path, message in located(error):
                errors.append({"path": dotted(path), "keyword": error.validator, "message": message})
        results.append(errors)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
