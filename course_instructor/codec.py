"""The grader's value codec: a graded function's inputs and outputs as JSON plus arrays.

:func:`encode` turns a value into a JSON-able tree and puts its ndarrays, by key, in a
dict that is saved as an ``.npz`` without pickle; :func:`decode` is its inverse and
refuses anything malformed. Both sides of the sandbox use it: the grader
(:mod:`course_instructor.exercises`, :mod:`~course_instructor.scoring`,
:mod:`~course_instructor.resume`) and the child's program
(:mod:`course_instructor.runner`), which imports this file as ``_grading_codec``, the copy
:func:`course_instructor.jobs.build_library` puts beside it. So it depends on the
standard library only; NumPy is passed in as ``np``.

Limits: at most :data:`MAX_NODES` values, nesting depth 50 (decoding: 60), strings cut
at :data:`MAX_STR` characters, and arrays only of the dtypes in :data:`ALLOWED_DTYPES`
(others are described, not sent).
"""
import collections
import math
import sys

MAX_NODES = 100_000
MAX_STR = 1_000
ALLOWED_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                  "uint64", "float16", "float32", "float64", "complex64", "complex128"}


class EncodeError(ValueError):
    """The value is too large or too deeply nested to be encoded."""


def encode(value, arrays, np, _count=None, _depth=0):
    """JSON-able description of ``value``; ndarrays are put in ``arrays`` by key."""
    count = _count if _count is not None else [0]
    count[0] += 1
    if count[0] > MAX_NODES or _depth > 50:
        raise EncodeError("the value is too large or too deeply nested")
    if isinstance(value, np.ndarray):
        if value.dtype.name not in ALLOWED_DTYPES:
            return {"t": "other", "type": f"ndarray of dtype {value.dtype.name[:40]}",
                    "shape": list(value.shape)}
        key = f"a{len(arrays)}"
        arrays[key] = value
        return {"t": "nd", "key": key}
    if isinstance(value, np.generic):
        name = value.dtype.name
        if name not in ALLOWED_DTYPES:
            return {"t": "other", "type": f"numpy {name[:40]}"}
        if value.dtype.kind == "b":
            return {"t": "npscalar", "dtype": name, "v": bool(value)}
        if value.dtype.kind in "iu":
            return {"t": "npscalar", "dtype": name, "v": str(int(value))}
        if value.dtype.kind == "c":
            return {"t": "npscalar", "dtype": name,
                    "v": [float(value.real).hex(), float(value.imag).hex()]}
        return {"t": "npscalar", "dtype": name, "v": float(value).hex()}
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        text = str(value) if abs(value) < 10 ** 300 else ("huge" if value > 0 else "-huge")
        return {"t": "int", "v": text}
    if isinstance(value, float):
        return {"t": "float", "v": value.hex()}
    if isinstance(value, str):
        return {"t": "str", "v": value[:MAX_STR]}
    if isinstance(value, tuple) and isinstance(getattr(type(value), "_fields", None), tuple):
        return {"t": "namedtuple", "module": str(type(value).__module__)[:200],
                "name": type(value).__name__[:200],
                "fields": [str(f)[:200] for f in type(value)._fields],
                "items": [encode(v, arrays, np, count, _depth + 1) for v in value]}
    if isinstance(value, (list, tuple)):
        return {"t": "list" if isinstance(value, list) else "tuple",
                "items": [encode(v, arrays, np, count, _depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"t": "dict", "items": [[encode(k, arrays, np, count, _depth + 1),
                                        encode(v, arrays, np, count, _depth + 1)]
                                       for k, v in value.items()]}
    return {"t": "other", "type": type(value).__name__[:80]}


class Other:
    """A returned value of a kind that cannot be transported (described by its type)."""
    def __init__(self, description, shape=None):
        self.description = description
        self.shape = shape

    def __repr__(self):
        return self.description


def decode(spec, arrays, np, _depth=0, rebuild_namedtuples=False):
    """Inverse of :func:`encode`; raises ValueError on anything malformed.

    Named tuples come back as plain tuples, unless ``rebuild_namedtuples`` (used in the
    child for the grader's inputs, which are trusted): then as the class of that name in
    the module now loaded under the recorded name (the student's module, so that their
    own code sees their own cache class), or an equivalent ``collections.namedtuple``.
    """
    if _depth > 60 or not isinstance(spec, dict):
        raise ValueError("malformed value")
    t = spec.get("t")
    if t == "nd":
        key = spec.get("key")
        if not isinstance(key, str) or key not in arrays:
            raise ValueError("missing array")
        return arrays[key]
    if t == "npscalar":
        dtype = spec.get("dtype")
        if dtype not in ALLOWED_DTYPES:
            raise ValueError("bad dtype")
        kind = np.dtype(dtype).kind
        v = spec.get("v")
        if kind == "b":
            return np.bool_(bool(v))
        if kind in "iu":
            return np.dtype(dtype).type(int(v))
        if kind == "c":
            return np.dtype(dtype).type(complex(float.fromhex(v[0]), float.fromhex(v[1])))
        return np.dtype(dtype).type(float.fromhex(v))
    if t == "none":
        return None
    if t == "bool":
        return bool(spec["v"])
    if t == "int":
        v = spec["v"]
        return int(v) if v not in ("huge", "-huge") else (math.inf if v == "huge" else -math.inf)
    if t == "float":
        return float.fromhex(spec["v"])
    if t == "str":
        return str(spec["v"])
    if t in ("list", "tuple", "namedtuple"):
        items = [decode(s, arrays, np, _depth + 1, rebuild_namedtuples) for s in spec["items"]]
        if t == "list":
            return items
        if t == "namedtuple" and rebuild_namedtuples:
            fields = tuple(spec["fields"])
            cls = getattr(sys.modules.get(spec["module"]), spec["name"], None)
            if not (isinstance(cls, type) and issubclass(cls, tuple)
                    and getattr(cls, "_fields", None) == fields):
                cls = collections.namedtuple(spec["name"], fields)
            return cls(*items)
        return tuple(items)
    if t == "dict":
        out = {}
        for k, v in spec["items"]:
            key = decode(k, arrays, np, _depth + 1, rebuild_namedtuples)
            try:
                hash(key)
            except TypeError:
                raise ValueError("unhashable key") from None
            out[key] = decode(v, arrays, np, _depth + 1, rebuild_namedtuples)
        return out
    if t == "other":
        shape = spec.get("shape")
        return Other(str(spec.get("type"))[:120],
                     tuple(int(s) for s in shape) if isinstance(shape, list) else None)
    raise ValueError("malformed value")
