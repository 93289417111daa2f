"""Read what a grading child sends back, checking everything before anything is loaded.

A child's results are a JSON record and, for its arrays, an ``.npz`` file (a zip of
``.npy`` members, saved without pickle). The child runs the student's code, so every
byte of them is hostile until checked. Here:

* JSON: a size cap, then a nesting-depth cap checked on the raw text (strings blanked
  out, brackets counted with NumPy) *before* ``json.loads`` can recurse; only standard
  JSON (no ``NaN``/``Infinity``), only UTF-8.
* ``.npz``: a regular file (no symbolic link) under a size cap, read into memory once;
  at most ``max_members`` members, each named ``<key>.npy``, stored (not deflated: no
  decompression bomb), not encrypted, CRC checked, within a total byte budget.
* ``.npy``: magic and version (1.0, 2.0, 3.0), header length cap, the header in exactly
  the form NumPy writes (``{'descr': ..., 'fortran_order': ..., 'shape': (...), }``),
  a whitelisted dtype (bool, signed and unsigned integers, floats: never ``object``),
  ``prod(shape) * itemsize`` under the byte cap and equal to the data that follows.
  Only then is the array made (a copy, from bytes already in memory).

Every failure raises :class:`TransportError`, whose message is one of a few fixed
sentences (never text from the file), so it can go into a gradebook.
"""
import io
import json
import os
import re
import stat
import struct
import zipfile

import numpy as np

MAX_JSON_BYTES = 16 << 20
MAX_JSON_DEPTH = 256
MAX_NPZ_BYTES = 64 << 20
MAX_MEMBERS = 10_000
MAX_HEADER = 4096
MAX_NDIM = 32
MAX_DIM = 2**31 - 1      # per dimension (a result array is far smaller; NumPy refuses > 2**63)
REAL_DTYPES = frozenset({"|b1", "|i1", "|u1", "<i2", "<i4", "<i8", "<u2", "<u4", "<u8",
                         "<f2", "<f4", "<f8", ">i2", ">i4", ">i8", ">u2", ">u4", ">u8",
                         ">f2", ">f4", ">f8"})
COMPLEX_DTYPES = frozenset({"<c8", "<c16", ">c8", ">c16"})

_KEY = re.compile(r"[A-Za-z0-9_]{1,64}")
_HEADER = re.compile(r"\{'descr': '([^']{1,32})', 'fortran_order': (True|False), "
                     r"'shape': \(((?:[0-9]{1,19}, ?)*(?:[0-9]{1,19})?)\), \} *\n")


class TransportError(ValueError):
    """A result could not be read safely; the message is a fixed sentence."""


