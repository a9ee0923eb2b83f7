"""Validates a vigil STIX export with OASIS's stix2-validator and parses it with stix2.

Usage: python3 stix.py BUNDLE.json EXPECTED_EVENTS. Exits non-zero, saying why, when the bundle
is invalid, does not parse, or holds another number of x-vigil-event objects.
"""
import sys

import stix2
from stix2validator import ValidationOptions, print_results, validate_file

path, expected = sys.argv[1], int(sys.argv[2])
results = validate_file(path, ValidationOptions(version="2.1"))
if not results.is_valid:
    print_results(results)
    sys.exit("stix2-validator: the bundle is not valid STIX 2.1")
with open(path, encoding="utf-8") as f:
    bundle = stix2.parse(f.read(), allow_custom=True)
events = [o for o in bundle.objects if o["type"] == "x-vigil-event"]
if len(events) != expected:
    sys.exit(f"stix2: {len(events)} x-vigil-event objects, expected {expected}")
kinds = sorted({o["type"] for o in bundle.objects})
print(f"valid STIX 2.1: {len(bundle.objects)} objects ({', '.join(kinds)})")
