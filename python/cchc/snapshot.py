"""Snapshots (``.cchc``) and pickling of models.

A snapshot is the model's tables in a Boost.Serialization binary archive behind
a header of our own (magic bytes, format version, payload length, XXH64
checksums; see ``docs/snapshot.md``). Loading checks the header and checksums
before decoding, so a truncated, corrupted, foreign (zip, JSON, pickle), empty
or newer-version file raises :class:`cchc.SnapshotError` saying which, and
never crashes the interpreter. Saving is atomic (temporary file, fsync,
rename). Pickles of a :class:`cchc.Model` carry the snapshot bytes with a
state version, so models travel to worker processes at memcpy speed.
"""

from __future__ import annotations

import os
from typing import Any

from cchc import _core
from cchc._files import fspath
from cchc.errors import SnapshotError
from cchc.model import Model

__all__ = ["FORMAT_VERSION", "dumps", "info", "load_snapshot", "loads", "save_snapshot"]

#: Snapshot format version this cchc writes (and the newest it reads).
FORMAT_VERSION: int = int(_core.SNAPSHOT_FORMAT_VERSION)

# Version of the pickled state (a tuple), independent of the snapshot format inside it.
_PICKLE_STATE_VERSION = 1


def save_snapshot(model: Model, path: str | os.PathLike[str]) -> None:
    """Save ``model`` as a ``.cchc`` snapshot, atomically.

    A temporary file is written in the same folder, flushed to disk and renamed
    over ``path``: an interrupted save leaves the previous file intact.

    Examples
    --------
    >>> cchc.snapshot.save_snapshot(m, "province.cchc")  # doctest: +SKIP
    """
    _core.save_snapshot(model._core, fspath(path))


def load_snapshot(path: str | os.PathLike[str]) -> Model:
    """Load a ``.cchc`` snapshot.

    Raises
    ------
    cchc.SnapshotError
        The file is empty, truncated, corrupted, not a snapshot (the message
        names what it looks like: zip, JSON, pickle, gzip) or written by a
        newer cchc.
    cchc.Error
        The file cannot be read.

    Examples
    --------
    >>> m = cchc.snapshot.load_snapshot("province.cchc")  # doctest: +SKIP
    """
    return Model(_core.load_snapshot(fspath(path)))


def dumps(model: Model) -> bytes:
    """The model as snapshot bytes (deterministic: same model, same bytes).

    Examples
    --------
    >>> data = cchc.snapshot.dumps(m)  # doctest: +SKIP
    >>> data[:5]  # doctest: +SKIP
    b'\\x89CCHC'
    """
    return bytes(_core.snapshot_dumps(model._core))


def loads(data: bytes | bytearray | memoryview, *, source: str = "<bytes>") -> Model:
    """A model from snapshot bytes; raises :class:`cchc.SnapshotError` on damaged or foreign bytes."""
    if not isinstance(data, bytes):
        data = bytes(data)
    return Model(_core.snapshot_loads(data, source))


def info(data: bytes) -> dict[str, int]:
    """The header of snapshot bytes: ``format_version``, ``payload_length``, ``payload_checksum``."""
    return dict(_core.snapshot_info(bytes(data)))


def _model_from_state(version: int, data: bytes) -> Model:
    """Unpickle a :class:`Model` from its versioned state."""
    if version > _PICKLE_STATE_VERSION:
        raise SnapshotError(
            f"pickled cchc.Model has state version {version}; this cchc reads up to "
            f"{_PICKLE_STATE_VERSION}: upgrade cchc"
        )
    return loads(data, source="<pickle>")


def reduce_model(model: Model) -> tuple[Any, ...]:
    """``Model.__reduce__``: rebuild from ``(state version, snapshot bytes)``."""
    return (_model_from_state, (_PICKLE_STATE_VERSION, dumps(model)))

