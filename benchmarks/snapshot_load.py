"""Load time of a synthetic national model: .cchc snapshot vs JSON vs Parquet of the same tables.

Each load runs in a fresh child process, so its peak RSS is its own.

    python benchmarks/snapshot_load.py                      # national: 2,000,000 people, ~20 M records
    python benchmarks/snapshot_load.py --people 200000 --json

JSON (``--json``) is slow and large at national scale; it is opt-in.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABLES = ("agencies", "tasks", "procedures", "documents", "people", "courses", "training_records")


def child(kind: str, path: str) -> None:
    t0 = time.perf_counter()
    import cchc

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    if kind == "cchc":
        m = cchc.snapshot.load_snapshot(path)
        rows = len(m.training_records)
    elif kind == "cchc+pandas":
        m = cchc.snapshot.load_snapshot(path)
        frames = {name: getattr(m, name).to_pandas() for name in TABLES}
        rows = len(frames["training_records"])
    elif kind == "json":
        m = cchc.load(path)
        rows = len(m.training_records)
    elif kind == "parquet":
        import pyarrow.parquet as pq

        frames = {name: pq.read_table(os.path.join(path, f"{name}.parquet")).to_pandas() for name in TABLES}
        rows = len(frames["training_records"])
    else:
        raise SystemExit(f"unknown kind {kind}")
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": rss, "rows": rows, "import": t_import}))


def run_child(kind: str, path: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, path], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--communes", type=int, default=3321)
    ap.add_argument("--people", type=int, default=2_000_000)
    ap.add_argument("--records", type=float, default=10.0)
    ap.add_argument("--json", action="store_true", help="also time JSON (slow at national scale)")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return

    import pyarrow as pa
    import pyarrow.parquet as pq

    import cchc
    from cchc.datasets.synthetic import synthetic

    t0 = time.perf_counter()
    m = synthetic(args.provinces, args.communes, args.people, args.records, seed=0)
    t_gen = time.perf_counter() - t0
    print(f"generated {m!r} in {t_gen:.1f} s")
    results: list[tuple[str, float, float, float, float]] = []  # kind, save s, size MB, load s, rss MB
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        snap = Path(tmp) / "national.cchc"
        t0 = time.perf_counter()
        cchc.snapshot.save_snapshot(m, snap)
        t_save = time.perf_counter() - t0
        size = snap.stat().st_size / 2**20
        for kind in ("cchc", "cchc+pandas"):
            r = run_child(kind, str(snap))
            results.append((kind, t_save, size, r["seconds"], r["rss_mb"]))

        pdir = Path(tmp) / "parquet"
        pdir.mkdir()
        t0 = time.perf_counter()
        frames = {name: getattr(m, name).to_pandas() for name in TABLES}
        t_pandas = time.perf_counter() - t0
        t0 = time.perf_counter()
        for name, df in frames.items():
            # Object columns (lists of nested items) are not part of the flat tables.
            flat = df[[c for c in df.columns if df[c].dtype != object or isinstance(df[c].iloc[0] if len(df) else "", str)]]
            pq.write_table(pa.Table.from_pandas(flat, preserve_index=False), pdir / f"{name}.parquet")
        t_psave = time.perf_counter() - t0
        psize = sum(p.stat().st_size for p in pdir.iterdir()) / 2**20
        del frames
        r = run_child("parquet", str(pdir))
        results.append(("parquet (pyarrow → pandas)", t_psave, psize, r["seconds"], r["rss_mb"]))

        if args.json:
            jpath = Path(tmp) / "national.json"
            t0 = time.perf_counter()
            m.save(jpath)
            t_jsave = time.perf_counter() - t0
            r = run_child("json", str(jpath))
            results.append(("json (cchc reader)", t_jsave, jpath.stat().st_size / 2**20, r["seconds"], r["rss_mb"]))

    print(f"\nto_pandas() of all {len(TABLES)} tables: {t_pandas:.2f} s")
    print(f"{'format':30} {'save s':>8} {'size MB':>9} {'load s':>8} {'peak RSS MB':>12}")
    for kind, s, mb, load, rss in results:
        print(f"{kind:30} {s:8.2f} {mb:9.1f} {load:8.2f} {rss:12.0f}")
    base = {k: load for k, _, _, load, _ in results}
    if "cchc" in base:
        for kind, load in base.items():
            if kind != "cchc":
                print(f"ratio {kind} / cchc load: {load / base['cchc']:.2f}")


if __name__ == "__main__":
    main()
