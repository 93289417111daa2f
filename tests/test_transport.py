"""Reading a child's results safely: JSON and .npz/.npy checked before anything is loaded.

Oracles: NumPy's own ``np.save``/``np.savez`` for valid files; hand-built headers and
zips for invalid ones (each built for the one defect it tests); the nesting depth of a
Python object computed by recursion on the object for ``json_depth``.
"""
import io
import json
import os
import struct
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest

from course_instructor import transport as t
from course_instructor.transport import TransportError

pytestmark = pytest.mark.unit

FIXED = {  # every sentence TransportError may carry
    "the result file is missing, a symbolic link or unreadable",
    "the result file is not a regular file", "the result file is larger than the cap",
    "the result JSON is not bytes", "the result JSON is larger than the cap",
    "the result JSON is not UTF-8", "the result JSON is nested too deeply",
    "the result JSON is malformed", "the result JSON is not an object",
    "an array is not in .npy format", "an array has an unsupported .npy version",
    "an array header is too long or cut short", "an array header is malformed",
    "an array has a dtype that is not allowed", "an array has too many dimensions",
    "an array has a dimension that is too large",
    "an array is larger than the cap", "an array's data does not match its header",
    "the result arrays are larger than the cap",
    "the result arrays are not a readable .npz file",
    "the result arrays have too many members", "the result arrays have an unexpected member",
    "the result arrays have a compressed member", "the result arrays have an encrypted member",
    "the result arrays are damaged",
}


def npy_bytes(a):
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=False)
    return buf.getvalue()


def npz_bytes(compressed=False, **arrays):
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, **arrays)
    return buf.getvalue()


def handmade_npy(header, data=b"", version=(1, 0)):
    """An .npy image with ``header`` (str) padded NumPy's way and ``data`` after it."""
    raw = header.encode("latin-1")
    prefix = 10 if version == (1, 0) else 12
    raw += b" " * (-(prefix + len(raw) + 1) % 64) + b"\n"
    length = struct.pack("<H", len(raw)) if version == (1, 0) else struct.pack("<I", len(raw))
    return b"\x93NUMPY" + bytes(version) + length + raw + data


