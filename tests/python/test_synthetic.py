"""The national-scale synthetic generator, at small sizes."""

from __future__ import annotations

import numpy as np
import pytest

from cchc import snapshot
from cchc.datasets.synthetic import synthetic


def small(seed: int = 0, **kw):
    args = dict(provinces=3, communes=25, people=3000, records_per_person=5, seed=seed,
                province_procedures=40, commune_procedures=12, population=2_000_000)
    args.update(kw)
    return synthetic(**args)


def test_deterministic_for_a_seed() -> None:
    assert snapshot.dumps(small(11)) == snapshot.dumps(small(11))
    assert snapshot.dumps(small(11)) != snapshot.dumps(small(12))


def test_sizes_and_structure() -> None:
    m = small()
    s = m.summary()
    assert len(m.people) == 3000 and 0 < s["people"] <= 3000  # summary: serving on as_of
    assert s["procedures"] == 52
    ag = m.agencies.to_pandas()
    assert (ag["kind"] == "commune_people_committee").sum() == 25
    assert (ag["kind"] == "provincial_people_committee").sum() == 3
    assert not (ag["level"] == "district").any()  # two-tier government from 2025-07-01
    communes = ag[ag["kind"] == "commune_people_committee"]
    assert communes["population"].sum() == 2_000_000
    people = m.people.to_pandas()
    # Every category present; public employees (viên chức) are the majority, as nationally.
    shares = people["category"].value_counts(normalize=True)
    assert shares["vien_chuc"] > 0.5 and shares["can_bo"] > 0 and shares["cong_chuc"] > 0.1
    assert people["birth_year"].between(2025 - 60, 2025 - 22).all()
    # Records: mean close to the option, none after as_of unless still attending.
    rec = m.training_records.to_pandas()
    assert abs(len(rec) / 3000 - 5) < 0.4
    late = rec["end"] > np.datetime64("2025-12-31")
    assert (rec.loc[late, "result"] == "attending").all()
    # Valid apart from the planted overlaps (0.5% of tasks get a second chair): one problem per
    # task with two chairs, at that task's pointer, and nothing else.
    tasks = m.tasks.to_pandas()["code"].astype(str).tolist()
    a = m.tasks.assignments.to_pandas()
    chairs = (a["role"] == "chair").groupby(a["task"].astype(str)).sum()
    doubled = sorted(tasks.index(code) for code in chairs[chairs == 2].index)
    problems = m.validate()
    assert all(p.message.startswith("2 chairing agencies") for p in problems), problems
    assert sorted(int(p.path.split("/")[2]) for p in problems) == doubled
    assert 0 < len(doubled) <= 0.02 * len(tasks)


def test_dossier_volumes_follow_residents() -> None:
    m = small(dossiers_per_resident=0.5)
    vol = m.procedures.volumes.to_pandas()
    # Annual dossiers = dossiers_per_resident x residents (70% commune, 30% province).
    assert vol["annual"].sum() == pytest.approx(0.5 * 2_000_000, rel=1e-9)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="communes"):
        synthetic(provinces=5, communes=3, people=10)
    with pytest.raises(ValueError, match="as_of"):
        synthetic(provinces=1, communes=1, people=10, as_of="31/12/2025")
