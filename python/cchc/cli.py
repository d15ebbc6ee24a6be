"""The ``cchc`` command line: ``demo``, ``cost``, ``simulate``, ``validate``, ``convert``, ``report``.

Also runs as ``python -m cchc``. Every command has ``--help``.

Exit codes: 0 done; 1 a data error (a file that cannot be read or written, an invalid model,
scenario or value); 2 a usage error (argparse: an unknown option, ``--days 0``, a bad date).
An error is one line on stderr, ``cchc COMMAND: error: ...``; ``--debug`` (or the environment
variable ``CCHC_DEBUG=1``) shows the Python traceback instead.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

import cchc
from cchc._files import fspath, write_text
from cchc.errors import Error, ValidationError
from cchc.model import save_format

EXIT_DATA_ERROR = 1  # usage errors exit with argparse's 2


def positive_int(text: str) -> int:
    """An argparse type: an integer ≥ 1."""
    value = int(text)  # ValueError → argparse's "invalid positive_int value"
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def non_negative_int(text: str) -> int:
    """An argparse type: an integer ≥ 0."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def iso_date(text: str) -> str:
    """An argparse type: a calendar date ``YYYY-MM-DD``."""
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD")


def output_path(text: str) -> str:
    """An argparse type: a file to write, checked before any work: the folder of its final target
    (symbolic links followed, as the save does) must exist and be writable; a device or pipe
    (``/dev/stdout``) must be writable itself."""
    try:
        path = fspath(text)
    except Error as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    real = os.path.realpath(path)
    if os.path.isdir(real):
        raise argparse.ArgumentTypeError(f"cannot write {path!r}: it is a folder")
    if os.path.exists(real) and not os.path.isfile(real):  # written in place, not replaced
        if not os.access(real, os.W_OK):
            raise argparse.ArgumentTypeError(f"cannot write {path!r}: permission denied")
        return path
    folder = os.path.dirname(real) or "."
    if not os.path.isdir(folder):
        raise argparse.ArgumentTypeError(f"cannot write {path!r}: no folder {folder!r}")
    if not os.access(folder, os.W_OK):
        raise argparse.ArgumentTypeError(f"cannot write {path!r}: folder {folder!r} is not writable")
    return path


