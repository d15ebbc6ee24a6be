"""Hostile JSON (issue 14): what crashed the interpreter, what loaded silently and what was
misreported. Cases that could crash run in a subprocess and assert its exit status and message.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

import cchc

HEAD = ('{"format":"cchc","version":1,"name":"h",'
        '"agencies":[{"code":"A","name":"Sở","kind":"department","level":"province"}]')
DOC = HEAD + "}"


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import cchc, sys\n" + code, *args],
                          capture_output=True, text=True, timeout=300)


def only_problem(exc: pytest.ExceptionInfo[cchc.ValidationError]) -> str:
    assert len(exc.value.problems) == 1, exc.value.problems
    return exc.value.problems[0].message


# 1. Writer indents -------------------------------------------------------------------------

INDENT_ERROR = "indent must be 0..64 spaces (or -1 / None for compact JSON), got {}"


@pytest.mark.parametrize("indent", [65, 1025, 10**6])
def test_indents_beyond_the_maximum_are_refused_not_written_from_stray_memory(indent, tmp_path):
    r = run("m = cchc.loads(sys.argv[1])\n"
            "for f in (lambda: m.to_json(indent=int(sys.argv[2])), lambda: m.save(sys.argv[3], indent=int(sys.argv[2]))):\n"
            "    try:\n        f()\n    except ValueError as e:\n        print(e)\n",
            DOC, str(indent), str(tmp_path / "m.json"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [INDENT_ERROR.format(indent)] * 2
    assert not list(tmp_path.iterdir())  # refused before any (temporary) file


def test_the_largest_indent_writes_valid_json():
    m = cchc.loads(DOC)
    text = m.to_json(indent=64)
    assert b"\0" not in text
    assert json.loads(text) == json.loads(m.to_json())
    assert text.startswith(b'{\n' + b" " * 64 + b'"format"')


# 2. Nesting depth --------------------------------------------------------------------------

DEEP = HEAD + ',"x":' + "[" * 150_000 + "]" * 150_000 + "}"
DEPTH_ERROR = "malformed JSON at line 1, column {}: arrays and objects nested deeper than 256 levels"


@pytest.mark.parametrize("how", ["loads", "load", "load_gz", "validate"])
def test_deep_nesting_is_a_validation_error_with_line_and_column(how, tmp_path):
    column = len(HEAD) + len(',"x":') + 256  # columns count characters
    path = tmp_path / ("deep.json.gz" if how == "load_gz" else "deep.json")
    path.write_bytes(gzip.compress(DEEP.encode()) if how == "load_gz" else DEEP.encode())
    if how == "validate":
        r = subprocess.run([sys.executable, "-m", "cchc", "validate", str(path)], capture_output=True, text=True,
                           timeout=300)
        assert r.returncode not in (0, -11), r.stderr
        assert DEPTH_ERROR.format(column) in r.stdout + r.stderr
        return
    code = "cchc.loads(open(sys.argv[1], 'rb').read())" if how == "loads" else "cchc.load(sys.argv[1])"
    r = run(f"try:\n    {code}\nexcept cchc.ValidationError as e:\n    print([p.message for p in e.problems])",
            str(path))
    assert r.returncode == 0, r.stderr  # was -11 (SIGSEGV)
    assert r.stdout.strip() == repr([DEPTH_ERROR.format(column)])


def test_scenarios_and_packs_refuse_deep_nesting_too(tmp_path):
    deep = '{"format":"cchc-scenario","version":1,"actions":' + "[" * 100_000 + "]" * 100_000 + "}"
    (tmp_path / "deep.json").write_text(deep)
    r = run("try:\n    cchc.Scenario.load(sys.argv[1])\nexcept cchc.ScenarioError as e:\n    print(e)",
            str(tmp_path / "deep.json"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ("scenario: not valid JSON: malformed JSON at line 1, column 304: "
                                "arrays and objects nested deeper than 256 levels")
    with pytest.raises(cchc.ValidationError, match="nested deeper than 256 levels"):
        cchc.training.rules.loads("[" * 300 + "]" * 300)
    with pytest.raises(cchc.ValidationError, match="nested deeper than 256 levels"):
        cchc.scorecard.load_pack('{"x":' + "[" * 5000 + "]" * 5000 + "}")


# 3. Running out of memory in a part that is not streamed ----------------------------------

OOM = r"""
import resource
where = sys.argv[1]
big = "[" + ",".join(["[1,2,3,4,5,6,7,8]"] * 3_000_000) + "]"
agency = '{"code":"A","name":"S","kind":"department","level":"province"%s}'
head = '{"format":"cchc","version":1,"name":"o",'
doc = {
    "unknown": head + '"agencies":[' + agency % "" + '],"x":' + big + "}",
    "agency": head + '"agencies":[' + agency % (',"x":' + big) + "]}",
    "description": head + '"description":' + big + ',"agencies":[' + agency % "" + "]}",
}[where].encode()
del big
m = cchc.loads(DOC)
limit = int(open("/proc/self/statm").read().split()[0]) * 4096 + 250_000_000
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    cchc.loads(doc)
except MemoryError:
    print("MemoryError")
