#!/usr/bin/env python3
"""Turns JMH JSON results (java ... org.openjdk.jmh.Main -rf json -rff results.json) into the
markdown tables of docs/benchmarks.md.

Benchmarks named <operation>_api and <operation>_raw in one class are paired: the API/raw table has
one row per engine, operation and parameter set, with both scores and their ratio. With --targets,
a second table sets the RocksDB API scores against the specification's targets.

usage: storage-bench/scripts/jmh-table.py results.json [more.json ...] [--targets]
"""
import json
import sys

ENGINES = {
    "RocksDbBenchmark": ("RocksDB", "rocksdbjni"),
    "MemoryBenchmark": ("memory", "ConcurrentSkipListMap"),
    "LmdbBenchmark": ("LMDB", "lmdbjava"),
    "MapDbBenchmark": ("MapDB", "MapDB BTreeMap"),
}

OPERATIONS = {
    "put": "put, one per call (random keys)",
    "putSequential": "put, one per call (sequential keys)",
    "batch": "batch of 1,000 (entries/s)",
    "getHot": "hot get",
    "getHotMulti100": "hot multiGet of 100 (keys/s)",
    "getCold": "cold get (8 MiB cache, 1M entries)",
    "scan": "ordered scan (entries/s)",
    "prefix": "prefix iteration (entries/s)",
    "snapshotGet": "snapshot + get",
    "commit": "transaction commit (1 put)",
    "commitSynced": "synced transaction commit (1 put)",
    "commitSynced10": "synced commit of 10 puts (commits/s)",
}

# (specification workload, target per second, operation, required parameters)
TARGETS = [
    ("sequential writes", 100_000, "putSequential", {}),
    ("random writes", 50_000, "put", {}),
    ("batch writes (1,000 per batch), entries", 500_000, "batch", {"cache": "default"}),
    ("synced transaction commits", 2_000, "commitSynced", {}),
    ("cached reads (hot), default store (API read cache)", 1_000_000, "getHot", {"cache": "default"}),
    ("cached reads (hot), read cache off: block cache only", 1_000_000, "getHot", {"cache": "off"}),
    ("cached reads (hot), read cache off: RocksDB row cache", 1_000_000, "getHot", {"cache": "row"}),
    ("cached reads (hot), multiGet of 100", 1_000_000, "getHotMulti100", {"cache": "default"}),
    ("uncached reads (1M entries, 8 MiB cache)", 100_000, "getCold", {"tuning": "default"}),
    ("range scan entries", 10_000, "scan", {"cache": "default"}),
    ("prefix iteration entries", 50_000, "prefix", {"cache": "default"}),
]


def load(paths):
    rows = {}
    for path in paths:
        with open(path) as f:
            for result in json.load(f):
                cls, method = result["benchmark"].rsplit(".", 2)[-2:]
                if "_" not in method:
                    continue
                op, side = method.rsplit("_", 1)
                params = tuple(sorted((result.get("params") or {}).items()))
                metric = result["primaryMetric"]
                rows.setdefault((cls, op, params), {})[side] = (metric["score"], metric.get("scoreError"))
    return rows


def rate(value):
    return "–" if value is None else f"{value[0]:,.0f}"


def api_raw_table(rows):
    print("| engine | operation | parameters | API ops/s | raw ops/s | raw binding | API/raw |")
    print("|---|---|---|---:|---:|---|---:|")
    for (cls, op, params), sides in sorted(rows.items(), key=lambda r: (r[0][0], list(OPERATIONS).index(r[0][1])
                                                                          if r[0][1] in OPERATIONS else 99, r[0][2])):
        engine, binding = ENGINES.get(cls, (cls, "raw"))
        api, raw = sides.get("api"), sides.get("raw")
        ratio = f"{api[0] / raw[0]:.2f}" if api and raw else "–"
        shown = ", ".join(f"{k}={v}" for k, v in params) or "–"
        print(f"| {engine} | {OPERATIONS.get(op, op)} | {shown} | {rate(api)} | {rate(raw)} | {binding} | {ratio} |")


def targets_table(rows):
    print("| workload (RocksDB, through the API) | target /s | measured /s | ratio | raw rocksdbjni /s |")
    print("|---|---:|---:|---:|---:|")
    for name, target, op, wanted in TARGETS:
        for (cls, row_op, params), sides in rows.items():
            if cls != "RocksDbBenchmark" or row_op != op or "api" not in sides:
                continue
            if any(dict(params).get(k) != v for k, v in wanted.items()):
                continue
            api, raw = sides["api"], sides.get("raw")
            print(f"| {name} | {target:,} | {api[0]:,.0f} | {api[0] / target:.2f} | {rate(raw)} |")


def main(argv):
    paths = [a for a in argv if not a.startswith("--")]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    rows = load(paths)
    api_raw_table(rows)
    if "--targets" in argv:
        print()
        targets_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
