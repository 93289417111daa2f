"""Running a public check: the student's function on each public case, one line or a message.

Each lesson's checks module names its checks one per line, e.g.::

    check_propagate = public_check(propagate_cases)

A check calls the student's function on every case (:func:`run_case`), decides with the
grader's engine (:func:`~course_utils.checks.diagnosis.judge`) and prints one line when
every case passes (:func:`run_check`); otherwise it raises :class:`CheckFailed` with the
first difference said with its values (:func:`~course_utils.checks.render.render`). When
the function calls another graded function of its lesson that does not pass its own
check, the message says to fix that one first. An exercise still at its stub raises
:class:`ExerciseNotDone`, which stops the notebook with the stub's message.
"""
import copy
import inspect
import sys
import warnings

import numpy as np

from course_utils import registry
from course_utils.checks import imports
from course_utils.checks.diagnosis import describe_exception, judge, remind
from course_utils.checks.policy import Outcome, describe, first_change
from course_utils.checks.render import render, shapes_of
from course_utils.messages import text as _


class CheckFailed(AssertionError):
    """A graded function gave a wrong answer on a public case (shown without a stack)."""

    def _render_traceback_(self):            # IPython shows this instead of a traceback
        return [f"CheckFailed: {self}"]


class ExerciseNotDone(NotImplementedError):
    """The exercise is still the student edition's stub."""

    def _render_traceback_(self):
        return [f"NotImplementedError: {self}"]


def argument_names(func):
    """The names of ``func``'s positional parameters (for messages), or []."""
    try:
        return [p.name for p in inspect.signature(func).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return []


def run_case(func, case, names=None):
    """Call ``func`` on ``case`` in this process; return its Outcome.

    NumPy's floating-point events are recorded instead of warned about, NumPy's global
    random state is restored afterwards (seeding it is allowed), and the arguments are
    compared with a snapshot to find in-place changes. ``NotImplementedError`` (the
    student edition's stub) propagates as :class:`ExerciseNotDone`.
    """
    args, kwargs = case.fresh()
    names = names or argument_names(func)
    before = copy.deepcopy((args, kwargs))
    events = []
    state = np.random.get_state()
    outcome = Outcome()
    try:
        with np.errstate(over="call", divide="call", invalid="call", under="ignore",
                         call=lambda kind, flag: events.append(kind)), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcome.got = func(*args, **kwargs)
    except NotImplementedError as err:
        raise ExerciseNotDone(_not_done_text(err)) from None
    except Exception as err:                       # noqa: BLE001 -- judged, not hidden
        outcome.error = describe_exception(err, inspect.getsourcefile(func) or "")
    finally:
        np.random.set_state(state)
    outcome.changed = first_change(before, (args, kwargs), names)
    outcome.fp_events = tuple(dict.fromkeys(events))
    return outcome


def _not_done_text(err):
    """The stub's message, and where it was raised."""
    tb = err.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return str(err)
    return f"{err}" + _("check.not_done_where", line=tb.tb_lineno,
                        file=tb.tb_frame.f_code.co_filename)


def run_check(function, func, cases, outputs, quiet=False, note_on_events=None,
              reminders=None, dependencies=None):
    """Run a public check: print one line if every case passes, else raise CheckFailed.

    function : the exercise's name;  func : the student's function;  cases : public Cases
    outputs : the names of the returned values;  note_on_events : key of the note printed
    when NumPy reported floating-point events during a passing check;  reminders :
    {output name: reminder key} shown with a values mismatch of that output that no hint
    explains;  dependencies : {name: check} of the other graded functions: when ``func``
    calls one of them and fails, the message says whether that one passes its own check.
    """
    if not callable(func):
        raise TypeError(_("check.not_callable", function=function, got=describe(func)))
    names = argument_names(func)
    context = {"function": function, "trains": "learning_rate" in names, "names": names}
    graded = [c for c in cases if c.note is None]
    events, notes = [], []
    recorder = _RecordingCalls(func, dependencies or {})
    with recorder as called:
        for case in cases:
            outcome = run_case(func, case, names)
            if case.note is None:
                events += outcome.fp_events
            args, kwargs = case.fresh()
            mm = judge(outputs, case, outcome, case.expected, dict(context, args=args))
            if mm and case.note is not None:
                notes.append(_(case.note[0], **case.note[1]))
                continue
            if mm:
                break
        else:
            mm = None
    if mm:
        remind(mm, reminders)
        message = render(mm, True, function, shapes_of(args, kwargs, names))
        for name in called:
            if not _passes(dependencies[name], recorder.saved[name]):
                message += "\n" + _("note.line", text=_("note.dependency", function=function,
                                                    other=name))
        raise CheckFailed(_("check.case_header", function=function, case=case.name) + message)
    if not quiet:
        print(_("check.passed" if len(graded) != 1 else "check.passed_one", function=function,
                n=len(graded)))
        for note in dict.fromkeys(notes):
            print(_("note.line", text=note))
        if events:
            print(_("note.line", text=_(note_on_events) if note_on_events else
                    _("note.fp_events", events=", ".join(dict.fromkeys(events)))))


def _passes(check, func):
    """Whether ``func`` passes ``check`` (run quietly)."""
    try:
        check(func, quiet=True)
    except (CheckFailed, ExerciseNotDone):
        return False
    return True


class _RecordingCalls:
    """Record which of ``dependencies`` (names in ``func``'s module) ``func`` calls."""

    def __init__(self, func, dependencies):
        self.globals = getattr(func, "__globals__", {})
        self.names = [n for n in dependencies if callable(self.globals.get(n))]
        self.called, self.saved = [], {}

    def __enter__(self):
        for name in self.names:
            original = self.saved[name] = self.globals[name]

            def wrapper(*args, _name=name, _original=original, **kwargs):
                if _name not in self.called:
                    self.called.append(_name)
                return _original(*args, **kwargs)
            wrapper.__wrapped__ = original
            self.globals[name] = wrapper
        return self.called

    def __exit__(self, *exc):
        self.globals.update(self.saved)
        return False


def public_check(cases):
    """The public check of a graded function, from its public cases' factory
    ``<function>_cases``.

    The lesson is the checks module that defines ``cases``
    (``course_utils/checks/<module>.py``, for ``course_utils/<module>.py``). That module's
    optional ``NOTES`` ({function: key of a note printed when NumPy warned during a
    passing check}) and ``REMINDERS`` ({function: {output: reminder key}}) are used, and
    its other checks are the dependencies.
    """
    function = cases.__name__.removesuffix("_cases")
    checks_module = cases.__module__
    module = checks_module.rsplit(".", 1)[-1]

    def check(func, quiet=False):
        imports.refuse_unprovided(func, module, function)
        namespace = vars(sys.modules[checks_module])
        others = {ex.function: namespace[f"check_{ex.function}"]
                  for ex in registry.exercises(module)
                  if ex.function != function and f"check_{ex.function}" in namespace}
        return run_check(function, func, cases(), registry.exercise(module, function).outputs,
                         quiet=quiet,
                         note_on_events=namespace.get("NOTES", {}).get(function),
                         reminders=namespace.get("REMINDERS", {}).get(function),
                         dependencies=others)

    check.__name__ = check.__qualname__ = f"check_{function}"
    check.__module__ = checks_module
    check.__doc__ = (f"Check {function}() of course_utils/{module}.py on its public cases; "
                     f"print one line if it passes, else raise CheckFailed.")
    check.function = function
    return check
