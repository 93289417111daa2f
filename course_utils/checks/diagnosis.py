"""Which difference to report, and the hint that explains it.

:func:`judge` decides one case: ``None`` when the answer is accepted (the policy of
:mod:`~course_utils.checks.policy`), else the :class:`~course_utils.checks.policy.Mismatch`
to report, with the hint (a key of :mod:`course_utils.messages` and its fields) of the
usual mistake that explains it: a missing ``/ m``, a transposed shape, an update that
goes uphill, ``>=`` instead of ``>`` ... (:func:`hint_for`). An exception raised by the
student's code is located in their own lines (:func:`describe_exception`) and, when it
is one of NumPy's shape errors or another usual one, classified (:func:`classify_error`).
"""
import inspect
import itertools
import re

import numpy as np

from course_utils.checks.policy import (
    Case, ErrorInfo, Mismatch, as_number, compare, describe, mismatches)

# ----------------------------------------------------------------------------- outputs

def _leaf_name(path):
    """The innermost name of a path: 'grads["db"]' -> 'db', 'costs[1]' -> 'costs'."""
    path = re.sub(r" \(\w+\)$", "", path)
    keys = re.findall(r'\["([^"]+)"\]', path)
    return keys[-1] if keys else re.sub(r"\[.*", "", path)


def _role(path):
    """What the output at ``path`` is: a "gradient", a "cost", a "parameter" or "other"."""
    name = _leaf_name(path)
    if re.fullmatch(r"d[A-Za-z]\w*", name):
        return "gradient"
    if name in ("cost", "costs"):
        return "cost"
    if re.fullmatch(r"(w|b|W\d+|b\d+)", name):
        return "parameter"
    return "other"


def _leaf(value, path, root):
    """The part of ``value`` (named ``root``) at ``path``, or None if it is not there."""
    rest = path[len(root):]
    for key, index in re.findall(r'\["([^"]+)"\]|\[(\d+)\]', re.sub(r" \(\w+\)", "", rest)):
        try:
            value = value[key] if key else value[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _input_like(case_args, path, names=()):
    """The input the output at ``path`` updates (the argument or dict entry of that name)."""
    name = _leaf_name(path)
    for i, arg in enumerate(case_args):
        if i < len(names) and names[i] == name and \
                (as_number(arg) is not None or isinstance(arg, np.ndarray)):
            return arg
        if isinstance(arg, dict) and isinstance(arg.get(name), np.ndarray):
            return arg[name]
    return None


def _close(a, b):
    return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=1e-5, atol=1e-9))


# ----------------------------------------------------------------------------- hints

def hint_for(mm, got_leaf, expected_leaf, case, context):
    """(key, fields) of the hint that explains ``mm``, or None when none applies.

    ``context``: function (its name), trains (it takes a learning_rate), args (the case's
    inputs as the function received them), names (its argument names).
    """
    role, name = _role(mm.path), _leaf_name(mm.path)
    if mm.problem == "kind":
        return _kind_hint(got_leaf, expected_leaf, name)
    if mm.problem == "shape":
        return _shape_hint(mm.expected, mm.got, name, context.get("function", ""))
    if mm.problem == "length" and name == "costs":
        return "hint.costs_every_100", {}
    if mm.problem == "nan":
        return ("hint.nan_saturated", {}) if case.kind == "saturated" else ("hint.nan", {})
    if mm.problem not in ("values", "value"):
        return None
    got_a, exp_a = np.asarray(got_leaf, dtype=float), np.asarray(expected_leaf, dtype=float)
    if case.kind == "tie at 0.5":
        return "hint.threshold", {}
    trains = context.get("trains", False)
    if role == "parameter" and trains:
        before = _input_like(context.get("args", ()), mm.path, context.get("names", ()))
        if before is not None and _close(got_a, before):
            return "hint.unchanged", {"name": name}
        if before is not None and _close(got_a, 2 * before - exp_a):
            return "hint.uphill", {"name": name}
        if np.any(exp_a != 0) and _close(got_a, -exp_a):
            return "hint.uphill", {"name": name}
    if role == "cost" and trains and got_a.ndim == 1 and got_a.size > 1:
        if got_a[-1] > got_a[0] and exp_a[-1] < exp_a[0]:
            return "hint.uphill", {"name": "w"}
    if role in ("gradient", "cost") and np.any(exp_a != 0):
        if _close(got_a, -exp_a):
            return ("hint.sign_cost", {}) if role == "cost" else ("hint.sign_gradient", {})
        if case.m and case.m > 1:
            if _close(got_a, exp_a * case.m):
                return "hint.times_m", {}
            if _close(got_a, exp_a / case.m):
                return "hint.divided_twice", {}
    if got_a.shape == exp_a.shape and got_a.size >= 3 and np.all(exp_a != 0) \
            and np.all(np.isfinite(got_a)):
        ratio = got_a / exp_a                      # the same factor everywhere (not 0 or 1)?
        if np.allclose(ratio, ratio.flat[0], rtol=1e-4) and abs(ratio.flat[0] - 1) > 1e-3 \
                and abs(ratio.flat[0]) > 1e-3:
            return "hint.scaled", {}
    if role == "parameter" and context.get("function", "").startswith("initialize"):
        return ("hint.zero_biases", {}) if name.startswith("b") else ("hint.random_draws", {})
    return None


