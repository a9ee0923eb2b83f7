#!/usr/bin/env python3
"""Writes a stand-in for GeoNames' allCountries.txt at full size, to measure the gazetteer
build's time and peak memory without the 1.5 GB download (never commit its output).

The rows are the GeoNames records vendored in data/geonames-conflict/, eight times over with new
ids, latitudes shifted by 0.01 degree a copy and, from the second copy on, a word added to every
name (so the index holds about eight times the distinct names, as a world-wide build does): about
5 million populated places, then rows of other feature classes (streams) up to 13 million rows,
in GeoNames' 19-column format. Deterministic: the same input gives the same file.

usage: bench/geonames_standin.py OUT.txt [ROWS]   (ROWS: 13,000,000 by default)
then:  /usr/bin/time -v target/release/vigil-gazetteer-build --country-info … --geonames OUT.txt
"""
import glob
import gzip
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
COPIES = 8
# Words added to the names of copy k (k >= 1); GeoNames has many such pairs (Kalan/Khurd).
WORDS = ["", "Kalan", "Khurd", "Bala", "Payin", "Jadid", "Qadim", "Sharqi"]


def vendored_rows():
    for path in sorted(glob.glob(os.path.join(ROOT, "data/geonames-conflict/*.txt.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                yield line.rstrip("\n").split("\t")


def renamed(name, word):
    return f"{name} {word}" if word and name else name


def main():
    out_path = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 13_000_000
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for k in range(COPIES):
            word = WORDS[k]
            for r in vendored_rows():
                if len(r) < 19 or n >= total:
                    continue
                r[0] = str(20_000_000 + n)
                try:
                    r[4] = f"{max(-89.9, min(89.9, float(r[4]) + 0.01 * k)):.5f}"
                except ValueError:
                    pass
                r[1] = renamed(r[1], word)
                r[2] = renamed(r[2], word)
                r[3] = ",".join(renamed(a, word) for a in r[3].split(",") if a)
                out.write("\t".join(r) + "\n")
                n += 1
        populated = n
        k = 0
        while n < total:
            for r in vendored_rows():
                if n >= total:
                    break
                if len(r) < 19:
                    continue
                r[0] = str(40_000_000 + k)
                r[6], r[7] = "H", "STM"
                out.write("\t".join(r) + "\n")
                n += 1
                k += 1
    print(f"{populated} rows of the vendored classes, {n} in all, written to {out_path}")


if __name__ == "__main__":
    main()
