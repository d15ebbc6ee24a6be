"""cchc: administrative-reform (cải cách hành chính) analytics for Vietnamese provinces.

Load a province, browse its agencies, procedures and people as pandas tables,
and run the engines (compliance cost, service simulation, organisation,
training, inspection) on it.

Examples
--------
>>> import cchc
>>> m = cchc.datasets.lai_chau_2021()
>>> m.agencies.find("so noi vu")["name"].iloc[0]
'Sở Nội vụ'
"""



def _load_core() -> None:
    """Import the extension; if its RPATH misses Boost (cchc and cmeel-boost in different
    site-packages, e.g. a venv over system packages), preload the library from sys.path."""
    try:
        import cchc._core  # noqa: F401
    except ImportError as exc:
        import ctypes
        import sys
        from pathlib import Path

        for entry in sys.path:
            libs = sorted((Path(entry or ".") / "cmeel.prefix" / "lib").glob("libboost_serialization.so.*"))
            if libs:
                for lib in (libs[0], *sorted(libs[0].parent.glob("libboost_json.so.*"))[:1]):
                    ctypes.CDLL(str(lib), mode=ctypes.RTLD_GLOBAL)
                import cchc._core  # noqa: F401

                return
        raise ImportError(f"cchc's C++ core cannot be loaded: {exc}; reinstall with pip install cchc") from exc


_load_core()

from cchc import _core, calendar, datasets, distributed, inspection, io, org, report, scorecard, sim, snapshot, training  # noqa: E402,E501
from cchc.cost import CostParams, CostReport, compliance_cost, evaluate_scenarios  # noqa: E402
from cchc.distributed import SweepResult, sweep  # noqa: E402
from cchc.errors import (  # noqa: E402
    ArgumentError,
    Error,
    Problem,
    ReferenceError,
    ScenarioError,
    SnapshotError,
    UnknownFieldWarning,
    ValidationError,
)
from cchc.model import Model, Table, load, loads  # noqa: E402
from cchc.scenario import Scenario, apply  # noqa: E402
from cchc.sim import SimResult, simulate  # noqa: E402

__version__: str = _core.__version__

__all__ = [
    "apply",
    "ArgumentError",
    "calendar",
    "compliance_cost",
    "CostParams",
    "CostReport",
    "datasets",
    "distributed",
    "Error",
    "evaluate_scenarios",
    "inspection",
    "io",
    "load",
    "loads",
    "Model",
    "org",
    "Problem",
    "ReferenceError",
    "Scenario",
    "ScenarioError",
    "report",
    "scorecard",
    "sim",
    "SimResult",
    "simulate",
    "snapshot",
    "sweep",
    "SweepResult",
    "SnapshotError",
    "Table",
    "training",
    "UnknownFieldWarning",
    "ValidationError",
    "__version__",
]
