#!/usr/bin/env python3
"""Scale: a deterministic corpus of 100,000+ pages, ingested into SQLite, with the figures an
operator needs: articles/s (against `vigil extract` on the same pages, so storage's share shows),
peak resident memory, database size, and the latency of event queries at that size.

usage: bench/corpus.py [--pages N] [--seed S] [--out DIR] [--keep] [--skip-extract] [--vigil BIN]
                        [--postgres URL] [--workers 1,2,4]

The corpus is generated here from the pages in ../shared/bench (the article-extraction and
pubdate HTML pages, the geo dev set's news texts) with varied publication dates, places and
wording: each page gets a lead paragraph written from templates (actor, means, victims, place,
day), town names in its text are swapped for others, and its publication date is drawn from
2015-2024. Same --seed, same corpus, byte for byte. Pages are written as gzipped JSONL shards
(`{"id", "url", "published", "html"|"text"}`) under --out (default bench/out/corpus; not committed).

With --postgres URL (a server whose user may create databases, with PostGIS available) the same
pages are also enqueued into a fresh database and processed by 1, 2 and 4 `vigil worker`
processes of one thread each, and the same figures are printed for each (articles/s counted from
the workers' start to the last one's end; peak RSS the largest worker's; the database's size from
pg_database_size).

Goals (issue 15, on the 2-core machine): >= 500 articles/s into SQLite; ingest >= 90 % of
extract's rate; peak RSS < 1 GiB; event queries < 100 ms on 100,000 articles.
"""
import argparse
import gzip
import json
import os
import random
import re
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

TOWNS = [
    ("Kabul", "AF"), ("Kandahar", "AF"), ("Jalalabad", "AF"), ("Kunduz", "AF"), ("Herat", "AF"),
    ("Mogadishu", "SO"), ("Kismayo", "SO"), ("Baidoa", "SO"), ("Beledweyne", "SO"),
    ("Garissa", "KE"), ("Mandera", "KE"), ("Lamu", "KE"), ("Maiduguri", "NG"), ("Kaduna", "NG"),
    ("Baghdad", "IQ"), ("Mosul", "IQ"), ("Kirkuk", "IQ"), ("Peshawar", "PK"), ("Quetta", "PK"),
    ("Gao", "ML"), ("Timbuktu", "ML"), ("Mopti", "ML"), ("Goma", "CD"), ("Beni", "CD"),
    ("Aleppo", "SY"), ("Idlib", "SY"), ("Sanaa", "YE"), ("Aden", "YE"), ("Marawi", "PH"),
    ("Ouagadougou", "BF"), ("Djibo", "BF"), ("Diffa", "NE"), ("Tillaberi", "NE"),
]
ACTORS = ["Gunmen", "Suspected al-Shabaab militants", "Taliban fighters", "Islamic State militants",
          "Boko Haram fighters", "Unidentified attackers", "Armed men on motorcycles",
          "Fighters of the Islamic State Khorasan Province", "JNIM militants", "ADF rebels"]
