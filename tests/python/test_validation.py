"""Every class of bad input yields a precise error naming the place, through
``cchc.load`` and through ``cchc validate``; none crashes the interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import dumps

import cchc
from cchc.cli import main


def write(tmp_path: Path, doc: Any, name: str = "bad.json") -> Path:
    path = tmp_path / name
    path.write_bytes(doc if isinstance(doc, bytes) else dumps(doc).encode("utf-8"))
    return path


def problems_of(path: Path, strict: bool = False) -> list[cchc.Problem]:
    with pytest.raises(cchc.ValidationError) as info:
        cchc.load(path, strict=strict)
    assert str(path) in str(info.value)
    return info.value.errors


def cli_lines(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["validate", str(path), *extra])
    return code, capsys.readouterr().out


def check(tmp_path, capsys, doc, expected: list[tuple[str, str]], strict: bool = False):
    """The load and the CLI both report exactly these (pointer, message fragment) errors."""
    path = write(tmp_path, doc)
    errors = problems_of(path, strict)
    assert len(errors) == len(expected), [str(e) for e in errors]
    for (pointer, fragment), error in zip(sorted(expected), sorted(errors, key=lambda e: e.path), strict=True):
        assert error.path == pointer, str(error)
        assert fragment in error.message, str(error)
    code, out = cli_lines(path, capsys, *(["--strict"] if strict else []))
    assert code == 1
    for pointer, fragment in expected:
        assert pointer in out and fragment in out
    return errors


def test_the_fixture_is_valid(small, tmp_path, capsys):
    path = write(tmp_path, small, "good.json")
    assert cchc.load(path).summary()["procedures"] == 2
    code, out = cli_lines(path, capsys)
    assert code == 0 and "valid" in out


def test_malformed_json_gives_line_and_column(tmp_path, capsys):
    text = b'{\n  "format": "cchc",\n  "version": 1,\n  "name": "x"\n  "agencies": []\n}'
    errors = check(tmp_path, capsys, text, [("", "malformed JSON at line 5, column 12")])  # end of the unexpected token
    assert "expected '}'" in errors[0].message or "unexpected string" in errors[0].message


def test_truncated_and_empty_files(tmp_path, capsys):
    check(tmp_path, capsys, b'{"format": "cchc", "version": 1, "agencies": [', [("", "malformed JSON at line 1")])
    check(tmp_path, capsys, b"", [("", "malformed JSON at line 1, column 1")])


def test_wrong_types(small, tmp_path, capsys):
    small["agencies"][1]["headcount"] = "many"
    small["procedures"][0]["trips"] = 1.5
    small["procedures"][0]["steps"] = {"name": "x"}
    small["people"][0]["training"][0]["certificate"] = "yes"
    check(tmp_path, capsys, small, [
        ("/agencies/1/headcount", "must be an integer, got a string"),
        ("/procedures/0/trips", "must be an integer, got 1.5"),
        ("/procedures/0/steps", "must be an array, got an object"),
        ("/people/0/training/0/certificate", "must be true or false, got a string"),
    ])


def test_missing_required_fields(small, tmp_path, capsys):
    del small["agencies"][2]["name"]
    del small["procedures"][1]["levels"]
    del small["people"][1]["gender"]
    del small["name"]
    check(tmp_path, capsys, small, [
        ("/agencies/2/name", "required field 'name' is missing"),
        ("/name", "required field 'name' is missing"),
        ("/people/1/gender", "required field 'gender' is missing"),
        ("/procedures/1/levels", "required field 'levels' is missing"),
    ])


def test_duplicate_codes(small, tmp_path, capsys):
    small["agencies"][2]["code"] = "SNV"
    small["people"][1]["id"] = "P1"
    small["procedures"][1]["code"] = "1.001193"
    # References to "STP" now dangle too: the duplicate hides it.
    small["tasks"][0]["assignments"][1]["agency"] = "SNV"
    small["tasks"][1]["assignments"][1]["agency"] = "UBT"
    errors = check(tmp_path, capsys, small, [
        ("/agencies/2/code", "duplicate code 'SNV' (first at /agencies/0"[:24]),
        ("/people/1/id", "duplicate id 'P1' (first at /people/0)"),
        ("/procedures/1/code", "duplicate code '1.001193' (first at /procedures/0)"),
        ("/tasks/0/assignments/1", "assigned twice over overlapping validity periods"),
    ])
    assert "first at /agencies/1" in errors[0].message


def test_dangling_references_name_the_closest_codes(small, tmp_path, capsys):
    small["agencies"][4]["parent"] = "H2"
    small["people"][0]["agency"] = "SNVV"
    small["tasks"][0]["assignments"][0]["agency"] = "XYZ"
    small["procedures"][0]["volumes"][0]["agency"] = "X9"
    small["procedures"][0]["legal_basis"] = ["60/2014/QH14"]
    small["procedures"][1]["steps"][1]["responsible"] = "UBX"
    small["documents"][0]["procedures"] = ["1.001194"]
    small["people"][0]["training"][1]["course"] = "CNKT2"
    check(tmp_path, capsys, small, [
        ("/agencies/4/parent", "unknown parent agency 'H2'; closest: H1"),
        ("/documents/0/procedures/0", "unknown procedure '1.001194'; closest: 1.001193"),
        ("/people/0/agency", "unknown agency 'SNVV'; closest: SNV"),
        ("/people/0/training/1/course", "unknown course 'CNKT2'; closest: CNKT"),
        ("/procedures/0/legal_basis/0", "unknown legal document '60/2014/QH14'; closest: 60/2014/QH13"),
        ("/procedures/0/volumes/0/agency", "unknown implementing agency 'X9'; closest: X1"),
        ("/procedures/1/steps/1/responsible", "unknown responsible agency 'UBX'; closest: UBT"),
        ("/tasks/0/assignments/0/agency", "unknown agency 'XYZ'"),
    ])


def test_cycles_in_the_agency_tree(small, tmp_path, capsys):
    small["agencies"][0]["parent"] = "X1"  # UBT → X1 → H1 → UBT
    errors = check(tmp_path, capsys, small, [("/agencies/0/parent", "cycle in the agency tree")])
    assert "UBT → X1 → H1 → UBT" in errors[0].message or "H1 → UBT → X1 → H1" in errors[0].message \
        or "X1 → H1 → UBT → X1" in errors[0].message
    small["agencies"][0]["parent"] = "UBT"
    check(tmp_path, capsys, small, [("/agencies/0/parent", "agency is its own parent")])


def test_overlapping_validity_periods_and_reversed_periods(small, tmp_path, capsys):
    small["tasks"][0]["assignments"] = [
        {"agency": "SNV", "role": "chair", "valid_from": "2015-01-01", "valid_to": "2021-06-30"},
        {"agency": "SNV", "role": "chair", "valid_from": "2021-06-01"},
        {"agency": "STP", "role": "chair", "valid_from": "2021-07-01"},
    ]
    small["agencies"][2]["valid_to"] = "2001-01-01"  # before valid_from 2008-01-01
    check(tmp_path, capsys, small, [
        ("/agencies/2/valid_to", "validity ends (2001-01-01) before it starts (2008-01-01)"),
        ("/tasks/0/assignments/1", "agency 'SNV' is assigned twice over overlapping validity periods"),
    ])


def test_negative_numbers(small, tmp_path, capsys):
    small["procedures"][0]["steps"][1]["duration"] = -3
    small["procedures"][1]["fees"][0]["amount"] = -75000
    small["procedures"][1]["volumes"][0]["annual"] = -0.5
    small["procedures"][1]["components"][0]["copies"] = -1
    check(tmp_path, capsys, small, [
        ("/procedures/0/steps/1/duration", "step duration must not be negative, got -3"),
        ("/procedures/1/components/0/copies", "copies must not be negative, got -1"),
        ("/procedures/1/fees/0/amount", "fee amount must not be negative, got -75000"),
        ("/procedures/1/volumes/0/annual", "annual volume must not be negative, got -0.5"),
    ])


def test_infinite_numbers_are_located(small, tmp_path, capsys):
    small["procedures"][1]["volumes"][0]["annual"] = 123.25
    text = dumps(small).replace("123.25", "1e999").encode()
    column = text.decode().index("1e999") + 1
    check(tmp_path, capsys, text, [
        ("", f"malformed JSON at line 1, column {column}: number 1e999 is infinite as a double"),
    ])


def test_nan_is_named_as_not_a_json_number(small, tmp_path, capsys):
    small["procedures"][0]["steps"][1]["duration"] = float("nan")
    text = dumps(small).encode()  # Python writes the non-standard token NaN
    errors = check(tmp_path, capsys, text, [("", "NaN and Infinity are not JSON numbers")])
    assert "line 1, column" in errors[0].message


def test_impossible_dates(small, tmp_path, capsys):
    small["agencies"][2]["valid_from"] = "2021-02-30"
    small["people"][0]["entered"] = "10/03/2010"
    small["documents"][0]["effective"] = "2013-01-01"  # before issued 2014-11-20
    small["people"][0]["training"][0]["end"] = "2018-02-01"  # before start
    check(tmp_path, capsys, small, [
        ("/agencies/2/valid_from", "'2021-02-30' is not a valid date"),
        ("/documents/0/effective", "takes effect before it was issued"),
        ("/people/0/entered", "'10/03/2010' is not a valid date"),
        ("/people/0/training/0/end", "course ends before it starts"),
    ])


def test_invalid_utf8(small, tmp_path, capsys):
    text = dumps(small).encode("utf-8").replace("Sở Tư pháp".encode(), b"S\xff T\xc6 ph\xe1p")
    errors = check(tmp_path, capsys, text, [("", "invalid UTF-8")])
    assert "line 1, column" in errors[0].message


def test_unknown_enum_values_list_the_allowed_ones(small, tmp_path, capsys):
    small["agencies"][1]["kind"] = "ministry"
    small["procedures"][0]["online_level"] = "level4"
    small["people"][0]["category"] = "công chức"
    check(tmp_path, capsys, small, [
        ("/agencies/1/kind", "unknown value 'ministry'; allowed: provincial_people_committee, department"),
        ("/people/0/category", "unknown value 'công chức'; allowed: can_bo, cong_chuc, vien_chuc"),
        ("/procedures/0/online_level", "unknown value 'level4'; allowed: none, partial, full"),
    ])


def test_unknown_fields_warn_and_fail_under_strict(small, tmp_path, capsys):
    small["agencies"][0]["phone"] = "0213"
    small["procedures"][0]["components"][0]["pages"] = 2
    path = write(tmp_path, small)
    m = cchc.load(path)
    warnings = [p for p in m.validate() if "unknown field" in p.message]
    assert [p.path for p in warnings] == ["/agencies/0/phone", "/procedures/0/components/0/pages"]
    code, out = cli_lines(path, capsys)
    assert code == 0 and "/agencies/0/phone" in out
    check(tmp_path, capsys, small, [
        ("/agencies/0/phone", "unknown field 'phone'"),
        ("/procedures/0/components/0/pages", "unknown field 'pages'"),
    ], strict=True)


def test_foreign_documents_and_future_versions(small, tmp_path, capsys):
    check(tmp_path, capsys, [1, 2], [("", "the document must be a JSON object, got an array")])
    check(tmp_path, capsys, {"type": "FeatureCollection"}, [
        ("/format", "required field 'format' is missing"),
        ("/name", "required field 'name' is missing"),
        ("/version", "required field 'version' is missing"),
        ("/agencies", "required field 'agencies' is missing"),
    ][:0] + [("/agencies", "required field"), ("/format", "required field"), ("/name", "required field"),
             ("/type", "unknown field"), ("/version", "required field")], strict=True)
    small["version"] = 2
    check(tmp_path, capsys, small, [("/version", "format version 2 is not supported; this cchc reads version 1 "
                                                 "(upgrade cchc)")])


def test_every_problem_is_reported_at_once_and_nothing_is_half_built(small, tmp_path):
    for person in small["people"]:
        person["agency"] = "NOWHERE"
    small["agencies"][3]["level"] = "county"
    path = write(tmp_path, small)
    errors = problems_of(path)
    assert [e.path for e in errors] == ["/agencies/3/level", "/people/0/agency", "/people/1/agency"]
    assert all(e.code for e in errors)  # each names the entity


def test_bad_gzip_is_a_validation_error(tmp_path):
    path = tmp_path / "m.json.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(cchc.ValidationError, match="not a valid gzip file"):
        cchc.load(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(cchc.Error, match="cannot read"):
        cchc.load(tmp_path / "absent.json")


def test_the_installed_command_reports_and_exits_1(small, tmp_path):
    small["agencies"][4]["parent"] = "H2"
    path = write(tmp_path, small)
    run = subprocess.run([sys.executable, "-m", "cchc", "validate", str(path)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "/agencies/4/parent [X1]: unknown parent agency 'H2'; closest: H1" in run.stdout


def test_channel_shares_must_be_within_0_and_1(small, tmp_path, capsys):
    small["procedures"][0]["online_share"] = 1.5
    small["procedures"][1]["postal_share"] = -0.1
    check(tmp_path, capsys, small, [
        ("/procedures/0/online_share", "online_share must be within [0, 1], got 1.5"),
        ("/procedures/1/postal_share", "postal_share must be within [0, 1], got -0.1"),
    ])


def test_damaged_gzip_is_named_and_gzip_members_are_read_in_turn(small, tmp_path):
    import gzip

    text = dumps(small).encode("utf-8")
    whole = gzip.compress(text, mtime=0)
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(cchc.ValidationError, match="not a valid gzip file: truncated"):
        cchc.load(cut)
    # Two members (as `cat a.gz b.gz` makes) are one document, like gzip(1) reads them.
    two = tmp_path / "two.json.gz"
    two.write_bytes(gzip.compress(text[:100], mtime=0) + gzip.compress(text[100:], mtime=0))
    assert cchc.load(two).to_json() == cchc.loads(text).to_json()


def test_syntax_errors_also_say_where_the_bad_token_starts(tmp_path, capsys):
    text = b'{\n  "format": "cchc",\n  "version": 1,\n  "name": "x"\n  "agencies": []\n}'
    errors = check(tmp_path, capsys, text, [("", "malformed JSON at line 5, column 12")])
    assert errors[0].message.endswith("; the token starts at line 5, column 3")


def test_people_may_come_before_the_agencies_they_name(small, tmp_path, capsys):
    # The writer puts people last and they are read in one pass; any other order reads
    # them again once the whole document is known, with the same errors and hints.
    small["people"][0]["agency"] = "SNW"
    moved = {"people": small.pop("people"), **small}
    errors = check(tmp_path, capsys, moved, [("/people/0/agency", "unknown agency 'SNW'; closest: SNV")])
    assert errors[0].code == "P1"