def _kind_hint(got, expected, name):
    if got is None:
        return "hint.none", {}
    if isinstance(expected, np.ndarray) and as_number(got) is not None:
        return ("hint.db_sum", {}) if name.startswith("db") else ("hint.number_for_array", {})
    if as_number(expected) is not None and isinstance(got, np.ndarray):
        return ("hint.squeeze", {}) if got.size == 1 else ("hint.array_for_number", {})
    if isinstance(expected, np.ndarray) and isinstance(got, list) and \
            all(as_number(x) is not None or isinstance(x, list) for x in got):
        return "hint.list_for_array", {}
    return None


def _shape_hint(exp, got, name, function):
    if len(got) == 2 and len(exp) == 2 and got == exp[::-1] and exp[0] != exp[1]:
        return "hint.transposed", {}
    if len(got) == 1 and len(exp) == 2 and got[0] == exp[0] * exp[1]:
        if name.startswith("db"):
            return "hint.keepdims", {}
        if function.startswith("initialize"):
            return "hint.shape_tuple", {"shape": exp}
        return "hint.one_d", {"shape": exp}
    if len(got) == 2 and got[0] == got[1] and len(exp) == 2 and 1 in exp \
            and got[0] in exp and got[0] > 1:
        return "hint.square", {}
    if name.startswith("db") and len(got) == 2 and got == (1, 1) and exp[0] > 1:
        return "hint.db_axis", {}
    return None


def remind(mm, reminders):
    """Give ``mm`` the formula reminder of its output when no hint explains it.

    ``reminders``: {output name: key of the reminder in course_utils.messages}.
    """
    if mm.hint is None and reminders and mm.problem not in ("raised", "changed"):
        key = reminders.get(_leaf_name(mm.path)) or reminders.get(mm.path.split("[")[0])
        if key:
            mm.hint = (key, {})
    return mm


# ----------------------------------------------------------------------------- judging

# Mistakes that make other outputs differ too (b never updated also changes w's path):
# the difference they explain is reported even when an earlier one came first.
_ROOT_CAUSES = {"hint.unchanged", "hint.uphill", "hint.times_m", "hint.divided_twice",
                "hint.sign_gradient", "hint.sign_cost"}


def judge(outputs, case, outcome, expected, context=None):
    """Decide one case: None if the answer is accepted, else a Mismatch (with its hint).

    outputs : the names of the returned values (from the docstring; several = a tuple)
    case : the Case;  outcome : what the call did;  expected : the right answer
    context : dict with "function", "trains", "args" and "names" (see :func:`hint_for`)
    """
    context = context or {}
    if outcome.error is not None:
        return Mismatch("raised", error=outcome.error, hint=explain_error(outcome.error))
    if outcome.changed:
        return Mismatch("changed", outcome.changed, hint=("hint.changed", {}))
    got = outcome.got
    if len(outputs) == 1:
        pairs = [(outputs[0], got, expected)]
    else:
        if not isinstance(got, (tuple, list)) or len(got) != len(outputs):
            return Mismatch("returns", ", ".join(outputs), len(outputs), describe(got))
        pairs = list(zip(outputs, got, expected))
    found = []
    for name, g, e in pairs:
        for mm in mismatches(g, e, name, case):
            mm.hint = hint_for(mm, _leaf(g, mm.path, name), _leaf(e, mm.path, name),
                               case, context)
            found.append(mm)
            if mm.hint and mm.hint[0] in _ROOT_CAUSES or len(found) >= 20:
                break
        if found and found[-1].hint and found[-1].hint[0] in _ROOT_CAUSES:
            break
    if not found:
        return None
    first = next((mm for mm in found if mm.hint and mm.hint[0] in _ROOT_CAUSES), found[0])
    if first.hint is None and len(pairs) > 1 and first.problem in ("kind", "shape") \
            and _other_order_fits(got, expected):
        first.hint = ("hint.order", {"names": ", ".join(outputs)})
    return first


