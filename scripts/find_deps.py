"""Print where the PyPI build dependencies keep their C++ files, for CMakeLists.txt.

cmeel-boost installs Boost under ``site-packages/cmeel.prefix``; nlohmann-json
ships its headers inside the ``nlohmann_json`` package. Found without importing
them (nlohmann_json imports importlib_resources, which may be absent).
"""

import importlib.util
import sys
from pathlib import Path

for entry in sys.path:
    prefix = Path(entry or ".") / "cmeel.prefix"
    if (prefix / "lib" / "cmake").is_dir():
        print(f"cmeel_prefix={prefix.resolve()}")
        break

spec = importlib.util.find_spec("nlohmann_json")
if spec is not None and spec.submodule_search_locations:
    include = Path(next(iter(spec.submodule_search_locations))) / "include"
    if (include / "nlohmann" / "json.hpp").is_file():
        print(f"nlohmann_include={include.resolve()}")
