#!/usr/bin/env python3
"""Measures the site search on a generated Chinese corpus.

Builds the corpus (gen_corpus.py) with the real `portal` binary, then runs a sample of queries with
the real client code (run_queries.js, which loads templates/assets/search.js in Node and reads the
index from disk, every query cold) and compares each answer with the truth computed here by brute
force over every document's text:

- recall@20: share of the first min(20, true count) true documents among the 20 shown;
- count: whether the count shown equals the true number of documents that contain the query;
- order: whether the 20 shown are exactly the first 20 by the ranking rule (every term in the
  title, 索引号 or 文号 first; then newest first);
- bytes and files fetched per cold query (index files plus the 20 documents shown), time per query.

    bench.py --items 10000              # generate, build, measure
    bench.py --site /tmp/site --skip-build
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import unicodedata
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# ---- The normalisation of SearchNormalizer.swift / search.js, written again independently ----


def is_whitespace(c):
    return (0x09 <= c <= 0x0D) or c in (0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000) \
        or (0x2000 <= c <= 0x200A)


def is_dropped(c):
    if c < 0x20:
        return not is_whitespace(c)
    if 0x7F <= c <= 0x9F:
        return c != 0x85
    return c == 0xAD or 0x200B <= c <= 0x200D or c == 0x2060 or c == 0xFEFF


def normalize(text):
    out = []
    pending = False
    for ch in text:
        c = ord(ch)
        if is_whitespace(c):
            pieces = " "
        elif is_dropped(c):
            pieces = ""
        else:
            pieces = unicodedata.normalize("NFKC", ch)
        for p in pieces:
            v = ord(p)
            if p == " " or is_whitespace(v):
                pending = bool(out)
            elif is_dropped(v):
                continue
            else:
                if pending:
                    out.append(" ")
                    pending = False
                out.append(p.lower() if "A" <= p <= "Z" else p)
    return "".join(out)


def parse_query(query):
    text = normalize(query)
    terms = []
    for m in re.finditer(r'"([^"]*)"?|\u201C([^\u201D]*)\u201D?|([^\s"\u201C]+)', text):
        term = next(g for g in m.groups() if g is not None).strip()
        if term and term not in terms:
            terms.append(term[:64])
    return terms[:8]


def index_folder(public):
    """The index folder the search page names (its form's data-index)."""
    page = open(os.path.join(public, "search", "index.html"), encoding="utf-8").read()
    return os.path.join(public, re.search(r'data-index="([^"]*)"', page).group(1).strip("/"))


def load_documents(public):
    """Every document of the index, by number."""
    folders = [index_folder(public)]
    metas, docs = [], []
    for folder in folders:
        meta = json.load(open(os.path.join(folder, "meta.json"), encoding="utf-8"))
        metas.append(meta)
        for i in range(meta["documents"]):
            # Raw DEFLATE of the JSON (RawDeflate.swift).
            raw = open(os.path.join(folder, "d", str(i // meta["documentsPerFolder"]), f"{i}.bin"), "rb").read()
            d = json.loads(zlib.decompress(raw, -15).decode("utf-8"))
            title = [normalize(x) for x in (d["t"], d["i"], d["n"]) if x]
            body = [normalize(x) for x in d["k"] + [d["b"]] if x]
            docs.append({"title": title, "all": title + body, "raw": d})
    return folders, metas, docs


def truth(docs, query):
    terms = parse_query(query)
    if not terms:
        return [], 0
    hits = [i for i, d in enumerate(docs) if all(any(t in f for f in d["all"]) for t in terms)]
    titled = [i for i in hits if all(any(t in f for f in docs[i]["title"]) for t in terms)]
    rest = [i for i in hits if i not in set(titled)]
    return titled + rest, len(hits)


def sample_queries(docs, rng, per_kind):
    queries = []
    han = re.compile(r"^[\u4e00-\u9fff]+$")
    bodies = [d["all"][-1] if d["raw"]["b"] else "" for d in docs]

    def window(lengths, pattern):
        while True:
            body = bodies[rng.randrange(len(bodies))]
            length = rng.choice(lengths)
            if len(body) < length:
                continue
            start = rng.randrange(len(body) - length + 1)
            piece = body[start:start + length]
            if pattern(piece):
                return piece

    for _ in range(per_kind):
        queries.append({"kind": "2-char word", "q": window([2], lambda p: han.match(p))})
    for _ in range(per_kind * 2):
        queries.append({"kind": "4-6-char phrase", "q": window([4, 5, 6], lambda p: han.match(p))})
    for _ in range(per_kind):
        queries.append({"kind": "4-6-char mixed", "q": window([4, 5, 6], lambda p: " " not in p)})
    for _ in range(per_kind):
        d = docs[rng.randrange(len(docs))]["raw"]
        queries.append({"kind": "quoted title", "q": '"' + d["t"] + '"'})
    for _ in range(per_kind):
        items = [i for i, d in enumerate(docs) if d["raw"]["i"]]
        i = items[rng.randrange(len(items))]
        queries.append({"kind": "索引号", "q": docs[i]["raw"]["i"], "id": i})
    for _ in range(max(1, per_kind // 4)):
        queries.append({"kind": "two words", "q": window([2], lambda p: han.match(p)) + " " +
                        window([3], lambda p: han.match(p))})
    for word in ["龘靐齉", "就业补贴龘", "zzqx-404", "不存在的信息标题"]:
        queries.append({"kind": "absent", "q": word})
    return queries


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--site", default="/tmp/portal-search-bench")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--per-kind", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--portal", default=os.path.join(REPO, ".build", "release", "portal"))
    parser.add_argument("--generator", choices=["search", "project"], default="search",
                        help="search: bench/search/gen_corpus.py; project: bench/generate (issue 8's corpus)")
    args = parser.parse_args()

    # bench/generate writes the portal site into <out>/portal/.
    source = os.path.join(args.site, "portal") if args.generator == "project" else args.site
    public = os.path.join(source, "public")
    if not args.skip_build:
        if args.generator == "project":
            subprocess.check_call([os.path.join(REPO, "bench", "generate"), "--items", str(args.items), "--out", args.site])
        else:
            subprocess.check_call([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--items", str(args.items),
                                   "--out", args.site])
        if not os.path.exists(args.portal):
            subprocess.check_call(["swift", "build", "-c", "release", "--product", "portal"], cwd=REPO)
        started = time.time()
        subprocess.check_call([args.portal, "build", "--source", source, "--now", "2026-01-01",
                               "--output", public], stdout=subprocess.DEVNULL)
        print(f"build: {time.time() - started:.1f} s for {args.items} items (whole site, search index included)")

    folders, metas, docs = load_documents(public)
    sizes = {}
    for folder in ("f", "p", "d"):
        total, count, largest = 0, 0, 0
        for index in folders:
            for dirpath, _, files in os.walk(os.path.join(index, folder)):
                for name in files:
                    if name.endswith(".gz"):
                        continue
                    size = os.path.getsize(os.path.join(dirpath, name))
                    total, count, largest = total + size, count + 1, max(largest, size)
        sizes[folder] = (total, count, largest)
    body_bytes = sum(len(d["raw"]["b"].encode()) for d in docs)
    print(f"documents: {len(docs)}, body text {body_bytes / 1e6:.1f} MB; thresholds "
          f"{min(m['threshold'] for m in metas)}–{max(m['threshold'] for m in metas)}, max length {metas[0]['maxLength']}")
    for folder, label in (("f", "frequent strings"), ("p", "postings"), ("d", "documents")):
        total, count, largest = sizes[folder]
        print(f"index {folder}/ ({label}): {total / 1e6:.1f} MB in {count} files, largest {largest / 1024:.1f} KB")

    rng = random.Random(args.seed)
    queries = sample_queries(docs, rng, args.per_kind)
    query_file = os.path.join(source, "queries.json")
    json.dump(queries, open(query_file, "w", encoding="utf-8"), ensure_ascii=False)
    out = subprocess.run(["node", os.path.join(HERE, "run_queries.js"), public, query_file],
                         check=True, capture_output=True, text=True).stdout
    answers = [json.loads(line) for line in out.splitlines()]

    by_kind = {}
    failures = []
    for query, answer in zip(queries, answers):
        order, count = truth(docs, query["q"])
        expected = order[:20]
        recall = 1.0 if not expected else len(set(answer["top"]) & set(order)) / len(expected)
        row = by_kind.setdefault(query["kind"], {"n": 0, "recall": [], "count": 0, "order": 0, "bytes": [],
                                                  "ms": [], "files": [], "rank1": 0, "empty": 0, "exact": 0})
        row["n"] += 1
        row["recall"].append(recall)
        row["count"] += answer["count"] == count
        row["order"] += answer["top"] == expected
        row["exact"] += answer["exact"]
        row["bytes"].append(answer["bytes"])
        row["files"].append(answer["files"])
        row["ms"].append(answer["ms"])
        row["empty"] += count > 0 and answer["count"] == 0
        if "id" in query:
            row["rank1"] += bool(answer["top"]) and answer["top"][0] == query["id"]
        if answer["count"] != count or answer["top"] != expected:
            failures.append((query["q"], answer["count"], count))

    print()
    print("| queries | n | recall@20 | count right | top 20 in order | empty for a present string | "
          "KB per cold query: mean / p95 / max | files | ms: mean / p95 / max |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind, row in by_kind.items():
        n = row["n"]
        extra = f" (索引号 at rank 1: {row['rank1']}/{n})" if kind == "索引号" else ""
        print(f"| {kind}{extra} | {n} | {statistics.mean(row['recall']):.3f} | {row['count']}/{n} | {row['order']}/{n} | "
              f"{row['empty']} | {statistics.mean(row['bytes']) / 1024:.0f} / {percentile(row['bytes'], 95) / 1024:.0f} / "
              f"{max(row['bytes']) / 1024:.0f} | {statistics.mean(row['files']):.0f} | "
              f"{statistics.mean(row['ms']):.1f} / {percentile(row['ms'], 95):.1f} / {max(row['ms']):.1f} |")
    all_bytes = [b for row in by_kind.values() for b in row["bytes"]]
    all_ms = [m for row in by_kind.values() for m in row["ms"]]
    print(f"\nall {len(answers)} queries: max {max(all_bytes) / 1024:.0f} KB, max {max(all_ms):.0f} ms; "
          f"{len(failures)} with a wrong count or order")
    for q, got, want in failures[:10]:
        print(f"  {q!r}: got {got}, true {want}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
