#!/usr/bin/env python3
"""Planted C++ mutations: each must be caught by the C++ test suite (ctest).

Each mutant replaces one exact piece of source text (an operator flipped, a constant
changed, a branch removed) in a scratch copy of the repository, builds the C++ tests
there and runs ctest. A mutant is *caught* when the build or a test fails, *survived*
when everything passes. The scratch copy (default build/mutate) is kept between runs, so
only the mutated file recompiles; the working tree is never edited.

Usage::

    scripts/mutate_cpp.py --list
    scripts/mutate_cpp.py                       # every mutant (slow: a rebuild each)
    scripts/mutate_cpp.py cost-trip-one-way sim-no-collect-trip
    scripts/mutate_cpp.py --jobs 1 --scratch /tmp/mutate ...

Exit status 1 when a mutant survived. Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutant:
    id: str
    path: str  # relative to the repository
    old: str  # exact text; must occur exactly once
    new: str
    why: str  # what the mutation means for a user's numbers


MUTANTS = [
    # cost (Circular 02/2017)
    Mutant("cost-trip-one-way", "cpp/src/cost.cpp",
           "params.waiting_hours + t.fixed_hours + 2.0 * km / t.km_per_hour",
           "params.waiting_hours + t.fixed_hours + km / t.km_per_hour",
           "constant: a trip's travel time counts one way only"),
    Mutant("cost-post-saves-no-trip", "cpp/src/cost.cpp",
           "((1.0 - posted) * T + posted * (T - 1.0))",
           "((1.0 - posted) * T + posted * T)",
           "branch: postal return no longer saves the collection trip"),
    Mutant("cost-optional-weight-ignored", "cpp/src/cost.cpp",
           "const double w = comp.required ? 1.0 : params.optional_component_weight;",
           "const double w = 1.0;",
           "branch: optional components priced as required"),
    # scenario actions
    Mutant("scenario-fee-percent-halved", "cpp/src/scenario.cpp",
           "static_cast<double>(f.amount) * (1.0 - *a.percent / 100.0)));\n                continue;",
           "static_cast<double>(f.amount) * (1.0 - *a.percent / 200.0)));\n                continue;",
           "constant: set_fee(percent=) applies half the cut"),
    Mutant("scenario-remove-component-noop", "cpp/src/scenario.cpp",
           "p.components.erase(p.components.begin() + k);",
           "(void)k;",
           "branch removed: remove_component keeps the component"),
    Mutant("scenario-merge-min-trips", "cpp/src/scenario.cpp",
           "k.trips = std::max(k.trips, other.trips);",
           "k.trips = std::min(k.trips, other.trips);",
           "operator: a merged procedure takes the fewer trips"),
    Mutant("scenario-scale-volume-adds", "cpp/src/scenario.cpp",
           "v.annual *= *a.factor;",
           "v.annual += *a.factor;",
           "operator: scale_volume adds the factor"),
    # sim
    Mutant("sim-supplement-squared", "cpp/src/sim/engine.cpp",
           ".supplement = u_supp < p_.supplement_prob,",
           ".supplement = u_supp < p_.supplement_prob * p_.supplement_prob,",
           "operator: supplement probability squared"),
    Mutant("sim-no-collect-trip", "cpp/src/sim/engine.cpp",
           "delay = p_.pickup_delay.sample(service_);\n            d.trips++;",
           "delay = p_.pickup_delay.sample(service_);",
           "branch removed: collecting the result is not a trip"),
    Mutant("sim-cancel-ignored", "cpp/src/sim/engine.cpp",
           "if (cancel_.load()) {\n"
           "                    any_cancelled = true;\n"
           "                    break;\n"
           "                }",
           "",
           "branch removed: cancel() before a replication is ignored"),
    # inspection, org
    Mutant("inspection-fraction-floor", "cpp/src/inspection.cpp",
           "std::ceil(options.fraction * sy.units - 1e-9)",
           "std::floor(options.fraction * sy.units - 1e-9)",
           "operator: fewer units than the 30% rule requires"),
    Mutant("model-chair-rule-off", "cpp/src/model.cpp",
           "if (row.chairs == 1) continue;",
           "if (row.chairs >= 1) continue;",
           "operator: two chairs for one task no longer reported"),
]


def run(cmd: list[str], cwd: Path, log: Path) -> int:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        return subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT).returncode


def sync(scratch: Path) -> None:
    """Copy the sources the C++ tests need; only files whose content differs are written (and so
    rebuilt), including one left mutated by an interrupted run."""
    parts = ("CMakeLists.txt", "CMakePresets.json", "scripts/find_deps.py", "cpp", "tests/cpp", "tests/data")
    for part in parts:
        top = ROOT / part
        for f in [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()):
            dst = scratch / "src" / f.relative_to(ROOT)
            data = f.read_bytes()
            if not dst.exists() or dst.read_bytes() != data:
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_bytes(data)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ids", nargs="*", help="mutant ids (default: all)")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--scratch", type=Path, default=ROOT / "build" / "mutate")
    ap.add_argument("--jobs", type=int, default=1, help="build and ctest parallelism (default 1)")
    args = ap.parse_args()
    if args.list:
        for m in MUTANTS:
            print(f"{m.id:32} {m.path:28} {m.why}")
        return 0
    by_id = {m.id: m for m in MUTANTS}
    unknown = [i for i in args.ids if i not in by_id]
    if unknown:
        ap.error(f"unknown mutant ids {unknown}; see --list")
    chosen = [by_id[i] for i in args.ids] if args.ids else MUTANTS
    for m in chosen:  # every mutation must still apply to the current source
        n = (ROOT / m.path).read_text(encoding="utf-8").count(m.old)
        if n != 1:
            print(f"{m.id}: the text to mutate occurs {n} times in {m.path} (must be once); update the list")
            return 2

    scratch = args.scratch.resolve()
    src, build = scratch / "src", scratch / "build"
    log = scratch / "mutate.log"
    scratch.mkdir(parents=True, exist_ok=True)
    log.write_text("", encoding="utf-8")
    sync(scratch)
    env_launcher = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"] if shutil.which("ccache") else []
    if run(["cmake", "-S", str(src), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
            "-DCCHC_BUILD_TESTS=ON", "-DCCHC_BUILD_PYTHON=OFF", "-DCCHC_WERROR=OFF", *env_launcher],
           src, log):
        print(f"configure failed; see {log}")
        return 2
    # The unmutated suite must pass, or a failure would be taken for a catch.
    if run(["cmake", "--build", str(build), "-j", str(args.jobs)], src, log) or run(
            ["ctest", "--test-dir", str(build), "-j", str(args.jobs)], src, log):
        print(f"the unmutated C++ suite fails in the scratch copy; see {log}")
        return 2

    survived = []
    for m in chosen:
        target = src / m.path
        original = target.read_text(encoding="utf-8")  # as synced: edits to the tree meanwhile do not leak in
        t0 = time.monotonic()
        target.write_text(original.replace(m.old, m.new), encoding="utf-8")
        try:
            built = run(["cmake", "--build", str(build), "-j", str(args.jobs)], src, log) == 0
            passed = built and run(["ctest", "--test-dir", str(build), "-j", str(args.jobs)], src, log) == 0
        finally:
            # Newer than the mutant's object: rebuilt (a ccache hit).
            target.write_text(original, encoding="utf-8")
        verdict = "SURVIVED" if passed else ("caught (build)" if not built else "caught")
        if passed:
            survived.append(m.id)
        print(f"{m.id:32} {verdict:15} {time.monotonic() - t0:6.0f} s  {m.why}", flush=True)
    caught = len(chosen) - len(survived)
    print(f"{caught}/{len(chosen)} caught" + (f"; survived: {survived}" if survived else ""))
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
