#!/usr/bin/env python3
"""Main-text extraction: vigil's cleaner against trafilatura 2.3.1 on the same pages, at equal
cores, with the benchmark's own metric.

usage: bench/extraction.py [--venv DIR] [--data DIR] [--cores N] [--repeat R] [--out DIR]

  --venv    the peers' Python environment; created with ../shared/peers/setup.sh when missing
            (default target/venv-peers)
  --data    the article-extraction dev set (default ../shared/bench/article-extraction)
  --cores   cores for both systems (default 2): trafilatura runs in that many processes
            (multiprocessing), vigil on that many rayon threads (RAYON_NUM_THREADS)
  --repeat  timed passes per system; the best pass is reported (default 3)
  --out     where predictions and scores go (default bench/out/extraction)

Both systems read the same .html.gz files and decompress them inside the timed region. vigil is
timed as a whole process (`vigil extract --clean-only --format jsonl DIR`, start-up included);
trafilatura from the moment its warmed-up worker pool gets the file list. F1, precision, recall
and accuracy come from ../shared/peers/extraction_eval.py for both. Goals: F1 >= 0.97 with no
empty page; vigil >= 5x trafilatura's pages/s.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

TRAFILATURA = r"""
import gzip, json, os, sys, time
from multiprocessing import Pool

def init():
    global trafilatura
    import trafilatura

def work(path):
    with gzip.open(path, "rb") as f:
        html = f.read().decode("utf-8", "replace")
    text = trafilatura.extract(html, include_comments=False) or ""
    return os.path.basename(path).split(".")[0], text

if __name__ == "__main__":
    html_dir, cores, repeat, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    files = sorted(os.path.join(html_dir, f) for f in os.listdir(html_dir) if f.endswith(".html.gz"))
    with Pool(cores, initializer=init) as pool:
        pool.map(work, files[:cores * 4])  # warm up: imports and first-call caches
        best, preds = None, None
        for _ in range(repeat):
            start = time.perf_counter()
            results = pool.map(work, files, chunksize=4)
            s = time.perf_counter() - start
            if best is None or s < best:
                best, preds = s, dict(results)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(preds, f, ensure_ascii=False)
    print(json.dumps({"pages": len(files), "seconds": best}))
"""


def venv_python(venv):
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        setup = os.path.join(SHARED, "peers", "setup.sh")
        print(f"creating the peers' environment in {venv} ({setup}) …", file=sys.stderr)
        subprocess.run(["bash", setup, venv], check=True)
    return py


def run_vigil(html_dir, cores, repeat, out):
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "vigil-cli"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "vigil")
    env = dict(os.environ, RAYON_NUM_THREADS=str(cores))
    cmd = [exe, "extract", "--clean-only", "--format", "jsonl", html_dir]
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)  # warm the page cache
    best, output = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, check=True)
        s = time.perf_counter() - start
        if best is None or s < best:
            best, output = s, done.stdout
    preds = {}
    for line in output.decode("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            page = os.path.basename(rec.get("uri", "")).split(".")[0]
            preds[page] = rec.get("text") or ""
    with open(out, "w", encoding="utf-8") as f:
        json.dump(preds, f, ensure_ascii=False)
    return {"pages": len(preds), "seconds": best}


def score(pred, truth, out):
    subprocess.run([sys.executable, os.path.join(SHARED, "peers", "extraction_eval.py"), pred,
                    "--truth", truth, "--n-bootstrap", "200", "--json-out", out],
                   check=True, stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        return next(iter(json.load(f).values()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--venv", default=os.path.join(ROOT, "target", "venv-peers"))
    ap.add_argument("--data", default=os.path.join(SHARED, "bench", "article-extraction"))
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "extraction"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    html_dir = os.path.join(args.data, "html")
    truth = os.path.join(args.data, "ground-truth.json")

    py = venv_python(args.venv)
    traf_pred = os.path.join(args.out, "trafilatura.json")
    done = subprocess.run([py, "-c", TRAFILATURA, html_dir, str(args.cores), str(args.repeat), traf_pred],
                          capture_output=True, text=True, check=True)
    traf = json.loads(done.stdout.strip().splitlines()[-1])
    vigil_pred = os.path.join(args.out, "vigil.json")
    vig = run_vigil(html_dir, args.cores, args.repeat, vigil_pred)

    rows = []
    for name, timing, pred in [("trafilatura 2.3.1", traf, traf_pred), ("vigil", vig, vigil_pred)]:
        s = score(pred, truth, os.path.join(args.out, f"{os.path.basename(pred)}.score.json"))
        rows.append((name, s, timing["pages"] / timing["seconds"]))
    print(f"article extraction, {traf['pages']} pages, {args.cores} cores each (best of {args.repeat})")
    print(f"{'system':<20} {'F1':>6} {'prec':>6} {'recall':>6} {'acc':>6} {'empty':>5} {'pages/s':>9}")
    for name, s, rate in rows:
        print(f"{name:<20} {s['f1']:6.3f} {s['precision']:6.3f} {s['recall']:6.3f} "
              f"{s['accuracy']:6.3f} {s['n_empty_pred']:5d} {rate:9.1f}")
    ratio = rows[1][2] / rows[0][2]
    print(f"speed ratio vigil / trafilatura: {ratio:.1f}x (goal >= 5x)")
    with open(os.path.join(args.out, "result.json"), "w", encoding="utf-8") as f:
        json.dump({"cores": args.cores, "systems": {n: {"score": s, "pages_per_s": r} for n, s, r in rows},
                   "ratio": ratio}, f, indent=2)


if __name__ == "__main__":
    main()
