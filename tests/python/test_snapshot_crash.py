"""Crash safety: a saving process killed at random moments never damages the file."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from cchc import snapshot
from cchc.datasets.synthetic import synthetic

KILLS = 60


def _save_forever(models: list, path: str) -> None:
    i = 0
    while True:
        snapshot.save_snapshot(models[i % len(models)], path)
        i += 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_repeated_saves_never_damages_the_file(tmp_path: Path) -> None:
    models = [synthetic(provinces=2, communes=12, people=4000, records_per_person=6, seed=s) for s in (1, 2, 3)]
    versions = {snapshot.dumps(m) for m in models}
    assert len(versions) == 3
    path = tmp_path / "m.cchc"
    snapshot.save_snapshot(models[0], path)
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(2024)
    for _ in range(KILLS):
        child = ctx.Process(target=_save_forever, args=(models, str(path)))
        child.start()
        time.sleep(rng.uniform(0.002, 0.06))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        # The target is always a complete snapshot, equal to one of the saved versions.
        assert snapshot.dumps(snapshot.load_snapshot(path)) in versions
    # Kills landed inside saves: their temporary files were left behind (never the target).
    leftovers = [p for p in tmp_path.iterdir() if p.name != "m.cchc"]
    assert leftovers, "no kill interrupted a save; the test did not exercise anything"
    assert all(p.name.startswith(".m.cchc.tmp-") for p in leftovers)