def output_file(check: Callable[[str], object]) -> Callable[[str], str]:
    """An argparse type: :func:`output_path` whose name ``check`` accepts (the format the command
    will write, e.g. :func:`cchc.model.save_format`): a wrong extension is refused before any work."""

    def parse(text: str) -> str:
        path = output_path(text)
        try:
            check(path)
        except (Error, ValueError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return path

    return parse


def _event_log_format(path: str) -> None:
    """--event-log: a .csv, or a .parquet when pyarrow is installed (else the save would fall back to CSV)."""
    if path.endswith(".parquet"):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise Error(f"{path}: writing Parquet needs pyarrow (pip install pyarrow); or write .csv") from None
    elif not path.endswith(".csv"):
        raise Error(f"{path}: the event log is written as .csv or .parquet")


def _print_table(rows: list[tuple[str, str]], title: str) -> None:
    print(f"\n{title}")
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")


def _model(text: str) -> cchc.Model:
    """A model file, or the name of an embedded data set (``lai_chau_2021``)."""
    if text == "lai_chau_2021":
        return cchc.datasets.lai_chau_2021()
    return cchc.load(text)


def demo_scenario() -> cchc.Scenario:
    """The sample simplification scenario the demo and the notebooks use."""
    return (
        cchc.Scenario("Phương án đơn giản hóa mẫu 2021 (sample simplification plan)")
        .set_online(field="Hộ tịch", level="full", share=0.5, note="civil status fully online")
        .set_online(field="Chứng thực", level="partial", share=0.3, note="certification partly online")
        .set_postal_return("*", 0.3, note="results returned by public post")
        .set_trips("*", 1, note="one trip on the counter route")
    )


def _demo(args: argparse.Namespace) -> int:
    m = cchc.datasets.lai_chau_2021()
    s = m.summary()
    print(f"cchc {cchc.__version__} — {m.name} (as of {m.as_of})")
    _print_table(
        [
            ("district-level units", f"{s['district_level_units']}"),
            ("commune-level units", f"{s['commune_level_units']}"),
            ("agencies and units", f"{s['agencies']:,}"),
            ("tasks", f"{s['tasks']:,}"),
            ("procedures", f"{s['procedures']:,}"),
            ("  provincial / district / commune", f"{s['procedures_province']:,} / {s['procedures_district']:,} / "
             f"{s['procedures_commune']:,}"),
            ("  full online / partial online", f"{s['procedures_full_online']:,} / {s['procedures_partial_online']:,}"),
            ("dossiers per year", f"{s['annual_dossiers']:,.0f}"),
            ("legal documents", f"{s['documents']:,}"),
            ("people", f"{s['people']:,}"),
            ("courses / training records", f"{s['courses']:,} / {s['training_records']:,}"),
        ],
        f"The province on {s['as_of']}",
    )
    procedures = m.procedures.to_pandas()
    fields = (
        procedures.groupby("field", observed=True)
        .agg(procedures=("code", "size"), dossiers=("annual_volume", "sum"))
        .sort_values("dossiers", ascending=False)
        .head(8)
    )
    _print_table(
        [(str(f), f"{int(r.procedures):>4} procedures, {r.dossiers:>9,.0f} dossiers/yr") for f, r in fields.iterrows()],
        "Busiest fields (lĩnh vực)",
    )
    people = m.people.to_pandas()
    categories = people["category"].value_counts()
    names = {"can_bo": "cadres (cán bộ)", "cong_chuc": "civil servants (công chức)",
             "vien_chuc": "public employees (viên chức)"}
    _print_table([(names.get(str(k), str(k)), f"{v:,}") for k, v in categories.items()], "People")
    org = cchc.org.analyze(m)
    o = org.summary()
    _print_table(
        [
            ("tasks without a chair", f"{o['tasks_without_chair']}"),
            ("tasks only coordinated", f"{o['tasks_coordinate_only']}"),
            ("tasks with several chairs", f"{o['tasks_with_several_chairs']}"),
            ("intermediate (pass-through) units", f"{o['intermediate_units']}"),
            ("depth / mean span of control", f"{o['max_depth']} / {o['mean_span_of_control']:.1f}"),
            ("staffing quota / headcount", f"{o['quota']:,} / {o['headcount']:,}"),
            ("units over quota", f"{o['units_over_quota']}"),
        ],
        f"Organisation on {o['as_of']} (one task, exactly one chair)",
    )
    conflicts = org.chair_conflicts
    _print_table(
        [(str(r.task), f"{r.status}: {r.chair_agencies or '-'} — {r.name}") for r in conflicts.itertuples()]
        or [("none", "")],
        "Chair conflicts",
    )

    def num(v: float) -> str:
        return "–" if v != v else f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:,.1f}"

    impact = cchc.org.impact(m, cchc.datasets.lai_chau_2025()).summary
    _print_table([(str(r.iloc[0]), f"{num(r.iloc[1]):>18} → {num(r.iloc[2]):>18}  ({num(r.iloc[4])}%)")
                  for _, r in impact.iterrows()],
                 "The 1 July 2025 two-tier reform: cchc.datasets.lai_chau_2025() against 2021")

    scenario = demo_scenario()
    cost = cchc.compliance_cost(m, scenario=scenario)
    _print_table(
        [
            ("scenario", scenario.name),
            ("before", f"{cost.before / 1e9:,.2f} bn VND/yr"),
            ("after", f"{cost.after / 1e9:,.2f} bn VND/yr"),
            ("saving", f"{cost.saving / 1e9:,.2f} bn VND/yr ({cost.saving_pct:.2f}%)"),
            ("meets Resolution 68 (≥ 20% cut)", "yes" if cost.meets_resolution_68 else "no"),
        ],
        "Compliance cost (chi phí tuân thủ), Standard Cost Model / Circular 02/2017",
    )
    top = cost.by_procedure.sort_values("saving", ascending=False).head(5)
    _print_table([(str(r.code), f"{r.saving / 1e6:,.0f} M VND/yr — {r.name}") for r in top.itertuples()],
                 "Largest savings")

    with warnings.catch_warnings(record=True) as caught:  # shown once, under the table, not as tracebacks
        warnings.simplefilter("always")
        # Dossier rows kept: the service index computes its progress and online criteria from them.
        base = cchc.simulate(m, days=args.days, replications=2, seed=1, progress=False, keep_dossiers=True)
        after = cchc.simulate(m, scenario=scenario, days=args.days, replications=2, seed=1, progress=False,
                              keep_dossiers=False)
    b, a = base.summary()["mean"], after.summary()["mean"]
    _print_table(
        [
            ("dossiers", f"{b['dossiers']:,.0f} → {a['dossiers']:,.0f}"),
            ("on time", f"{base.on_time_rate:.1%} → {after.on_time_rate:.1%}"),
            ("mean lead time (working days)", f"{b['lead_time_mean_days']:.2f} → {a['lead_time_mean_days']:.2f}"),
            ("trips per dossier", f"{b['trips_per_dossier']:.2f} → {a['trips_per_dossier']:.2f}"),
        ],
        f"Service simulation, {args.days} days from 2021-01-01, 2 replications (before → after the scenario)",
    )
    for note in dict.fromkeys(str(w.message) for w in caught):
        print(f"  note: {note}")

    comp = cchc.training.compliance(m, as_of="2021-06-30", by=[])
    gaps = cchc.training.gaps(m, as_of="2021-06-30")
    by_req = gaps.groupby("requirement", observed=True).size().sort_values(ascending=False).head(4)
    _print_table(
        [("compliance rate", f"{comp['compliance_rate'].iloc[0]:.1%}"),
         ("people with a gap", f"{gaps['person'].nunique():,}")]
        + [(f"  {k}", f"{v:,} gaps") for k, v in by_req.items()],
        "Training (bồi dưỡng) on 2021-06-30",
    )
    agencies = m.agencies.to_pandas()
    places = agencies.loc[agencies["kind"].isin(["provincial_people_committee", "district_people_committee"]), "code"]
    sessions = pd.DataFrame([{"course": course, "start": "2022-03-01", "end": "2022-03-20", "place": place,
                              "seats": 40, "cost_per_seat": 3_000_000}
                             for course in ["QLNN-CV", "LD-PHONG", "CDX-CC"] for place in places])
    plan = cchc.training.plan(m, year=2022, budget=2_000_000_000, sessions=sessions).summary()
    _print_table(
        [("sessions offered", f"{len(sessions)} ({', '.join(sessions['course'].unique())}, 40 seats each)"),
         ("people trained", f"{plan['people_trained']:,}"),
         ("budget used", f"{plan['budget_used'] / 1e6:,.0f} of 2,000 M VND"),
         ("gaps closed", f"{plan['gaps_closed']:,} of {plan['gaps']:,}")],
        "Training plan 2022 (cchc.training.plan: budget, seats, days away, no overlaps)",
    )

    inspection = cchc.inspection.plan(m, year=2022, fraction=0.30, seed=7)
    _print_table(
        [(str(r.stratum), f"{r.selected} of {r.units} (required {r.required}, {r.achieved:.0%})")
         for r in inspection.strata.itertuples()],
        f"Inspection plan 2022 (≥ 30% per stratum, every unit within {inspection.cycle_years} years)",
    )
    first = inspection.selections.sort_values("risk", ascending=False).head(5)
    _print_table([(f"{r.month:>2}/2022 {r.agency}", f"risk {r.risk:.2f} — {r.explanation}")
                  for r in first.itertuples()], "Riskiest units selected")

    service = cchc.scorecard(m, "service_index", results={"simulation": base, "inspection": inspection})
    ranking = service.ranking().head(5)
    # Criteria without an input (survey, manual counts) are not scored: say out of how many points each unit
    # was scored rather than print a total that silently counts them as 0.
    leaves = service.criteria[service.criteria["leaf"]]
    computed = leaves[~leaves["missing"].astype(bool)].groupby("unit", observed=True)["max"].sum()
    _print_table([(f"{r['rank']}. {r['unit']}", f"{r['total']:.1f} of the {computed.get(r['unit'], 0):g} points "
                   f"computed — {r['name']}") for _, r in ranking.iterrows()],
                 "Service index (Decision 766/QĐ-TTg), criteria computed from the simulation only "
                 "(the others need recorded inputs)")
    return 0


