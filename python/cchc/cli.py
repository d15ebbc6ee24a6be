"""The ``cchc`` command line: ``demo``, ``validate``, ``convert``.

Also runs as ``python -m cchc``. Every command has ``--help``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import cchc
from cchc.errors import Error, ValidationError


def _print_table(rows: list[tuple[str, str]], title: str) -> None:
    print(f"\n{title}")
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")


def _demo(args: argparse.Namespace) -> int:
    m = cchc.datasets.lai_chau_2021()
    s = m.summary()
    print(f"cchc {cchc.__version__} — {m.name} (as of {m.as_of})")
    _print_table(
        [
            ("district-level units", f"{s['district_level_units']}"),
            ("commune-level units", f"{s['commune_level_units']}"),
            ("agencies and units (all)", f"{s['agencies']:,}"),
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
        "The province",
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
    return 0


def _validate(args: argparse.Namespace) -> int:
    try:
        m = cchc.load(args.file, strict=args.strict)
    except ValidationError as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        print(f"{args.file}: invalid, {len(errors)} error(s)")
        for p in exc.problems:
            print(f"  {p}")
        return 1
    except Error as exc:
        print(f"{args.file}: {exc}")
        return 1
    problems = m.validate()
    print(f"{args.file}: valid ({m.summary()['agencies']} agencies, {len(m.procedures)} procedures, "
          f"{len(m.people)} people); {len(problems)} warning(s)")
    for p in problems:
        print(f"  {p}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    try:
        m = cchc.load(args.input, strict=args.strict)
        m.save(args.output, indent=args.indent)
    except ValidationError as exc:
        print(f"{args.input}: invalid, not converted")
        for p in exc.problems:
            print(f"  {p}")
        return 1
    except (Error, ValueError) as exc:
        print(f"cannot convert: {exc}")
        return 1
    print(f"{args.input} → {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``cchc`` command."""
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="Administrative-reform (cải cách hành chính) analytics for Vietnamese provinces.",
    )
    parser.add_argument("--version", action="version", version=f"cchc {cchc.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = sub.add_parser("demo", help="summarise the embedded Lai Châu 2021 province",
                          description="Load the embedded Lai Châu 2021 model and print its summary and analyses.")
    demo.set_defaults(run=_demo)

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
    convert.add_argument("output", metavar="OUT")
    convert.add_argument("--indent", type=int, default=None, help="pretty-print JSON with this indent")
    convert.add_argument("--strict", action="store_true", help="treat unknown fields as errors")
    convert.set_defaults(run=_convert)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cchc`` command."""
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
