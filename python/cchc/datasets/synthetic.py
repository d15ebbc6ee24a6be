"""National-scale synthetic models (C++ generator; see ``docs/synthetic.md``)."""

from __future__ import annotations

from cchc import _args, _core
from cchc.model import Model

__all__ = ["synthetic"]


def synthetic(
    provinces: int = 34,
    communes: int = 3321,
    people: int = 2_000_000,
    records_per_person: float = 10.0,
    seed: int = 0,
    *,
    province_procedures: int = 1224,
    commune_procedures: int = 365,
    population: int = 101_300_000,
    dossiers_per_resident: float = 0.3,
    as_of: str = "2025-12-31",
) -> Model:
    """A synthetic national model in the two-tier local government of 1 July 2025.

    Provinces (the 34 real names), commune-level units (communes, wards and
    special zones; Lai Châu gets its real 38 at the national defaults), their
    People's Committees, Public Administration Service Centres, departments,
    schools and health stations; cadres, civil servants and public employees
    (cán bộ, công chức, viên chức) with training records (bồi dưỡng) that follow
    the rules by date (annual 40-period updating until 10 Dec 2021, digital
    skills from 1 Jul 2025); provincial and commune procedures with steps,
    channels, fees, dossier components and annual volumes per implementing
    agency. Everything is invented but calibrated to ``docs/domain.md``; the
    distributions are documented in ``docs/synthetic.md``.

    Deterministic: the same arguments give the same model on every machine.
    The full national model (2 million people, about 20 million training
    records) takes a few seconds to generate plus the model's validation.

    Parameters
    ----------
    provinces, communes : int
        Provincial and commune-level units (``communes >= provinces``).
    people : int
        Cadres, civil servants and public employees, placed by unit size.
    records_per_person : float
        Mean training records per person (proportional to years in service).
    seed : int
        Random seed (xoshiro256**; any non-negative 64-bit integer).
    province_procedures, commune_procedures : int
        Procedure catalogue sizes (defaults: Lai Châu's 1,224 provincial and
        230 district + 135 commune procedures, districts merged into communes).
    population : int
        Residents nationwide (101.3 million; unconfirmed parameter).
    dossiers_per_resident : float
        Annual dossiers per resident, split 70% commune / 30% province
        (unconfirmed parameter).
    as_of : str
        The date the data describes (``YYYY-MM-DD``).

    Examples
    --------
    >>> import cchc
    >>> m = cchc.datasets.synthetic(provinces=2, communes=10, people=500, seed=1)
    >>> len(m.people)
    500
    """
    return Model(
        _core.synthetic(
            _args.integer("provinces", provinces, 0, 2**31 - 1),
            _args.integer("communes", communes, 0, 2**31 - 1),
            _args.integer("people", people, 0, _args.I64),
            records_per_person,
            _args.integer("seed", seed),
            _args.integer("province_procedures", province_procedures, 0, 2**31 - 1),
            _args.integer("commune_procedures", commune_procedures, 0, 2**31 - 1),
            _args.integer("population", population, 0, _args.I64),
            dossiers_per_resident,
            as_of,
        )
    )