MEANS = [
    "{actor} killed {n} {victims} in {town} on {day}, {source} said.",
    "{actor} attacked a police post in {town} on {day}, killing {n} officers, {source} said.",
    "A roadside bomb killed {n} soldiers near {town} on {day}, according to {source}.",
    "A suicide bomber blew himself up at a market in {town} on {day}, killing {n} {victims}.",
    "{actor} abducted {n} {victims} from a village outside {town} on {day}.",
    "Mortar shells fired by {actor_l} hit a camp in {town} on {day}, wounding {n} {victims}.",
    "Hundreds of protesters marched through {town} on {day} to demand better security.",
    "{actor} stormed a hotel in {town} on {day}; at least {n} {victims} died in the siege.",
]
VICTIMS = ["civilians", "villagers", "worshippers", "traders", "students", "people", "farmers"]
SOURCES = ["police", "officials", "a local official", "witnesses", "the army", "hospital staff"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TOWN_WORD = re.compile(r"\b(" + "|".join(t for t, _ in TOWNS) + r")\b")


def templates():
    """The pages the corpus varies: (kind, content) with kind 'html' or 'text'."""
    out = []
    for sub in ("article-extraction/html", "pubdate/html"):
        folder = os.path.join(SHARED, "bench", sub)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".html.gz"):
                with gzip.open(os.path.join(folder, name)) as f:
                    out.append(("html", f.read().decode("utf-8", "replace")))
    with open(os.path.join(SHARED, "bench", "geo", "dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            if len(text) > 200:
                out.append(("text", text))
    return out


def lead(rng):
    town, _ = rng.choice(TOWNS)
    actor = rng.choice(ACTORS)
    return rng.choice(MEANS).format(
        actor=actor, actor_l=actor[0].lower() + actor[1:], n=rng.randint(1, 40),
        victims=rng.choice(VICTIMS), town=town, day=rng.choice(DAYS), source=rng.choice(SOURCES))


def generate(out_dir, pages, seed):
    rng = random.Random(seed)
    # Each template split once at its town names: odd pieces are the names to swap.
    pool = [(kind, TOWN_WORD.split(body)) for kind, body in templates()]
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, old))
    per_shard = 5000
    written = 0
    for shard in range(0, pages, per_shard):
        path = os.path.join(out_dir, f"shard-{shard // per_shard:04d}.jsonl.gz")
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
            for i in range(shard, min(pages, shard + per_shard)):
                kind, pieces = pool[rng.randrange(len(pool))]
                swap = {t: rng.choice(TOWNS)[0] for t, _ in TOWNS}
                body = "".join(swap[p] if k % 2 else p for k, p in enumerate(pieces))
                first, second = lead(rng), lead(rng)
                day = rng.randrange(3650)
                published = time.strftime("%Y-%m-%d", time.gmtime(1420070400 + day * 86400))
                record = {"id": f"corpus-{i}", "url": f"https://news.example/{published}/{i}",
                          "published": published}
                if kind == "html":
                    para = f"<p>{first}</p><p>{second}</p>"
                    at = body.lower().find("<body")
                    at = body.find(">", at) + 1 if at >= 0 else 0
                    record["html"] = body[:at] + para + body[at:]
                else:
                    record["text"] = f"{first}\n\n{body}\n\n{second}"
                f.write(json.dumps(record) + "\n")
                written += 1
    return written


def timed(cmd):
    """Runs cmd from the repository root, its output to files; returns (seconds, its own peak
    RSS in MiB, its stderr). os.wait4 gives this child's own rusage, not all children's."""
    import tempfile
    with tempfile.TemporaryFile("w+") as err, open(os.devnull, "w") as null:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=null, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read()
    if child.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({child.returncode}):\n{text[-2000:]}")
    return seconds, usage.ru_maxrss / 1024.0, text


def psql(url, sql):
    """Runs one SQL statement with psql; returns its output, unaligned, without headers."""
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"psql {sql!r} failed:\n{out.stderr}")
    return out.stdout.strip()