def _cost(args: argparse.Namespace) -> int:
    m = _model(args.model)
    scenario = cchc.Scenario.load(args.scenario) if args.scenario else None
    report = cchc.compliance_cost(m, scenario=scenario)
    print(report)
    text = report.to_markdown(lang=args.lang)
    if args.out:
        write_text(args.out, text)
        print(f"plan table written to {args.out}")
    else:
        print(text)
    return 0


def _simulate(args: argparse.Namespace) -> int:
    m = _model(args.model)
    scenario = cchc.Scenario.load(args.scenario) if args.scenario else None
    result = cchc.simulate(m, scenario=scenario, start=args.start, days=args.days, replications=args.replications,
                           seed=args.seed, progress=not args.quiet, keep_dossiers=bool(args.event_log))
    print(result.summary().to_string())
    print(result.by_agency().head(args.top).to_string())
    if args.event_log:
        print(f"event log written to {result.write_event_log(args.event_log)}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    try:
        with warnings.catch_warnings():  # unknown fields are listed below with the other problems
            warnings.simplefilter("ignore", cchc.UnknownFieldWarning)
            m = cchc.load(args.file, strict=args.strict)
    except ValidationError as exc:  # the list of problems is this command's output
        errors = [p for p in exc.problems if p.severity == "error"]
        print(f"{args.file}: invalid, {len(errors)} error(s)")
        for p in exc.problems:
            print(f"  {p}")
        return EXIT_DATA_ERROR
    problems = m.validate()
    # What the file holds; summary() counts only what is valid on as_of, said as such.
    held = f"{len(m.agencies)} agencies, {len(m.procedures)} procedures, {len(m.people)} people"
    s = m.summary()
    if m.as_of and (s["agencies"], s["people"]) != (len(m.agencies), len(m.people)):
        held += f"; on {m.as_of}: {s['agencies']} agencies valid, {s['people']} people serving"
    print(f"{args.file}: valid ({held}); {len(problems)} warning(s)")
    for p in problems:
        print(f"  {p}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    m = cchc.load(args.input, strict=args.strict)
    m.save(args.output, indent=args.indent)
    print(f"{args.input} → {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``cchc`` command."""
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="Administrative-reform (cải cách hành chính) analytics for Vietnamese provinces.",
    )
    parser.add_argument("--version", action="version", version=f"cchc {cchc.__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the Python traceback of an error (also: environment CCHC_DEBUG=1)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = sub.add_parser("demo", help="summarise and analyse the embedded Lai Châu 2021 province",
                          description="Load the embedded Lai Châu 2021 model and print its summary, the organisation "
                                      "findings, a simplification scenario's compliance cost and simulated service, "
                                      "training compliance and an inspection plan.")
    demo.add_argument("--days", type=positive_int, default=60, help="simulated days (default 60)")
    demo.set_defaults(run=_demo)

    cost = sub.add_parser("cost", help="compliance cost before/after a scenario",
                          description="Compliance cost (Circular 02/2017, Standard Cost Model) of MODEL, before and "
                                      "after an optional scenario; prints the simplification-plan table.")
    cost.add_argument("model", help="model file, or lai_chau_2021 for the embedded province")
    cost.add_argument("--scenario", help="scenario JSON (cchc.Scenario.save)")
    cost.add_argument("--out", type=output_path, help="write the plan table (Markdown) here")
    cost.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the plan table")
    cost.set_defaults(run=_cost)

    simulate = sub.add_parser("simulate", help="simulate dossiers through desks and agencies",
                              description="Discrete-event simulation of MODEL's dossiers on the working calendar.")
    simulate.add_argument("model", help="model file, or lai_chau_2021 for the embedded province")
    simulate.add_argument("--scenario", help="scenario JSON applied first")
    simulate.add_argument("--start", type=iso_date, default="2021-01-01", help="first day (YYYY-MM-DD)")
    simulate.add_argument("--days", type=positive_int, default=365)
    simulate.add_argument("--replications", type=positive_int, default=10)
    simulate.add_argument("--seed", type=non_negative_int, default=1)
    simulate.add_argument("--top", type=non_negative_int, default=15, help="agencies shown")
    simulate.add_argument("--event-log", type=output_file(_event_log_format),
                          help="write the event log for process-mining tools (.csv, values as they are; or "
                               ".parquet with pyarrow)")
    simulate.add_argument("--quiet", action="store_true", help="no progress bar")
    simulate.set_defaults(run=_simulate)

    validate = sub.add_parser("validate", help="check a model file and list every problem",
                              description="Load FILE (.json, .json.gz) and list every problem with its JSON "
                                          "pointer. Exit code 1 when invalid.")
    validate.add_argument("file", help="model file")
    validate.add_argument("--strict", action="store_true", help="treat unknown fields as errors")
    validate.set_defaults(run=_validate)

    convert = sub.add_parser("convert", help="convert between model formats",
                             description="Load IN and save it as OUT; the formats follow the extensions "
                                         "(.json, .json.gz). The save is atomic.")
    convert.add_argument("input", metavar="IN")
    convert.add_argument("output", metavar="OUT", type=output_file(save_format))
    convert.add_argument("--indent", type=int, default=None, help="pretty-print JSON with this indent")
    convert.add_argument("--strict", action="store_true", help="treat unknown fields as errors")
    convert.set_defaults(run=_convert)

    from cchc.report import add_report_command

    add_report_command(sub)
    return parser


def error_line(exc: BaseException) -> str:
    """One line for an error: a file error as ``file: reason``; a multi-line message (every
    problem of a ValidationError) cut to its first two lines and a count of the rest."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        return f"{where}{exc.strerror}"
    if isinstance(exc, MemoryError):
        return f"out of memory{': ' + str(exc) if str(exc) else ''}"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
    if not isinstance(exc, (Error, ValueError)):
        lines[0] = f"{type(exc).__name__}: {lines[0]}"
    text = lines[0] if len(lines) == 1 else f"{lines[0]}; {lines[1]}"
    if len(lines) > 2:
        text += f" (and {len(lines) - 2} more)"
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cchc`` command: the command's exit code (see the module's docstring)."""
    parser = build_parser()
    args = parser.parse_args(argv)  # a usage error exits here with 2
    debug = args.debug or os.environ.get("CCHC_DEBUG", "") not in ("", "0")
    prog = f"{parser.prog} {args.command}"

    def show_warning(message: Warning | str, category: type[Warning], *rest: Any, **kw: Any) -> None:
        print(f"{prog}: warning: {message}", file=sys.stderr)

    with warnings.catch_warnings():
        if not debug:
            warnings.showwarning = show_warning  # one line, not the source line of the warning
        try:
            return int(args.run(args))
        except KeyboardInterrupt:
            if debug:
                raise
            print(f"{prog}: interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:  # the reader went away (cchc demo | head): stop quietly, as a shell tool does
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the exit flush must not fail again
            return 141
        except Exception as exc:  # noqa: BLE001 — a command ends with one line, not a traceback
            if debug:
                raise
            hint = "" if isinstance(exc, (Error, OSError, ValueError, MemoryError)) else " (--debug shows where)"
            print(f"{prog}: error: {error_line(exc)}{hint}", file=sys.stderr)
            return EXIT_DATA_ERROR


if __name__ == "__main__":
    sys.exit(main())
