#!/usr/bin/env python3
"""Writes N invented short conflict reports as JSON Lines (vigil's JSONL input) for the serve
load benchmark: cities, actors, kinds, casualties and dates vary so filters select subsets.
Usage: corpus.py N > reports.jsonl   (deterministic for a given N)"""
import json
import random
import sys
from datetime import date, timedelta

CITIES = [
    ("Garissa", "Kenya"), ("Mandera", "Kenya"), ("Wajir", "Kenya"), ("Lamu", "Kenya"),
    ("Mogadishu", "Somalia"), ("Kismayo", "Somalia"), ("Baidoa", "Somalia"), ("Beledweyne", "Somalia"),
    ("Kabul", "Afghanistan"), ("Kunduz", "Afghanistan"), ("Jalalabad", "Afghanistan"), ("Herat", "Afghanistan"),
    ("Maiduguri", "Nigeria"), ("Kaduna", "Nigeria"), ("Gusau", "Nigeria"), ("Bauchi", "Nigeria"),
    ("Kharkiv", "Ukraine"), ("Odesa", "Ukraine"), ("Kherson", "Ukraine"), ("Zaporizhzhia", "Ukraine"),
    ("Peshawar", "Pakistan"), ("Quetta", "Pakistan"), ("Goma", "Democratic Republic of the Congo"),
    ("Bunia", "Democratic Republic of the Congo"), ("Gao", "Mali"), ("Timbuktu", "Mali"),
    ("Ouagadougou", "Burkina Faso"), ("Niamey", "Niger"), ("Aden", "Yemen"), ("Taiz", "Yemen"),
]
ACTORS = ["Al-Shabaab gunmen", "Taliban fighters", "Boko Haram militants", "Islamic State fighters",
          "Gunmen", "Russian forces", "Militants", "ISWAP fighters", "M23 rebels", "Houthi forces"]
EVENTS = [
    ("attacked a bus near {city}", "passengers"),
    ("stormed a police post in {city}", "officers"),
    ("fired rockets at {city}", "civilians"),
    ("clashed with soldiers in {city}", "soldiers"),
    ("attacked a market in {city}", "traders"),
    ("detonated a car bomb in {city}", "people"),
]
WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "12", "15", "20"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def main():
    n = int(sys.argv[1])
    rng = random.Random(n)
    start = date(2023, 1, 1)
    out = sys.stdout
    for i in range(n):
        city, country = rng.choice(CITIES)
        actor = rng.choice(ACTORS)
        what, victims = rng.choice(EVENTS)
        killed, wounded = rng.choice(WORDS), rng.choice(WORDS)
        published = start + timedelta(days=rng.randrange(730))
        day = DAYS[(published.weekday() - 1) % 7]
        title = f"{killed.capitalize()} killed as {actor.lower()} strike {city}"
        text = (
            f"{title}\n\n{actor} {what.format(city=city)} on {day}, killing {killed} {victims} "
            f"and wounding {wounded}, officials in {country} said.\n\n"
            f"Residents said the area was calm by evening. Security forces launched an "
            f"operation to find the attackers, a spokesman said."
        )
        out.write(json.dumps({"id": f"bench-{i}", "url": f"https://bench.example/{i}",
                              "published": published.isoformat(), "text": text}) + "\n")


if __name__ == "__main__":
    main()
