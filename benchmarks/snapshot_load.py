"""Load time and peak memory of a synthetic national model: .cchc snapshot, JSON, Parquet.

Each load runs in a fresh child process that reports its time, the RSS its load
added (the model's own size, measured on the snapshot load), and the peak RSS
during the load above the interpreter's baseline (``/proc/self/clear_refs`` resets
the peak, ``VmHWM`` reads it).

    python benchmarks/snapshot_load.py                      # national: 2,000,000 people, ~20 M records
    python benchmarks/snapshot_load.py --people 200000      # a tenth

The Python baseline (``json.load`` + the same pandas DataFrames) needs about 10 GB
per million people; above ``--baseline-people`` (default 200,000) it runs on a
smaller model of the same generator, and is compared with cchc on that same file.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABLES = ("agencies", "tasks", "procedures", "documents", "people", "courses", "training_records")


def _status(key: str) -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(key))


def python_baseline(path: str) -> dict:
    """What an analyst would write without cchc: json.load, then one DataFrame per table."""
    import pandas as pd

    with open(path, "rb") as f:
        doc = json.load(f)
    people = doc.get("people", [])
    frames = {
        "agencies": pd.DataFrame(doc["agencies"]),
        "tasks": pd.DataFrame([{k: v for k, v in t.items() if k != "assignments"} for t in doc.get("tasks", [])]),
        "procedures": pd.DataFrame(
            [{k: v for k, v in p.items() if not isinstance(v, list)} for p in doc.get("procedures", [])]
        ),
        "documents": pd.DataFrame(doc.get("documents", [])),
        "courses": pd.DataFrame(doc.get("courses", [])),
        "people": pd.DataFrame([{k: v for k, v in p.items() if k != "training"} for p in people]),
        "training_records": pd.DataFrame(
            [{"person": p["id"], **r} for p in people for r in p.get("training", ())]
        ),
    }
    for name in ("people", "training_records"):
        df = frames[name]
        for col in ("entered", "left", "start", "end"):
            if col in df:
                df[col] = pd.to_datetime(df[col])
    return frames


def child(kind: str, path: str) -> None:
    import cchc

    gc.collect()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the peak (VmHWM) restarts from the current RSS
    before = _status("VmRSS:")
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
    elif kind == "json+pandas":
        m = cchc.load(path)
        frames = {name: getattr(m, name).to_pandas() for name in TABLES}
        rows = len(frames["training_records"])
    elif kind == "python":
        frames = python_baseline(path)
        rows = len(frames["training_records"])
    elif kind == "parquet":
        import pyarrow.parquet as pq

        frames = {name: pq.read_table(os.path.join(path, f"{name}.parquet")).to_pandas() for name in TABLES}
        rows = len(frames["training_records"])
    else:
        raise SystemExit(f"unknown kind {kind}")
    seconds = time.perf_counter() - t0
    after, peak = _status("VmRSS:"), _status("VmHWM:")
    print(json.dumps({"seconds": seconds, "rows": rows, "added_mb": (after - before) / 2**20,
                      "peak_mb": (peak - before) / 2**20}))


def run_child(kind: str, path: str | Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--communes", type=int, default=3321)
    ap.add_argument("--people", type=int, default=2_000_000)
    ap.add_argument("--records", type=float, default=10.0)
    ap.add_argument("--baseline-people", type=int, default=200_000,
                    help="largest model the json.load + pandas baseline runs on (it needs ~10 GB per million people)")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return

    import pyarrow as pa
    import pyarrow.parquet as pq

    import cchc
    from cchc.datasets.synthetic import synthetic

    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    t0 = time.perf_counter()
    m = synthetic(args.provinces, args.communes, args.people, args.records, seed=0)
    print(f"generated {m!r} in {time.perf_counter() - t0:.1f} s")
    rows: list[tuple[str, float | None, float, dict]] = []  # kind, save s, size MB, child result
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        snap = Path(tmp) / "national.cchc"
        t0 = time.perf_counter()
        cchc.snapshot.save_snapshot(m, snap)
        t_save = time.perf_counter() - t0
        size = snap.stat().st_size / 2**20
        base = run_child("cchc", snap)
        model_mb = base["added_mb"]
        rows.append(("`.cchc` snapshot → Model", t_save, size, base))
        rows.append(("`.cchc` → Model → to_pandas() ×7", t_save, size, run_child("cchc+pandas", snap)))

        pdir = Path(tmp) / "parquet"
        pdir.mkdir()
        t0 = time.perf_counter()
        frames = {name: getattr(m, name).to_pandas() for name in TABLES}
        t_pandas = time.perf_counter() - t0
        t0 = time.perf_counter()
        rec = m.training_records.to_pandas()
        t_records = time.perf_counter() - t0
        del rec
        t0 = time.perf_counter()
        for name, df in frames.items():
            # Object columns (lists of nested items) are not part of the flat tables.
            flat = df[[c for c in df.columns if df[c].dtype != object or isinstance(df[c].iloc[0] if len(df) else "", str)]]
            pq.write_table(pa.Table.from_pandas(flat, preserve_index=False), pdir / f"{name}.parquet")
        t_psave = time.perf_counter() - t0
        psize = sum(p.stat().st_size for p in pdir.iterdir()) / 2**20
        del frames, flat
        rows.append(("Parquet (pyarrow) → pandas ×7", t_psave, psize, run_child("parquet", pdir)))

        jpath = Path(tmp) / "national.json"
        t0 = time.perf_counter()
        m.save(jpath)
        t_jsave = time.perf_counter() - t0
        jsize = jpath.stat().st_size / 2**20
        rows.append(("JSON → Model (cchc.load)", t_jsave, jsize, run_child("json", jpath)))
        rows.append(("JSON → Model → to_pandas() ×7", t_jsave, jsize, run_child("json+pandas", jpath)))
        gpath = Path(tmp) / "national.json.gz"
        t0 = time.perf_counter()
        m.save(gpath)
        t_gsave = time.perf_counter() - t0
        rows.append(("JSON.gz → Model (cchc.load)", t_gsave, gpath.stat().st_size / 2**20, run_child("json", gpath)))
        jpath.unlink()
        gpath.unlink()

        # The Python baseline, on the national file when it fits, else on a smaller one.
        bpeople = min(args.people, args.baseline_people)
        if bpeople < args.people:
            del m
            gc.collect()
            small = synthetic(args.provinces, args.communes, bpeople, args.records, seed=0)
            bpath = Path(tmp) / "baseline.json"
            small.save(bpath)
            ours = run_child("json+pandas", bpath)
            print(f"baseline model: {small!r}")
            del small
        else:
            bpath = jpath
            m.save(bpath)
            ours = rows[-2][3]
        theirs = run_child("python", bpath)

    print(f"\nmodel's own size (RSS added by the snapshot load): {model_mb:.0f} MB")
    print(f"to_pandas() of all {len(TABLES)} tables: {t_pandas:.2f} s; of the training records alone: {t_records:.2f} s")
    print(f"\n| format | save s | size MB | load s | peak RSS MB | peak / model |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, s, mb, r in rows:
        print(f"| {kind} | {s:.2f} | {mb:,.1f} | {r['seconds']:.2f} | {r['peak_mb']:,.0f} | {r['peak_mb'] / model_mb:.2f} |")
    print(f"\nJSON import on {bpeople:,} people: cchc.load + to_pandas() ×7 {ours['seconds']:.2f} s, "
          f"peak {ours['peak_mb']:,.0f} MB; json.load + pandas DataFrames {theirs['seconds']:.2f} s, "
          f"peak {theirs['peak_mb']:,.0f} MB; speed-up {theirs['seconds'] / ours['seconds']:.1f}×, "
          f"memory {theirs['peak_mb'] / ours['peak_mb']:.1f}× less")
    load = {kind: r["seconds"] for kind, _, _, r in rows}
    snap_load = rows[0][3]["seconds"]
    for kind, seconds in load.items():
        if kind != rows[0][0]:
            print(f"ratio {kind} / snapshot load: {seconds / snap_load:.2f}")
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
