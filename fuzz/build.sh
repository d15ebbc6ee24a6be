#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build/fuzz/.
# Usage: fuzz/build.sh    then see fuzz/README.md. scripts/test runs a short fixed-seed pass.
set -euo pipefail
cd "$(dirname "$0")/.."
CXX=${CXX:-clang++}
out=build/fuzz
mkdir -p "$out"
deps=$(python3 scripts/find_deps.py)
cmeel=$(sed -n 's/^cmeel_prefix=//p' <<<"$deps")
nlohmann=$(sed -n 's/^nlohmann_include=//p' <<<"$deps")
flags=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -Icpp/include -isystem "$cmeel/include" -isystem "$nlohmann")
# The core once, as objects without libFuzzer's main, $JOBS compilers at a time.
jobs=${JOBS:-$(nproc)}
objs=()
for src in cpp/src/*.cpp cpp/src/io/*.cpp; do
  obj="$out/$(echo "${src#cpp/src/}" | tr / _).o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    "$CXX" "${flags[@]/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,}" -c "$src" -o "$obj" &
  fi
  objs+=("$obj")
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n; done
for target in fuzz_snapshot fuzz_json; do
  "$CXX" "${flags[@]}" "fuzz/$target.cpp" "${objs[@]}" -L"$cmeel/lib" -lboost_serialization -lboost_json -lz \
    -Wl,-rpath,"$cmeel/lib" -o "$out/$target"
  echo "built $out/$target"
done