def zip_of(members, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")                 # "Duplicate name": on purpose
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def error_of(fn, *args, **kwargs):
    with pytest.raises(TransportError) as info:
        fn(*args, **kwargs)
    message = str(info.value)
    assert message in FIXED, message
    return message


# ------------------------------------------------------------------ JSON
def test_json_round_trip():
    assert t.loads_json(b'{"ok": true, "v": [1, 2.5, "x", null]}') == \
        {"ok": True, "v": [1, 2.5, "x", None]}


def test_json_depth_cap_is_checked_before_parsing():
    assert t.loads_json(b"[" * 256 + b"]" * 256, max_depth=256) is not None
    assert "nested too deeply" in error_of(t.loads_json, b"[" * 257 + b"]" * 257,
                                           max_depth=256)
    # Far deeper than the interpreter's recursion limit: refused by the scan, no recursion.
    assert "nested too deeply" in error_of(t.loads_json, b"[" * 200_000)


def test_recursion_in_the_parser_never_escapes():
    """Even with the depth scan switched off, RecursionError becomes TransportError."""
    assert "malformed" in error_of(t.loads_json, b"[" * 100_000 + b"]" * 100_000,
                                   max_depth=10 ** 9)


def test_brackets_inside_strings_do_not_count():
    text = json.dumps(["[" * 1000, {"k": "{" * 1000 + '\\"[['}]).encode()
    assert t.json_depth(text) == 2                      # a list holding a dict
    assert t.loads_json(text, max_depth=2)[0] == "[" * 1000


def nesting(obj):
    """Independent oracle: the depth of lists/dicts by recursion on the object."""
    if isinstance(obj, list):
        return 1 + max((nesting(x) for x in obj), default=0)
    if isinstance(obj, dict):
        return 1 + max((nesting(x) for x in obj.values()), default=0)
    return 0


def random_value(rng, depth):
    kind = rng.randint(0, 5 if depth < 8 else 2)
    if kind == 0:
        return "".join(rng.choice(list('[]{}"\\ab,:')) for _ in range(rng.randint(0, 6)))
    if kind == 1:
        return int(rng.randint(-5, 5))
    if kind in (2, 3):
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {random_value(rng, 8) if rng.rand() < 0.5 else "k": random_value(rng, depth + 1)
            for _ in range(rng.randint(0, 4))}


def test_json_depth_matches_the_objects_nesting():
    rng = np.random.RandomState(11)
    for _ in range(400):
        obj = random_value(rng, 0)
        text = json.dumps(obj, ensure_ascii=rng.rand() < 0.5).encode()
        assert t.json_depth(text) == nesting(obj), text


@pytest.mark.parametrize("data, max_bytes, message", [
    (b"[NaN]", 100, "malformed"), (b"[Infinity]", 100, "malformed"),
    (b'{"a": 1', 100, "malformed"),
    (b"[" + b"9" * 5000 + b"]", 10_000, "malformed"),    # over Python's int digit limit
    (b'["\xff"]', 100, "not UTF-8"), (b" " * 101, 100, "larger than the cap"),
])
def test_json_refusals(data, max_bytes, message):
    assert message in error_of(t.loads_json, data, max_bytes=max_bytes)


def test_json_not_bytes():
    assert "not bytes" in error_of(t.loads_json, "[]")


# ------------------------------------------------------------------ .npy
@pytest.mark.parametrize("a", [
    np.arange(12.0).reshape(3, 4), np.arange(5, dtype=np.int32), np.array(2.5),
    np.zeros((0, 3), dtype=bool), np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    np.arange(4, dtype=np.uint8), np.arange(3, dtype=">f8"), np.ones((2, 1, 2), np.float16),
])
def test_npy_round_trip(a):
    got = t.loads_npy(npy_bytes(a))
    assert got.dtype == a.dtype and got.shape == a.shape
    np.testing.assert_array_equal(got, a)
    assert got.flags.writeable and got.flags.f_contiguous == a.flags.f_contiguous


@pytest.mark.parametrize("data, message", [
    (b"\x93NUMPX\x01\x00" + b"\x00" * 10, "not in .npy format"),
    (b"short", "not in .npy format"),
    (handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", b"\0" * 8,
                  version=(4, 0)), "unsupported .npy version"),
    (b"\x93NUMPY\x01\x00" + struct.pack("<H", 5000) + b" " * 5000, "too long or cut short"),
    (b"\x93NUMPY\x01\x00" + struct.pack("<H", 100) + b" " * 20, "too long or cut short"),
    (handmade_npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", b"\0" * 8),
     "dtype that is not allowed"),
    (handmade_npy("{'descr': '<U5', 'fortran_order': False, 'shape': (1,), }", b"\0" * 20),
     "dtype that is not allowed"),
    (handmade_npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", b"\0" * 16),
     "dtype that is not allowed"),
    (handmade_npy("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
                  b"\0" * 8), "header is malformed"),
    (handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1, }",
                  b"\0" * 8), "header is malformed"),
    (handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", b""),
     "header is malformed"),
    (handmade_npy("__import__('os').system('true')"), "header is malformed"),
    (handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (" + ", ".join(["1"] * 33)
                  + "), }", b"\0" * 8), "too many dimensions"),
    # 0 bytes, but NumPy's reshape refuses the dimension (the red team's forged result)
    (handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 9999999999999999999), }",
                  b""), "dimension that is too large"),
    (handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", b"\0" * 40),
     "does not match its header"),
    (handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", b"\0" * 56),
     "does not match its header"),
])
def test_npy_refusals(data, message):
    assert message in error_of(t.loads_npy, data)


def test_complex_is_allowed_only_when_asked():
    a = np.array([1 + 2j])
    np.testing.assert_array_equal(t.loads_npy(npy_bytes(a), dtypes=t.COMPLEX_DTYPES), a)


