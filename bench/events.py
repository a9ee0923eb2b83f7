#!/usr/bin/env python3
"""Whole-pipeline speed: vigil (clean -> nlp -> geo -> events) against the Python peer
pipeline (trafilatura -> spaCy en_core_web_sm -> dateparser) on the same pages, at equal
cores (one: the peer is a single process, vigil runs its stages in one thread).

usage: bench/events.py [--html-dir DIR] [--venv DIR] [--warmup N] [--out RESULT.json]

  --html-dir  pages (*.html.gz); default ../shared/bench/article-extraction/html
  --venv      the peers' Python environment; created with ../shared/peers/setup.sh when
              missing (default target/venv-peers)
Prints articles/s of both and the ratio (goal: vigil >= 30x the peer). Builds vigil's
`pipeline_throughput` example in release mode. Set VIGIL_GAZETTEER (or build data/gazetteer)
so vigil resolves places as it does in production; the output says whether it did.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def run_json(cmd, **kw):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout
    start = out.find("{")
    return json.loads(out[start:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--html-dir", default=os.path.join(SHARED, "bench", "article-extraction", "html"))
    ap.add_argument("--venv", default=os.path.join(ROOT, "target", "venv-peers"))
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--out")
    a = ap.parse_args()

    py = os.path.join(a.venv, "bin", "python")
    if not os.path.exists(py):
        print(f"creating the peers' environment in {a.venv} ...", file=sys.stderr)
        subprocess.run(["bash", os.path.join(SHARED, "peers", "setup.sh"), a.venv], check=True)

    print("building vigil (release) ...", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "vigil-eval", "--example",
                    "pipeline_throughput"], check=True, cwd=ROOT)
    exe = os.path.join(ROOT, "target", "release", "examples", "pipeline_throughput")

    env = dict(os.environ, RAYON_NUM_THREADS="1")
    t = time.time()
    vigil = run_json([exe, a.html_dir, "--warmup", str(a.warmup)], env=env, cwd=ROOT)
    print(f"vigil done in {time.time() - t:.1f}s", file=sys.stderr)

    t = time.time()
    peer = run_json([py, os.path.join(SHARED, "peers", "peer_pipeline.py"), a.html_dir,
                     "--warmup", str(a.warmup)])
    print(f"peer done in {time.time() - t:.1f}s", file=sys.stderr)

    v, p = vigil["articles_per_s"], peer["articles_per_s"]
    ratio = v / p if p else float("inf")
    result = {
        "pages": vigil["pages"],
        "cores": 1,
        "vigil_articles_per_s": v,
        "peer_articles_per_s": p,
        "ratio": round(ratio, 1),
        "goal": 30,
        "vigil": vigil,
        "peer": peer,
    }
    print(f"pages: {vigil['pages']}   cores: 1 each")
    print(f"vigil (clean+nlp+geo+events, gazetteer={vigil['gazetteer']}): {v:.1f} articles/s")
    print(f"peer  (trafilatura+spaCy sm+dateparser): {p:.1f} articles/s")
    print(f"ratio: {ratio:.1f}x (goal >= 30x: {'met' if ratio >= 30 else 'not met'})")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
