"""A damaged or malicious key file is refused at once with the store's own error: every
value is checked for type, range and exact length before any key derivation runs."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_desktop.store import MINIMUM_KDF, NotAStoreError, Store, StoreError, key_path_for
from iro_desktop.store import keyfile as keyfile_module
from iro_desktop.store.keyfile import (
    MAX_MEMORY_KIB,
    MAX_PARALLELISM,
    MAX_TIME_COST,
    MAX_WORK_KIB,
    OWASP_MIN_MEMORY_KIB,
    OWASP_MIN_TIME_COST,
    KdfParams,
    KeyFile,
)

from .conftest import PASSPHRASE

SOURCE = Path("test.irostore.key")


@pytest.fixture(scope="module")
def good_doc() -> dict[str, Any]:
    key_file = KeyFile.wrap(b"k" * 32, PASSPHRASE, "8c5e5f0a-1111-4222-8333-944455556666",
                            MINIMUM_KDF)
    doc: dict[str, Any] = json.loads(key_file.to_json())
    return doc


def _raw(doc: Any) -> bytes:
    return json.dumps(doc).encode("utf-8")


def _with(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(doc))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copy


def _derive_within_bounds(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Stands in for Argon2: fails the test if asked to run with unbounded parameters."""
    assert OWASP_MIN_MEMORY_KIB <= params.memory_kib <= MAX_MEMORY_KIB
    assert OWASP_MIN_TIME_COST <= params.time_cost <= MAX_TIME_COST
    assert 1 <= params.parallelism <= MAX_PARALLELISM
    assert params.memory_kib * params.time_cost <= MAX_WORK_KIB
    assert len(salt) == 16
    return b"\0" * 32


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("kdf", "memory_kib"), 64 * 1024 * 1024, "costlier"),
        (("kdf", "memory_kib"), 1024, "weaker"),
        (("kdf", "time_cost"), 10_000, "costlier"),
        (("kdf", "time_cost"), 0, "weaker"),
        (("kdf", "time_cost"), -3, "weaker"),
        (("kdf", "parallelism"), 0, "parallel"),
        (("kdf", "parallelism"), 100_000, "parallel"),
        (("kdf", "memory_kib"), 512 * 1024, "costlier"),  # fine alone, too much with t=...
        (("kdf", "time_cost"), 3.5, "damaged"),
        (("kdf", "time_cost"), "3", "damaged"),
        (("kdf", "time_cost"), True, "damaged"),
        (("kdf", "memory_kib"), None, "damaged"),
        (("kdf", "memory_kib"), 10**4000, "costlier"),
        (("kdf", "salt"), "AAAA", "damaged"),
        (("kdf", "salt"), "not base64!", "damaged"),
        (("nonce",), base64.b64encode(b"n" * 16).decode(), "damaged"),
        (("wrapped_key",), "QUJD", "damaged"),
        (("wrapped_key",), ["a", "b"], "damaged"),
        (("throttle_key",), base64.b64encode(b"t" * 8).decode(), "damaged"),
        (("store_id",), 12, "damaged"),
        (("store_id",), "x" * 10_000, "damaged"),
        (("version",), 99, "damaged"),
        (("version",), True, "damaged"),
        (("kdf",), "argon2id", "damaged"),
    ],
)
def test_absurd_values_are_refused_with_one_line(
    good_doc: dict[str, Any], path: tuple[str, ...], value: Any, message: str
) -> None:
    doc = _with(good_doc, path, value)
    if path == ("kdf", "memory_kib") and value == 512 * 1024:
        doc["kdf"]["time_cost"] = 16  # 8 GiB-passes: each bound alone allows it, work does not
    with mock.patch.object(keyfile_module, "_derive", _derive_within_bounds), \
            pytest.raises(NotAStoreError, match=message) as caught:
        KeyFile.from_json(_raw(doc), SOURCE).unwrap(PASSPHRASE)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"[1, 2, 3]",
        b"null",
        b"\xff\xfe not utf-8",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": "iro-desktop-keyfile"' + b" " * (70 * 1024) + b"}",
    ],
)
def test_files_that_are_not_key_files(raw: bytes) -> None:
    with pytest.raises(NotAStoreError, match="damaged or not a key file"):
        KeyFile.from_json(raw, SOURCE)


