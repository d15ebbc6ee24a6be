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

from cchc import _core, datasets, training
from cchc.errors import Error, Problem, ReferenceError, ScenarioError, SnapshotError, ValidationError
from cchc.model import Model, Table, load, loads

__version__: str = _core.__version__

__all__ = [
    "Error",
    "Model",
    "Problem",
    "ReferenceError",
    "ScenarioError",
    "SnapshotError",
    "Table",
    "ValidationError",
    "__version__",
    "datasets",
    "load",
    "loads",
    "training",
]