print(m.agencies.to_pandas()["code"].tolist())
"""


@pytest.mark.parametrize("where", ["unknown", "agency", "description"])
def test_running_out_of_memory_in_the_dom_is_a_memory_error(where):
    r = run(f"DOC = {DOC!r}\n" + OOM, where)
    assert r.returncode == 0, r.stderr  # was -6 (SIGABRT: bad_alloc thrown while freeing the DOM)
    assert r.stdout.splitlines() == ["MemoryError", "['A']"]


# 4. Directories, pipes, unreadable files ---------------------------------------------------

def test_a_directory_is_named_by_every_loader(tmp_path):
    for name in ("x.cchc", "x.json", "x.json.gz"):
        d = tmp_path / name
        d.mkdir()
        with pytest.raises(cchc.Error) as exc:
            cchc.load(d)
        assert str(exc.value).startswith("cannot read ") and str(d) in str(exc.value)
        assert str(exc.value).endswith(": Is a directory")


def test_an_unreadable_file_is_named(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "m.json"
    path.write_text(DOC)
    path.chmod(0)
    with pytest.raises(cchc.Error, match="Permission denied"):
        cchc.load(path)


def through_pipe(data: bytes, read: Any) -> Any:
    rfd, wfd = os.pipe()

    def feed() -> None:
        with os.fdopen(wfd, "wb") as w:
            w.write(data)

    t = threading.Thread(target=feed)
    t.start()
    try:
        return read(f"/dev/fd/{rfd}")
    finally:
        t.join()
        os.close(rfd)


def test_pipes_are_read_without_seeking():
    # A BOM, people before agencies (a second pass) and a syntax error: "Illegal seek" before.
    people_first = ('\ufeff{"format":"cchc","version":1,"name":"p","people":[{"id":"P","agency":"A",'
                    '"category":"cong_chuc","gender":"male"}],' + HEAD[HEAD.index('"agencies"'):] + "}").encode()
    m = through_pipe(people_first, cchc.load)
    assert m.people.to_pandas()["agency"].tolist() == ["A"]
    with pytest.raises(cchc.ValidationError) as exc:
        through_pipe(DOC[:-3].encode() + b"tru}", lambda p: cchc.load(p))
    assert only_problem(exc).startswith("malformed JSON at line 1, column ")


# 9. Content after the document -------------------------------------------------------------

def test_content_after_the_document_is_an_error(tmp_path):
    with pytest.raises(cchc.ValidationError) as exc:
        cchc.loads(DOC.encode() + b"\0garbage")
    assert only_problem(exc) == ("malformed JSON at line 1, column " + str(len(DOC) + 1) +
                                 ": unexpected content after the JSON value (a NUL byte)")
    path = tmp_path / "m.json"
    path.write_bytes(DOC.encode() + b"\n\0\0\0")
    r = subprocess.run([sys.executable, "-m", "cchc", "validate", str(path)], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode != 0
    assert "malformed JSON at line 2, column 1: unexpected content after the JSON value" in r.stdout + r.stderr


# 10. Huge numbers in scenarios and rule packs ----------------------------------------------

OVERFLOW = "number 1e400 is infinite as a double; durations, fees and volumes must be finite"


def test_huge_numbers_in_scenarios_and_packs_are_located_errors():
    with pytest.raises(cchc.ScenarioError) as exc:
        cchc.Scenario.from_json('{"format":"cchc-scenario","version":1,"actions":'
                                '[{"action":"set_trips","procedure":"*","trips":1e400}]}')
    assert str(exc.value) == "scenario: not valid JSON: malformed JSON at line 1, column 96: " + OVERFLOW
    with pytest.raises(cchc.ValidationError) as vexc:
        cchc.training.rules.loads('{"format":"cchc-training-rules",\n"version":1e400}', source="r.json")
    assert only_problem(vexc) == "malformed JSON at line 2, column 11: " + OVERFLOW
    with pytest.raises(cchc.ValidationError) as vexc:
        cchc.scorecard.load_pack('{"id": "x", "max": 1e400}')
    assert only_problem(vexc) == "malformed JSON at line 1, column 20: " + OVERFLOW  # where 1e400 starts


# 15. Messages that mislead -----------------------------------------------------------------

UTF16 = "the text is UTF-16; cchc reads JSON in UTF-8 only: save the file as UTF-8"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named(encoding, tmp_path):
    with pytest.raises(cchc.ValidationError) as exc:
        cchc.loads(DOC.encode(encoding))
    assert only_problem(exc) == UTF16
    path = tmp_path / "s.json"
    path.write_bytes('{"format":"cchc-scenario","version":1}'.encode(encoding))
    with pytest.raises(cchc.ScenarioError, match="UTF-16; cchc reads JSON in UTF-8 only"):
        cchc.Scenario.load(path)


def test_a_utf8_bom_loads():
    assert len(cchc.loads(b"\xef\xbb\xbf" + DOC.encode()).agencies) == 1


def test_out_of_range_numbers_say_the_number_as_written():
    base = json.loads(DOC)
    base["courses"] = [{"code": "C", "name": "K", "content": "other"}]
    base["people"] = [{"id": "P", "agency": "A", "category": "cong_chuc", "gender": "male",
                       "training": [{"course": "C", "start": "2020-01-01", "end": "2020-01-02", "periods": 0}]}]
    text = json.dumps(base).replace('"periods": 0', '"periods": 1e39')
    with pytest.raises(cchc.ValidationError) as exc:
        cchc.loads(text)
    assert exc.value.problems[0].path == "/people/0/training/0/periods"
    assert only_problem(exc) == "periods 1e+39 is out of range (at most 3.402823466e+38)"  # was "got inf"
    proc = json.loads(DOC)
    proc["procedures"] = [{"code": "T", "name": "Thủ tục", "field": "f", "levels": ["province"],
                           "methods": [{"channel": "in_person", "processing_time": 1}]}]
    with pytest.raises(cchc.ValidationError) as exc:
        cchc.loads(json.dumps(proc).replace('"processing_time": 1', '"processing_time": 1e300'))
    assert exc.value.problems[0].path == "/procedures/0/methods/0/processing_time"
    assert only_problem(exc) == "processing time is out of range: got 1e+300, at most 36500"


def test_a_nul_in_a_code_does_not_cut_the_message_short():
    doc = json.loads(DOC)
    doc["agencies"].append({"code": "B\0x", "name": "n", "kind": "department", "level": "province", "parent": "Z"})
    with pytest.raises(cchc.ValidationError) as exc:
        cchc.loads(json.dumps(doc))
    assert "\n  error at /agencies/1/parent [B\\u0000x]: unknown parent agency 'Z'; closest: A, B\\u0000x" in str(exc.value)
    assert exc.value.problems[0].code == "B\0x"  # the data itself is kept as it is


# 17. Unknown fields ------------------------------------------------------------------------

def test_unknown_fields_warn_once_per_file_naming_each_pointer(tmp_path):
    doc = json.loads(DOC)
    doc["procedures"] = [{"code": "T", "name": "Thủ tục", "field": "f", "levels": ["province"],
                          "fee": [{"name": "Lệ phí", "amount": 50000}]}]
    doc["agencies"][0]["phone"] = "0213"
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    for load in (lambda: cchc.load(path), lambda: cchc.loads(json.dumps(doc), source="m.json")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            load()
        assert [type(w.message) for w in caught] == [cchc.UnknownFieldWarning]
        w = caught[0].message
        assert isinstance(w, UserWarning)
        assert w.pointers == ["/agencies/0/phone", "/procedures/0/fee"]
        assert str(w).endswith("2 unknown field(s) ignored: /agencies/0/phone, /procedures/0/fee "
                               "(a misspelling? strict=True makes them errors)")
        assert caught[0].filename == __file__  # points at the caller's line
    with pytest.raises(cchc.ValidationError) as exc:
        cchc.load(path, strict=True)
    assert [p.path for p in exc.value.errors] == ["/agencies/0/phone", "/procedures/0/fee"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cchc.loads(DOC)  # a clean file: no warning


def test_other_readers_refuse_unknown_fields():
    with pytest.raises(cchc.ScenarioError, match="scenario at /actions/0/tripz: unknown field 'tripz' for action"):
        cchc.Scenario.from_json('{"format":"cchc-scenario","version":1,"actions":[{"action":"set_trips","tripz":1}]}')
    with pytest.raises(cchc.ValidationError, match="unknown field 'rule'"):
        cchc.training.rules.loads('{"format":"cchc-training-rules","version":1,"name":"r","rules":[],"rule":[]}')