def _other_order_fits(got, expected):
    """Whether the returned values, in another order, have the expected kinds."""
    any_value = Case("x", (), rtol=0.0, atol=1e300)
    for perm in itertools.permutations(range(len(got))):
        if list(perm) == list(range(len(got))):
            continue
        if all(compare(got[p], e, "x", any_value) is None for p, e in zip(perm, expected)):
            return True
    return False


# ----------------------------------------------------------------------------- exceptions

MATMUL = re.compile(r"matmul: Input operand \d has a mismatch in its core dimension \d.*"
                    r"\(size (\d+) is different from (\d+)\)")
DOT = re.compile(r"shapes \(([\d, ]*)\) and \(([\d, ]*)\) not aligned")
BROADCAST = re.compile(r"operands could not be broadcast together with shapes ((?:\([\d,]*\) ?)+)")
_VALIDATION = re.compile(r"[\w\[\]'\"]+ (must|is missing|should) ")
_UNPACK = re.compile(r"(too many values to unpack|not enough values to unpack|cannot unpack "
                     r"non-iterable)")
_ERROR_HINTS = {"matmul": "hint.error_matmul", "broadcast": "hint.error_broadcast",
                "unpack": "hint.error_unpack", "name": "hint.error_name",
                "none": "hint.error_none", "key": "hint.error_key",
                "validation": "hint.error_validation"}


def classify_error(error):
    """The kind of mistake an exception reveals, from a fixed list (for hints): "matmul",
    "broadcast", "unpack", "name", "none", "key", "validation" (one of the course's input
    validations refused a value) or None."""
    msg, kind = error.message or "", error.type
    if kind == "ValueError" and (MATMUL.search(msg) or DOT.search(msg)):
        return "matmul"
    if kind == "ValueError" and BROADCAST.search(msg):
        return "broadcast"
    if kind in ("ValueError", "TypeError") and _UNPACK.search(msg):
        return "unpack"
    if kind in ("NameError", "UnboundLocalError"):
        return "name"
    if kind == "TypeError" and "NoneType" in msg:
        return "none"
    if kind == "KeyError":
        return "key"
    if kind in ("ValueError", "TypeError") and _VALIDATION.match(msg):
        return "validation"
    return None


def explain_error(error):
    """(key, fields) of the hint for an exception, or None."""
    kind = classify_error(error)
    return (_ERROR_HINTS[kind], {}) if kind else None


def describe_exception(err, student_file):
    """ErrorInfo of ``err``, located in the student's own code in ``student_file``.

    The frame reported is the innermost one whose line lies inside a solution region of
    that file (the code the student wrote), so an error raised by the course's input
    validation around an exercise points at the student's line that called it.
    """
    frames = inspect.getinnerframes(err.__traceback__, context=1) if err.__traceback__ else []
    info = ErrorInfo(type(err).__name__[:80], str(err)[:2000])
    if isinstance(err, SyntaxError) and err.lineno:
        info.line = err.lineno
    regions = _student_lines(student_file)
    mine = [i for i, f in enumerate(frames) if f.filename == student_file]
    written = [i for i in mine if any(begin < frames[i].lineno < end for begin, end in regions)]
    written = written or mine
    if written:
        f = frames[written[-1]]
        info.line, info.function = f.lineno, f.function
        info.code = (f.code_context or [""])[0].strip()[:200] or None
    return info


def _student_lines(path):
    """(begin, end) line numbers (1-based, exclusive) of the file's solution regions."""
    from course_utils.markers import MarkerError, find_regions
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return [(r.begin + 1, r.end + 1) for r in find_regions(text, path)]
    except (OSError, UnicodeDecodeError, MarkerError, ValueError):
        return []