def test_a_number_too_long_to_read_is_refused(good_doc: dict[str, Any]) -> None:
    raw = _raw(_with(good_doc, ("kdf", "time_cost"), 12345)).replace(b"12345", b"9" * 5000)
    with pytest.raises(NotAStoreError, match="damaged"):
        KeyFile.from_json(raw, SOURCE)


def test_a_truncated_key_file_is_refused(good_doc: dict[str, Any]) -> None:
    raw = _raw(good_doc)
    for cut in range(0, len(raw), 7):
        with pytest.raises(NotAStoreError):
            KeyFile.from_json(raw[:cut], SOURCE)


def test_a_huge_key_file_is_not_read_whole(store: Store, store_path: Path) -> None:
    store.close()
    key_path_for(store_path).write_bytes(b"{" + b" " * (2 * 1024 * 1024))
    with pytest.raises(NotAStoreError, match="damaged"):
        Store.open(store_path, PASSPHRASE)


def test_a_real_store_refuses_absurd_cost_before_any_key_derivation(
    store: Store, store_path: Path
) -> None:
    store.close()
    key_path = key_path_for(store_path)
    doc = json.loads(key_path.read_text())
    doc["kdf"].update(memory_kib=2**40, time_cost=2**31, parallelism=2**24)
    key_path.write_text(json.dumps(doc))
    with mock.patch.object(keyfile_module, "_derive", _derive_within_bounds), \
            pytest.raises(NotAStoreError, match="tampered"):
        Store.open(store_path, PASSPHRASE)


def test_wrapping_refuses_parameters_it_would_refuse_to_read() -> None:
    with pytest.raises(NotAStoreError):
        KeyFile.wrap(b"k" * 32, PASSPHRASE, "id", KdfParams(memory_kib=MAX_MEMORY_KIB * 2))


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=80),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=8,
)
_FIELDS = [
    ("format",), ("version",), ("store_id",), ("cipher",), ("nonce",), ("wrapped_key",),
    ("throttle_key",), ("kdf",), ("kdf", "name"), ("kdf", "memory_kib"), ("kdf", "time_cost"),
    ("kdf", "parallelism"), ("kdf", "salt"),
]


@st.composite
def _mutated(draw: st.DrawFn, doc: dict[str, Any]) -> bytes:
    mutated = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_FIELDS))
        parent = mutated if len(path) == 1 else mutated.get("kdf")
        if not isinstance(parent, dict):
            continue
        if draw(st.booleans()):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = draw(
                _JSON_VALUES | st.integers(-(2**70), 2**70) | st.integers(0, 2 * MAX_MEMORY_KIB)
                | st.binary(max_size=64).map(
                    lambda b: base64.b64encode(b).decode()))
    raw = _raw(mutated)
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    if draw(st.booleans()) and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]
    return raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_key_files_only_ever_raise_store_errors(
    good_doc: dict[str, Any], data: st.DataObject
) -> None:
    raw = data.draw(_mutated(good_doc))
    with mock.patch.object(keyfile_module, "_derive", _derive_within_bounds):
        try:
            KeyFile.from_json(raw, SOURCE).unwrap(PASSPHRASE)
        except StoreError as exc:
            assert str(exc) and "\n" not in str(exc)


_COSTS = st.integers(-(2**40), 2**40) | st.integers(0, 4 * MAX_MEMORY_KIB) | st.integers(0, 64)


@settings(max_examples=300, deadline=None)
@given(memory=_COSTS, time_cost=_COSTS, parallelism=_COSTS)
def test_any_cost_either_is_refused_or_runs_within_bounds(
    good_doc: dict[str, Any], memory: int, time_cost: int, parallelism: int
) -> None:
    doc = _with(good_doc, ("kdf", "memory_kib"), memory)
    doc["kdf"].update(time_cost=time_cost, parallelism=parallelism)
    with mock.patch.object(keyfile_module, "_derive", _derive_within_bounds):
        try:
            KeyFile.from_json(_raw(doc), SOURCE).unwrap(PASSPHRASE)
        except NotAStoreError as exc:
            assert "\n" not in str(exc)
        except StoreError:
            pass  # the stub's key is not the right one: the wrong-passphrase error
