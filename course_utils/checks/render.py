"""A Mismatch said in words, in a language: with values in the notebook, without in the
grader's feedback.

:func:`render` turns a :class:`~course_utils.checks.policy.Mismatch` into the lines a
student reads. With ``reveal=True`` (a public check in the notebook) it shows the numbers
that differ, the exception's own message (NumPy's shape errors restated in the course's
words by :func:`numpy_detail`) and the student's line; with ``reveal=False`` (the
grader's feedback on a hidden case) only kinds, shapes, counts and the hint. The case's
inputs are described by :func:`shapes_of`: arrays by shape, never by value.
"""
import numpy as np

from course_utils.checks.diagnosis import BROADCAST, DOT, MATMUL
from course_utils.checks.policy import as_number, describe
from course_utils.messages import text


def _fmt(x):
    if isinstance(x, float):
        return f"{x:.8g}"
    return repr(x)


def shapes_of(args, kwargs, names, reveal=True, language=None):
    """'w (2, 1), b=0.5, X (2, 3)': a case's inputs, arrays by shape (never by value).

    With ``reveal`` (public cases) plain numbers and strings are shown as they are;
    without it (hidden cases) only as "a number", "a str".
    """
    def one(name, v):
        if isinstance(v, np.ndarray):
            return f"{name} {v.shape}"
        if isinstance(v, dict):
            inner = ", ".join(one(k, x) for k, x in list(v.items())[:8])
            return f"{name} {{" + inner + (", ..." if len(v) > 8 else "") + "}"
        if v is None or isinstance(v, (str, bool)) or as_number(v) is not None:
            if reveal:
                return f"{name}={v!r}"
            if v is None:
                return f"{name}: None"
            if as_number(v) is not None:
                return f"{name}: " + text("kind.a_number", language)
        return f"{name}: " + describe(v).text(language)
    parts = [one(names[i] if i < len(names) else f"argument {i + 1}", v)
             for i, v in enumerate(args)]
    parts += [one(k, v) for k, v in kwargs.items()]
    return ", ".join(parts)


def numpy_detail(error, language=None):
    """NumPy's shape errors said in the course's words, with their sizes (notebook only)."""
    msg = error.message or ""
    if m := MATMUL.search(msg):
        return text("detail.matmul", language, rows=m.group(1), columns=m.group(2))
    if m := DOT.search(msg):
        return text("detail.dot", language, left=f"({m.group(1)})", right=f"({m.group(2)})")
    if m := BROADCAST.search(msg):
        return text("detail.broadcast", language, shapes=" and ".join(m.group(1).split()))
    return None


def render(mm, reveal, function, inputs="", language=None):
    """The message for a mismatch; ``reveal`` adds values and NumPy's own words.

    function : the exercise's name;  inputs : the case's inputs as :func:`shapes_of`
    describes them (shown after a mismatch of kind or shape);  language : "en", "zh"
    or None (the current one)
    """
    def _(key, **fields):
        return text(key, language, **fields)
    p = mm.problem
    if p == "raised":
        e = mm.error
        where = (_("mismatch.where.line", line=e.line, function=e.function) if e.line and e.function
                 else _("mismatch.where.line_only", line=e.line) if e.line
                 else _("mismatch.where.function", function=e.function) if e.function else "")
        if e.type == "NotImplementedError":            # a stub, in the grader only
            lines = [_("mismatch.raised.not_done", where=where)]
        elif reveal:
            detail = numpy_detail(e, language)
            lines = [_("mismatch.raised.public", type=e.type, where=where,
                       message=detail or e.message)]
            if e.code:
                lines.append(f"    {e.code}")
            if detail:
                lines.append(_("check.numpy_said", message=e.message))
        else:
            kind = e.type or _("mismatch.raised.unknown_type")    # not a built-in exception
            lines = [_("mismatch.raised.hidden", type=kind, where=where)]
    elif p == "changed":
        lines = [_("mismatch.changed", path=mm.path)]
    elif p == "returns":
        lines = [_("mismatch.returns", function=function, n=mm.expected, names=mm.path, got=mm.got)]
    elif p == "kind":
        lines = [_("mismatch.kind", path=mm.path, expected=mm.expected, got=mm.got)]
    elif p == "missing":
        lines = [_("mismatch.missing", path=mm.path, missing=", ".join(map(repr, mm.got)))]
    elif p == "length":
        lines = [_("mismatch.length", path=mm.path, expected=mm.expected, got=mm.got)]
    elif p == "shape":
        lines = [_("mismatch.shape", path=mm.path, expected=mm.expected, got=mm.got)]
    elif p == "ndim":                   # the grader's: a shape of other dimensions, counted
        lines = [_("mismatch.ndim", path=mm.path, expected=mm.expected, got=mm.got)]
    elif p == "dtype":
        lines = [_("mismatch.dtype", path=mm.path, got=mm.got)]
    elif p == "nan":
        lines = [_("mismatch.nan", path=mm.path, count=mm.count, total=mm.total)]
    elif p == "values":
        tol = _("mismatch.tolerance", rtol=mm.tolerance[0], atol=mm.tolerance[1])
        lines = [_("mismatch.values.public", path=mm.path, count=mm.count, total=mm.total,
                   index=mm.index, expected=_fmt(mm.expected), got=_fmt(mm.got), tol=tol)
                 if reveal else
                 _("mismatch.values.hidden", path=mm.path, count=mm.count, total=mm.total, tol=tol)]
    else:
        tol = _("mismatch.tolerance", rtol=mm.tolerance[0], atol=mm.tolerance[1])
        lines = [_("mismatch.value.public", path=mm.path, expected=_fmt(mm.expected),
                   got=_fmt(mm.got), tol=tol)
                 if reveal else _("mismatch.value.hidden", path=mm.path, tol=tol)]
    if mm.hint:
        key, fields = mm.hint
        if reveal and key == "hint.error_validation":
            key = "hint.error_validation.public"
        lines.append(_("mismatch.hint", text=_(key, **fields)))
    if inputs and p in ("raised", "shape", "ndim", "kind", "returns"):
        lines.append(_("mismatch.inputs", inputs=inputs))
    return "\n".join(lines)