def test_a_huge_declared_shape_is_refused_before_any_allocation():
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 1000000), }"
    data = handmade_npy(header, b"\0" * 64)
    tracemalloc.start()
    try:
        assert "larger than the cap" in error_of(t.loads_npy, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20


# ------------------------------------------------------------------ .npz
def test_npz_round_trip():
    a, b = np.arange(6.0).reshape(2, 3), np.array([True, False])
    got = t.loads_npz(npz_bytes(a0=a, a1=b))
    assert sorted(got) == ["a0", "a1"]
    np.testing.assert_array_equal(got["a0"], a)
    np.testing.assert_array_equal(got["a1"], b)
    assert t.loads_npz(npz_bytes()) == {}


def encrypted_flag(data):
    """Set the 'encrypted' bit (bit 0 of the general-purpose flags) in every header."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(sig)
        while at >= 0:
            out[at + offset] |= 1
            at = out.find(sig, at + 4)
    return bytes(out)


def bad_crc(data):
    out = bytearray(data)
    at = out.rfind(b"\x93NUMPY")              # flip one byte of the last array's data
    out[len(out) - 30 if at < 0 else at + 200] ^= 0xFF
    return bytes(out)


@pytest.mark.parametrize("data, message", [
    (b"not a zip at all", "not a readable .npz"),
    (npz_bytes(compressed=True, a0=np.zeros(10)), "compressed member"),
    (zip_of([("../a0.npy", npy_bytes(np.zeros(1)))]), "unexpected member"),
    (zip_of([("a0", npy_bytes(np.zeros(1)))]), "unexpected member"),
    (zip_of([("a0.npy", npy_bytes(np.zeros(1))), ("a0.npy", npy_bytes(np.zeros(1)))]),
     "unexpected member"),
    (encrypted_flag(npz_bytes(a0=np.zeros(3))), "encrypted member"),
    (bad_crc(npz_bytes(a0=np.zeros(100))), "damaged"),
    (zip_of([("a0.npy", handmade_npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }"))]),
     "larger than the cap"),
    (zip_of([("a0.npy", handmade_npy(
        "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", b"\0" * 8))]),
     "dtype that is not allowed"),
])
def test_npz_refusals(data, message):
    assert message in error_of(t.loads_npz, data)


def test_npz_member_and_byte_caps():
    many = zip_of([(f"a{i}.npy", npy_bytes(np.zeros(1))) for i in range(5)])
    assert "too many members" in error_of(t.loads_npz, many, max_members=4)
    two = npz_bytes(a0=np.zeros(100), a1=np.zeros(100))          # 2 x 928 bytes
    assert "larger than the cap" in error_of(t.loads_npz, two, max_bytes=len(two) - 1)
    assert len(t.loads_npz(two, max_bytes=len(two))) == 2


def test_npz_fuzz_raises_only_transport_error():
    """Random byte flips, truncations and duplicated chunks of a valid .npz: every result
    is an array dict or a TransportError with a fixed message (seeded, 300 cases)."""
    base = npz_bytes(a0=np.arange(20.0).reshape(4, 5), a1=np.array([1, 0], bool),
                     a2=np.arange(3, dtype=np.int64))
    rng = np.random.RandomState(5)
    outcomes = {"ok": 0, "refused": 0}
    for _ in range(300):
        data = bytearray(base)
        kind = rng.randint(3)
        if kind == 0:
            for _ in range(rng.randint(1, 6)):
                data[rng.randint(len(data))] ^= 1 << rng.randint(8)
        elif kind == 1:
            data = data[:rng.randint(len(data))]
        else:
            start = rng.randint(len(data))
            data[start:start] = data[start:start + rng.randint(1, 200)]
        try:
            got = t.loads_npz(bytes(data), max_bytes=1 << 20)
            assert all(isinstance(v, np.ndarray) for v in got.values())
            outcomes["ok"] += 1
        except TransportError as err:
            assert str(err) in FIXED, err
            outcomes["refused"] += 1
    assert outcomes["refused"] > 100            # the damage was real


# ------------------------------------------------------------------ files, records
def test_files_that_are_not_regular_files_are_refused(tmp_path):
    target = tmp_path / "real.json"
    target.write_bytes(b"{}")
    (tmp_path / "link.json").symlink_to(target)
    os.mkfifo(tmp_path / "fifo.json")                   # would block a plain open()
    (tmp_path / "dir.json").mkdir()
    assert "symbolic link" in error_of(t.read_json, tmp_path / "link.json")
    assert "not a regular file" in error_of(t.read_json, tmp_path / "fifo.json")
    assert "not a regular file" in error_of(t.read_json, tmp_path / "dir.json")
    assert "larger than the cap" in error_of(t.read_file, target, 1)
    assert t.read_json(target) == {}


def test_read_record(tmp_path):
    assert t.read_record(tmp_path, "case_0") is None                  # not got that far
    (tmp_path / "case_0.json").write_text('{"ok": true, "output": {"t": "nd", "key": "a0"}}')
    (tmp_path / "case_0.npz").write_bytes(npz_bytes(a0=np.eye(2)))
    record, arrays = t.read_record(tmp_path, "case_0")
    assert record["ok"] is True
    np.testing.assert_array_equal(arrays["a0"], np.eye(2))
    (tmp_path / "case_1.json").write_text("[1, 2]")
    assert "not an object" in error_of(t.read_record, tmp_path, "case_1")
    (tmp_path / "case_2.json").write_text("{}")
    (tmp_path / "case_2.npz").write_bytes(b"junk")
    assert "not a readable .npz" in error_of(t.read_record, tmp_path, "case_2")


def test_messages_never_echo_the_input():
    marker = "student-controlled-text"
    inputs = [marker.encode(), json.dumps({marker: 1}).encode()[:-1],
              handmade_npy("{'descr': '" + marker + "', }")]
    for data in inputs:
        for fn in (t.loads_json, t.loads_npy, t.loads_npz):
            try:
                fn(data)
            except TransportError as err:
                assert marker not in str(err) and str(err) in FIXED


def test_a_huge_central_directory_is_refused_before_zipfile_parses_it():
    """50,000 empty members in 2.3 MB: refused from the end record alone, without the
    50,000 objects zipfile would build."""
    data = zip_of([(f"a{i}.npy", b"") for i in range(50_000)])
    assert t.zip_directory_size(io.BytesIO(data), len(data))[0] == 50_000
    tracemalloc.start()
    try:
        assert "too many members" in error_of(t.loads_npz, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * len(data)          # the copy read for the end record, no more


def with_zip64_end(data, entries=None):
    """The zip ``data`` with its end record replaced by a zip64 end record and locator
    (as writers do past 65,535 members), declaring ``entries`` (default: the real count)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        count = len(zf.infolist())
    eocd = data.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack("<II", data[eocd + 12:eocd + 20])
    n = count if entries is None else entries
    record = (b"PK\x06\x06" + struct.pack("<QHHII", 44, 45, 45, 0, 0)
              + struct.pack("<QQQQ", n, n, cd_size, cd_offset))
    locator = b"PK\x06\x07" + struct.pack("<IQI", 0, eocd, 1)
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                                        0xFFFFFFFF, 0)
    return data[:eocd] + record + locator + end


def test_zip64_end_records():
    data = with_zip64_end(npz_bytes(a0=np.zeros(2), a1=np.ones(3)))
    assert t.zip_directory_size(io.BytesIO(data), len(data))[0] == 2
    got = t.loads_npz(data)                         # zipfile reads it the same way
    np.testing.assert_array_equal(got["a1"], np.ones(3))
    lying = with_zip64_end(npz_bytes(a0=np.zeros(2)), entries=10 ** 12)
    assert "too many members" in error_of(t.loads_npz, lying)
    assert t.zip_directory_size(io.BytesIO(b"no end record"), 13) is None
