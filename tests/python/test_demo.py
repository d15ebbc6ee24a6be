"""`cchc demo`, the README's first command: every section prints, and simulation warnings become notes."""

import warnings

from cchc.cli import main


def test_demo_prints_every_section_and_no_raw_warning(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning escaping the demo would fail here
        assert main(["demo", "--days", "20"]) == 0
    out = capsys.readouterr().out
    for heading in ("Compliance cost", "Service simulation, 20 days", "Training (bồi dưỡng) on 2021-06-30",
                    "Training plan 2022", "Inspection plan 2022", "Service index"):
        assert heading in out, heading
    # every agency with steps records a headcount in the sample: no staffing note
    notes = [line for line in out.splitlines() if line.startswith("  note: ")]
    assert not notes, notes
    # a scenario that moves procedures online saves citizens trips
    trips = next(line for line in out.splitlines() if line.strip().startswith("trips per dossier"))
    before, after = (float(x) for x in trips.split()[-3::2])
    assert after < before