def fresh_database(url, name):
    """A new, empty database beside the one `url` names; its URL."""
    psql(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    template = psql(url, "SELECT count(*) FROM pg_database WHERE datname = 'vigil_template'")
    psql(url, f"CREATE DATABASE {name}" + (" TEMPLATE vigil_template" if template == "1" else ""))
    return url.rsplit("/", 1)[0] + "/" + name


def workers_run(vigil, url, corpus, pages, workers):
    """Enqueues the corpus into a fresh database and times `workers` worker processes over it."""
    db = fresh_database(url, f"vigil_bench_{workers}w")
    secs, rss, _ = timed([vigil, "ingest", "--enqueue", "--db", db, corpus])
    print(f"enqueue:        {pages / secs:8.1f} documents/s  peak RSS {rss:6.0f} MiB")
    start = time.perf_counter()
    children = [subprocess.Popen([vigil, "worker", "-j", "1", "--until-empty", "--poll-ms", "200",
                                  "--name", f"bench-{i}", "--db", db], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for i in range(workers)]
    peak = 0.0
    for child in children:
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"a worker failed ({os.waitstatus_to_exitcode(status)})")
        peak = max(peak, usage.ru_maxrss / 1024.0)
    secs = time.perf_counter() - start
    size = int(psql(db, "SELECT pg_database_size(current_database())"))
    print(f"PostgreSQL, {workers} worker(s): {pages / secs:8.1f} articles/s  "
          f"peak RSS {peak:6.0f} MiB  database {size / 2**20:8.1f} MiB")
    return db, {"per_s": pages / secs, "peak_rss_mib": peak, "db_mib": size / 2**20}


def query_latencies(vigil, db):
    """Median of 7 runs of each filtered query (process start included), in ms."""
    queries = [
        ["events", "--limit", "50"],
        ["events", "--country", "SO", "--limit", "50"],
        ["events", "--since", "2020-01-01", "--until", "2020-06-30", "--limit", "50"],
        ["events", "--status", "new", "--country", "AF", "--since", "2019-01-01", "--limit", "50"],
        ["search", "suicide bomber market", "--limit", "20"],
    ]
    out = {}
    for q in queries:
        runs = []
        for _ in range(7):
            t = time.perf_counter()
            subprocess.run([vigil, *q, "--db", db, "--json"] if q[0] == "events"
                           else [vigil, *q, "--db", db], capture_output=True, check=False)
            runs.append((time.perf_counter() - t) * 1000)
        runs.sort()
        out[" ".join(q)] = runs[len(runs) // 2]
        print(f"query (process start included), median of 7: {runs[len(runs) // 2]:7.1f} ms  "
              f"vigil {' '.join(q)}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "corpus"))
    ap.add_argument("--skip-extract", action="store_true")
    ap.add_argument("--keep", action="store_true", help="reuse an existing corpus of that size")
    ap.add_argument("--vigil", help="a vigil binary to use instead of building target/release")
    ap.add_argument("--postgres", metavar="URL",
                    help="also ingest with workers into fresh databases on this server")
    ap.add_argument("--workers", default="1,2,4", help="worker counts for --postgres")
    ap.add_argument("--skip-sqlite", action="store_true", help="only the --postgres runs")
    a = ap.parse_args()

    vigil = a.vigil
    if not vigil:
        subprocess.run(["cargo", "build", "--release", "-q", "--locked", "-p", "vigil-cli"],
                       check=True, cwd=ROOT)
        vigil = os.path.join(ROOT, "target", "release", "vigil")

    marker = os.path.join(a.out, f".pages-{a.pages}-seed-{a.seed}")
    if not (a.keep and os.path.exists(marker)):
        t = time.perf_counter()
        n = generate(a.out, a.pages, a.seed)
        open(marker, "w").close()
        print(f"corpus: {n} pages in {a.out} ({time.perf_counter() - t:.1f} s)", file=sys.stderr)
    size = sum(os.path.getsize(os.path.join(a.out, f)) for f in os.listdir(a.out))
    print(f"corpus: {a.pages} pages, {size / 2**20:.0f} MiB gzipped JSONL")

    results = {"pages": a.pages}
    if not a.skip_extract:
        secs, rss, _ = timed([vigil, "extract", "--format", "jsonl", a.out])
        results["extract_per_s"] = a.pages / secs
        print(f"extract:        {a.pages / secs:8.1f} articles/s  peak RSS {rss:6.0f} MiB")

    if not a.skip_sqlite:
        db = os.path.join(os.path.dirname(a.out), "corpus.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        secs, rss, err = timed([vigil, "ingest", "--db", db, a.out])
        results["ingest_per_s"] = a.pages / secs
        results["ingest_peak_rss_mib"] = rss
        print(f"ingest SQLite:  {a.pages / secs:8.1f} articles/s  peak RSS {rss:6.0f} MiB  "
              f"({err.strip().splitlines()[-1] if err.strip() else ''})")
        if "extract_per_s" in results:
            ratio = results["ingest_per_s"] / results["extract_per_s"]
            results["ingest_over_extract"] = ratio
            print(f"ingest / extract: {ratio:.2f} (goal >= 0.90: storage is not the bottleneck)")
        db_size = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))
        results["db_mib"] = db_size / 2**20
        print(f"database:       {db_size / 2**20:8.1f} MiB")

        results["queries_ms"] = query_latencies(vigil, db)
    if a.postgres:
        results["postgres"] = {}
        for n in [int(w) for w in a.workers.split(",") if w.strip()]:
            db, figures = workers_run(vigil, a.postgres, a.out, a.pages, n)
            results["postgres"][f"{n}_workers"] = figures
        figures["queries_ms"] = query_latencies(vigil, db)
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "out", "corpus.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