# ------------------------------------------------------------------ files
def read_file(path, max_bytes):
    """The bytes of a regular file (not a symbolic link) of at most ``max_bytes``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        raise TransportError("the result file is missing, a symbolic link or unreadable") \
            from None
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        regular = False
    if not regular:
        os.close(fd)
        raise TransportError("the result file is not a regular file")
    with os.fdopen(fd, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TransportError("the result file is larger than the cap")
    return data


# ------------------------------------------------------------------ JSON
def json_depth(data):
    """The deepest nesting of ``[``/``{`` in JSON text ``data`` (bytes), strings ignored.

    Linear time and memory, with NumPy: a quote is escaped when an odd number of
    backslashes precedes it; brackets between an odd and an even unescaped quote are
    inside a string. This is exact on valid JSON, and on the valid prefix of invalid
    JSON, which is all a parser reads before it stops.
    """
    text = np.frombuffer(bytes(data), dtype=np.uint8)
    is_quote = text == ord('"')
    is_slash = text == ord("\\")
    after = np.flatnonzero(is_quote[1:] & is_slash[:-1]) + 1   # quotes after a backslash
    if after.size:
        slashes = np.flatnonzero(is_slash)
        breaks = np.flatnonzero(np.diff(slashes) != 1) + 1
        run_start = slashes[np.r_[0, breaks]]            # runs of consecutive backslashes
        run_end = slashes[np.r_[breaks - 1, slashes.size - 1]]
        run = after - run_start[np.searchsorted(run_end, after - 1)]
        is_quote[after[run % 2 == 1]] = False            # an odd run escapes the quote
    quotes = np.flatnonzero(is_quote)
    opening = (text == ord("[")) | (text == ord("{"))
    brackets = np.flatnonzero(opening | (text == ord("]")) | (text == ord("}")))
    outside = np.searchsorted(quotes, brackets) % 2 == 0
    steps = np.where(opening[brackets[outside]], 1, -1)
    depth = np.cumsum(steps)
    return int(depth.max()) if depth.size else 0


def _no_constant(name):
    raise ValueError("non-standard JSON constant")


def loads_json(data, max_bytes=MAX_JSON_BYTES, max_depth=MAX_JSON_DEPTH):
    """Parse JSON ``data`` (bytes) after checking its size, encoding and nesting depth."""
    if not isinstance(data, (bytes, bytearray)):
        raise TransportError("the result JSON is not bytes")
    if len(data) > max_bytes:
        raise TransportError("the result JSON is larger than the cap")
    data = bytes(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise TransportError("the result JSON is not UTF-8") from None
    if json_depth(data) > max_depth:
        raise TransportError("the result JSON is nested too deeply")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError, OverflowError):
        raise TransportError("the result JSON is malformed") from None


def read_json(path, max_bytes=MAX_JSON_BYTES, max_depth=MAX_JSON_DEPTH):
    """:func:`loads_json` of a regular file."""
    return loads_json(read_file(path, max_bytes), max_bytes, max_depth)


# ------------------------------------------------------------------ zip end records
def zip_directory_size(f, size):
    """``(entries, central directory bytes)`` that a zip's end records declare, or None
    if there is no end record. ``f`` is a binary file of ``size`` bytes.

    Read before :mod:`zipfile` parses the central directory (into one object per entry),
    so that a huge directory can be refused first. Mirrors zipfile's search: the last
    ``PK\\5\\6`` record in the last 64 KiB, and the zip64 record its locator points to.
    """
    tail_len = min(size, 22 + 65535)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries, cd_size = struct.unpack("<10xHI", tail[at:at + 16])
    locator = at - 20
    if locator >= 0 and tail[locator:locator + 4] == b"PK\x06\x07":
        (offset,) = struct.unpack("<Q", tail[locator + 8:locator + 16])
        if offset < size:
            f.seek(offset)
            record = f.read(56)
            if len(record) == 56 and record[:4] == b"PK\x06\x06":
                entries, cd_size = struct.unpack("<32xQQ8x", record)
    return entries, cd_size


# ------------------------------------------------------------------ .npy / .npz
def parse_npy_header(data, max_bytes, dtypes=REAL_DTYPES):
    """``(dtype, shape, fortran_order, data offset)`` of an ``.npy`` image, checked.

    Checks the magic, version, header length and form, the dtype (one of ``dtypes``),
    the shape, and that the data after the header is exactly ``prod(shape) * itemsize``
    bytes, at most ``max_bytes``.
    """
    if len(data) < 10 or data[:6] != b"\x93NUMPY":
        raise TransportError("an array is not in .npy format")
    major, minor = data[6], data[7]
    if (major, minor) == (1, 0):
        (hlen,), start = struct.unpack("<H", data[8:10]), 10
    elif (major, minor) in ((2, 0), (3, 0)):
        if len(data) < 12:
            raise TransportError("an array is not in .npy format")
        (hlen,), start = struct.unpack("<I", data[8:12]), 12
    else:
        raise TransportError("an array has an unsupported .npy version")
    if hlen > MAX_HEADER or start + hlen > len(data):
        raise TransportError("an array header is too long or cut short")
    try:
        header = data[start:start + hlen].decode("latin-1" if major < 3 else "utf-8")
    except UnicodeDecodeError:
        raise TransportError("an array header is malformed") from None
    m = _HEADER.fullmatch(header)
    if m is None:
        raise TransportError("an array header is malformed")
    descr, fortran, dims = m.groups()
    if descr not in dtypes:
        raise TransportError("an array has a dtype that is not allowed")
    shape = tuple(int(d) for d in dims.replace(" ", "").split(",") if d)
    if len(shape) > MAX_NDIM:
        raise TransportError("an array has too many dimensions")
    dtype = np.dtype(descr)
    nbytes = dtype.itemsize
    for d in shape:
        nbytes *= d                       # Python ints: no overflow
    if nbytes > max_bytes:
        raise TransportError("an array is larger than the cap")
    if any(d > MAX_DIM for d in shape):  # (0, 10**19) has 0 bytes, but NumPy refuses it
        raise TransportError("an array has a dimension that is too large")
    offset = start + hlen
    if len(data) - offset != nbytes:
        raise TransportError("an array's data does not match its header")
    return dtype, shape, fortran == "True", offset


def loads_npy(data, max_bytes=MAX_NPZ_BYTES, dtypes=REAL_DTYPES):
    """The array in ``.npy`` bytes, after :func:`parse_npy_header` (a writable copy)."""
    dtype, shape, fortran, offset = parse_npy_header(data, max_bytes, dtypes)
    count = 1
    for d in shape:
        count *= d
    try:
        flat = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
        return flat.reshape(shape, order="F" if fortran else "C").copy(order="K")
    except (ValueError, OverflowError, MemoryError):   # a header NumPy cannot honour
        raise TransportError("an array header is malformed") from None


def loads_npz(data, max_bytes=MAX_NPZ_BYTES, max_members=MAX_MEMBERS, dtypes=REAL_DTYPES):
    """``{key: array}`` from ``.npz`` bytes; every member checked before it is loaded."""
    if len(data) > max_bytes:
        raise TransportError("the result arrays are larger than the cap")
    ends = zip_directory_size(io.BytesIO(data), len(data))
    if ends is None:
        raise TransportError("the result arrays are not a readable .npz file")
    if ends[0] > max_members or ends[1] > 256 * max_members:
        raise TransportError("the result arrays have too many members")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:   # noqa: BLE001 -- zipfile raises many types on damaged input
        raise TransportError("the result arrays are not a readable .npz file") from None
    out, budget = {}, max_bytes
    with zf:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise TransportError("the result arrays have too many members")
        for info in infos:
            name = info.filename
            if not (name.endswith(".npy") and _KEY.fullmatch(name[:-4])) or name[:-4] in out:
                raise TransportError("the result arrays have an unexpected member")
            if info.compress_type != zipfile.ZIP_STORED:
                raise TransportError("the result arrays have a compressed member")
            if info.flag_bits & 0x1:
                raise TransportError("the result arrays have an encrypted member")
            if info.file_size > budget:
                raise TransportError("the result arrays are larger than the cap")
            try:
                with zf.open(info) as f:
                    raw = f.read(budget + 1)
            except Exception:   # noqa: BLE001 -- bad CRC, bad local header, truncation, ...
                raise TransportError("the result arrays are damaged") from None
            if len(raw) > budget:
                raise TransportError("the result arrays are larger than the cap")
            budget -= len(raw)
            out[name[:-4]] = loads_npy(raw, max_bytes, dtypes)
    return out


def read_npz(path, max_bytes=MAX_NPZ_BYTES, max_members=MAX_MEMBERS, dtypes=REAL_DTYPES):
    """:func:`loads_npz` of a regular file."""
    return loads_npz(read_file(path, max_bytes), max_bytes, max_members, dtypes)


# ------------------------------------------------------------------ one record
def read_record(results_dir, stem, max_json_bytes=MAX_JSON_BYTES, max_npz_bytes=MAX_NPZ_BYTES,
                max_depth=MAX_JSON_DEPTH, dtypes=REAL_DTYPES):
    """``(record dict, {key: array})`` of ``stem.json`` (+ ``stem.npz``) in ``results_dir``.

    Returns None when ``stem.json`` does not exist (the child did not get that far); raises
    :class:`TransportError` when it exists but cannot be read safely, or when it is not a
    JSON object. A missing ``.npz`` means no arrays.
    """
    js = os.path.join(results_dir, stem + ".json")
    npz = os.path.join(results_dir, stem + ".npz")
    if not os.path.lexists(js):
        return None
    record = read_json(js, max_json_bytes, max_depth)
    if not isinstance(record, dict):
        raise TransportError("the result JSON is not an object")
    arrays = read_npz(npz, max_npz_bytes, dtypes=dtypes) if os.path.lexists(npz) else {}
    return record, arrays
