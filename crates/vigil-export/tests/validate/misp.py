"""Loads every event of a vigil MISP export with pymisp.

Usage: python3 misp.py EXPORT.json EXPECTED_EVENTS. Exits non-zero, saying why, when an event
does not load, pymisp warns about it, or an event lacks its vigil-event object.
"""
import json
import sys
import warnings

from pymisp import MISPEvent

path, expected = sys.argv[1], int(sys.argv[2])
with open(path, encoding="utf-8") as f:
    items = json.load(f)["response"]
if len(items) != expected:
    sys.exit(f"{len(items)} MISP events, expected {expected}")
for item in items:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        event = MISPEvent()
        event.load(item)
    names = [o.name for o in event.objects]
    if "vigil-event" not in names:
        sys.exit(f"{event.uuid}: no vigil-event object (objects: {names})")
    # A second round through pymisp's own JSON gives the same event.
    again = MISPEvent()
    again.load(event.to_json())
    if again.uuid != event.uuid or len(again.attributes) != len(event.attributes):
        sys.exit(f"{event.uuid}: changes when pymisp writes and reads it again")
print(f"pymisp loaded {len(items)} events")
