"""Step 4 of grading (course_instructor/scoring.py): a child's results -> verdicts.

No child runs here: each test writes the results folder a child (honest, broken or
hostile) could leave, and a RunResult saying how it ended, and checks the verdicts,
statuses and messages (said in English and, where they must not leak, in Chinese too).
Expected answers of the honest records come from the formula (sigmoid(z) = 1 / (1 + e^-z)),
never from the reference function.
"""
import json
import struct
import zipfile

import numpy as np
import pytest

from course_instructor import codec, exercises, scoring
from course_instructor.sandbox import RunResult

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def sigmoid():
    ex = next(e for e in exercises.select_exercises(["logistic_regression.sigmoid"]))
    return exercises.prepare(ex)


def formula(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def ran(**kw):
    """A RunResult of a child that exited normally, with ``kw`` changed."""
    fields = dict(returncode=0, signal=None, timed_out=False, wall=0.1, stderr="")
    fields.update(kw)
    return RunResult(**fields)


def write(folder, stem, record, arrays=None):
    folder.mkdir(exist_ok=True)
    (folder / f"{stem}.json").write_text(json.dumps(record))
    if arrays:
        with open(folder / f"{stem}.npz", "wb") as f:
            np.savez(f, **arrays)


def answer(folder, graded, i, value):
    """Write case ``i`` as a child that returned ``value`` and left its inputs alone."""
    arrays = {}
    out = codec.encode(value, arrays, np)
    after = codec.encode([list(graded.received[i][0]), graded.received[i][1]], arrays, np)
    write(folder, f"case_{i}", {"ok": True, "output": out, "inputs_after": after}, arrays)


def honest(folder, graded, upto=None):
    write(folder, "status", {"stage": "loaded"})
    for i, case in enumerate(graded.cases[:upto]):
        answer(folder, graded, i, formula(case.args[0]) if np.ndim(case.args[0])
               else float(formula(case.args[0])))


def score(graded, run, folder):
    return scoring.score(graded, run, folder, timeout=10, memory_mb=1024)


def said(graded, result, language="en"):
    """What each case of ``result`` says in the feedback."""
    return scoring.case_texts(graded, result, language)


# ------------------------------------------------------------------ statuses
def test_an_honest_child_gets_full_marks(sigmoid, tmp_path):
    honest(tmp_path, sigmoid)
    r = score(sigmoid, ran(), tmp_path)
    assert (r.status, r.score, r.points) == ("ok", 1.0, 1)
    assert said(sigmoid, r) == ["passed"] * 5 and said(sigmoid, r, "zh") == ["通过"] * 5


@pytest.mark.parametrize("run, status, message", [
    (ran(returncode=None, signal=9, timed_out=True), "timeout",
     "no result: the time limit of 10 s was exceeded"),
    (ran(returncode=None, signal=9, oom_killed=True), "memory",
     "no result: the memory limit of 1024 MB was exceeded"),
    (ran(returncode=None, signal=11), "crashed", "no result: the process crashed"),
    (ran(returncode=0), "exited", "no result: the process ended before returning"),
])
def test_missing_cases_say_how_the_child_ended(sigmoid, tmp_path, run, status, message):
    honest(tmp_path, sigmoid, upto=2)                 # two cases done, then it ended
    r = score(sigmoid, run, tmp_path)
    assert r.status == status and r.score == pytest.approx(2 / 5)
    assert [c.passed for c in r.cases] == [True, True, False, False, False]
    assert all(text.startswith(message) for text in said(sigmoid, r)[2:])


def test_ended_while_importing(sigmoid, tmp_path):
    r = score(sigmoid, ran(returncode=None, signal=11, stderr="Fatal Python error"), tmp_path)
    assert r.status == "crashed" and r.score == 0
    assert said(sigmoid, r)[0] == ("no result: the process crashed while importing "
                                   "course_utils/logistic_regression.py.")
    assert said(sigmoid, r, "zh")[0] == ("没有结果：导入 course_utils/logistic_regression.py 时"
                                         "进程崩溃了。")
    assert r.diagnostics == "killed by signal SIGSEGV"
    assert r.untrusted == {"stderr": "Fatal Python error"}


def test_import_error_keeps_the_message_for_the_instructor_only(sigmoid, tmp_path):
    write(tmp_path, "status", {"stage": "import", "error": {
        "type": "RuntimeError", "message": "hidden X = 0.123456", "line": 7}})
    r = score(sigmoid, ran(), tmp_path)
    assert r.status == "import-error"
    assert said(sigmoid, r)[0] == ("importing your course_utils/logistic_regression.py failed:"
                                   " your code raised RuntimeError at line 7.")
    assert all("0.123456" not in text for language in ("en", "zh")
               for text in said(sigmoid, r, language))
    assert r.untrusted["import_error"] == "hidden X = 0.123456"


def test_a_failed_sandbox_is_not_the_students_doing(sigmoid, tmp_path):
    honest(tmp_path, sigmoid)
    r = score(sigmoid, ran(returncode=None, problem="the job could not enter its cgroup",
                           sandbox_failed=True), tmp_path)
    assert r.status == "sandbox-error" and r.status in scoring.RETRY and r.score == 0
    assert r.cases[0].reason == scoring.SANDBOX_FAILED
    assert said(sigmoid, r)[0] == ("not graded: the grading sandbox failed on this exercise "
                                   "(not your code); your instructor will grade it again.")
    assert r.diagnostics == "the job could not enter its cgroup"


# ------------------------------------------------------------------ hostile results
def npy_header(descr, shape):
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}"
    header += " " * ((64 - (len(header) + 11) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin-1")


def stored_npz(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


@pytest.mark.parametrize("forge", ["deep_json", "huge_array", "object_dtype", "not_utf8",
                                   "npz_symlink", "deflated_npz", "not_a_dict"])
def test_forged_results_cost_only_their_case(sigmoid, tmp_path, forge):
    """The student's code can write /job/results itself: each forgery is refused before
    anything is loaded, costs that case ("could not be read back"), and the others stand."""
    honest(tmp_path, sigmoid)
    js, npz = tmp_path / "case_1.json", tmp_path / "case_1.npz"
    record = {"ok": True, "output": {"t": "nd", "key": "a0"}, "inputs_after": {"t": "none"}}
    if forge == "deep_json":
        js.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    elif forge == "not_utf8":
        js.write_bytes(b'{"ok": true, "x": "\xff\xfe"}')
    elif forge == "not_a_dict":
        js.write_text("[1, 2, 3]")
    else:
        js.write_text(json.dumps(record))
        npz.unlink()
        if forge == "huge_array":              # declares 8 TB, holds 16 bytes
            stored_npz(npz, {"a0.npy": npy_header("<f8", "(1000000000000,)") + b"\0" * 16})
        elif forge == "object_dtype":          # would need pickle
            stored_npz(npz, {"a0.npy": npy_header("|O", "(2,)") + b"\0" * 16})
        elif forge == "npz_symlink":
            npz.symlink_to("/etc/passwd")
        elif forge == "deflated_npz":          # a decompression bomb would be deflated
            with zipfile.ZipFile(npz, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("a0.npy", npy_header("<f8", "(1000,)") + b"\0" * 8000)
    r = score(sigmoid, ran(), tmp_path)
    assert r.status == "bad-result"
    assert [c.passed for c in r.cases] == [True, False, True, True, True]
    assert said(sigmoid, r)[1] == "your function's output could not be read back."
    assert r.diagnostics.startswith("case 2: ")


def test_a_forged_status_is_refused(sigmoid, tmp_path):
    honest(tmp_path, sigmoid)
    (tmp_path / "status.json").write_bytes(b"{" * 5000)
    r = score(sigmoid, ran(), tmp_path)
    assert r.status == "bad-result" and r.score == 0
    assert r.diagnostics == "status: the result JSON is nested too deeply"


def test_undecodable_and_oversized_values(sigmoid, tmp_path):
    honest(tmp_path, sigmoid)
    write(tmp_path, "case_0", {"ok": True, "output": {"t": "nd", "key": "missing"},
                               "inputs_after": {"t": "none"}})
    write(tmp_path, "case_2", {"ok": False, "too_big": True})
    write(tmp_path, "case_3", {"ok": True, "output": {"t": "mystery"}, "inputs_after": 1})
    r = score(sigmoid, ran(), tmp_path)
    assert [c.reason for c in r.cases] == [scoring.UNREADABLE, None, scoring.TOO_BIG,
                                           scoring.UNREADABLE, None]
    assert r.status == "ok" and r.score == pytest.approx(2 / 5)


# ------------------------------------------------------------------ nothing the child chose
def test_exception_text_type_and_names_stay_out_of_the_feedback(sigmoid, tmp_path):
    honest(tmp_path, sigmoid)
    secret = "0.5488135039273248"
    write(tmp_path, "case_0", {"ok": False, "error": {
        "type": f"Leak_{secret}", "message": f"X[0,0] = {secret}", "line": 3,
        "function": f"f_{secret}", "called": f"evil.{secret}"}})
    write(tmp_path, "case_1", {"ok": False, "error": {
        "type": "ValueError", "message": f"\x1b[2J{secret}", "line": True,
        "function": "sigmoid"}})
    r = score(sigmoid, ran(stderr=f"Traceback: {secret}"), tmp_path)
    assert said(sigmoid, r)[:2] == ["your code raised an exception.",
                                    "your code raised ValueError (in sigmoid)."]
    assert said(sigmoid, r, "zh")[:2] == ["你的代码抛出了 一个异常。",
                                          "你的代码抛出了 ValueError（在 sigmoid 中）。"]
    assert all(secret not in text for language in ("en", "zh")
               for text in said(sigmoid, r, language))
    assert secret not in repr(r.cases)          # nor kept in the verdicts the cache stores
    assert r.untrusted["case_errors"] == {"1": f"X[0,0] = {secret}", "2": f"\x1b[2J{secret}"}
    assert secret in r.untrusted["stderr"] and secret not in r.diagnostics


def test_a_hidden_case_names_no_line_of_the_students_code(sigmoid, tmp_path):
    """Breach 4 of issue 18: the line an exception was raised at is the student's choice
    (an exception at line N of a long file, N computed from a hidden input, carried 104
    hidden values out). The feedback of a hidden case gives the exception's type and the
    function only; the notebook's public check still shows the line. An error while
    importing the module, which no hidden input reaches, keeps its line."""
    honest(tmp_path, sigmoid)
    for i, line in enumerate((9731, 2)):
        write(tmp_path, f"case_{i}", {"ok": False, "error": {
            "type": "KeyError", "message": "", "line": line, "function": "sigmoid"}})
    r = score(sigmoid, ran(), tmp_path)
    for language in ("en", "zh"):
        texts = said(sigmoid, r, language)
        assert "9731" not in "".join(texts) and all(" 2 " not in t for t in texts[:2])
    assert said(sigmoid, r)[0].split("\n")[0] == "your code raised KeyError (in sigmoid)."
    assert all(c.reason is None or c.reason.error is None or c.reason.error.line is None
               for c in r.cases)                         # nor kept for the cache
    write(tmp_path, "status", {"stage": "import", "error": {
        "type": "SyntaxError", "message": "", "line": 12, "function": None}})
    r = score(sigmoid, ran(returncode=1), tmp_path)
    assert "line 12" in said(sigmoid, r)[0]


def test_a_wrong_number_of_dimensions_is_a_count(sigmoid, tmp_path):
    """Breach 4 of issue 18: an answer of 32 dimensions of size 0 or 1 was printed in
    full ("got (1, 1, 0, 0, 0, ...)"), 32 bits of a hidden input per case. A shape whose
    number of dimensions none of the case's own arrays has is said as that number, where
    a shape was expected (case 1: (3, 4)) and where a number was (a scalar case)."""
    honest(tmp_path, sigmoid)
    bits = (np.random.RandomState(18).rand(32) > 0.5).astype(int)
    bits[:3] = (1, 1, 0)                                    # a run of both values
    scalar = next(k for k, case in enumerate(sigmoid.cases) if np.ndim(case.args[0]) == 0)
    for i in (0, scalar):
        answer(tmp_path, sigmoid, i, np.zeros(tuple(bits)))
    answer(tmp_path, sigmoid, 4, np.zeros((2,) * 5))
    r = score(sigmoid, ran(), tmp_path)
    for language in ("en", "zh"):
        texts = said(sigmoid, r, language)
        for k in (0, scalar):
            flat = texts[k].replace(" ", "")
            assert "1,1,0" not in flat and "(1,1" not in flat and "0,0" not in flat, texts[k]
    assert said(sigmoid, r)[0].splitlines()[0] == \
        "s should have shape (3, 4); got an array of 32 dimensions."
    assert said(sigmoid, r, "zh")[0].startswith("s 的形状应为 (3, 4)，实际是一个 32 维的数组。")
    assert said(sigmoid, r)[scalar].splitlines()[0].endswith(
        "; got an ndarray of 32 dimensions.")
    assert said(sigmoid, r)[4].splitlines()[0] == \
        "s should have shape (2, 3, 2); got an array of 5 dimensions."


def test_sizes_the_output_chose_are_shown_only_if_the_case_has_them(sigmoid, tmp_path):
    """A shape can carry a number: a (3, 54881) answer to a (3, 4) case is shown as
    (3, ?); a transposed (4, 3) answer is shown as it is (4 and 3 are the case's)."""
    honest(tmp_path, sigmoid)
    answer(tmp_path, sigmoid, 0, np.zeros((3, 54881)))
    answer(tmp_path, sigmoid, 2, np.zeros((7, 1)))           # case 3's input is (1, 7)
    answer(tmp_path, sigmoid, 4, [0.0] * 9973)               # a list where an array goes
    r = score(sigmoid, ran(), tmp_path)
    texts = said(sigmoid, r)
    first, *rest = texts[0].splitlines()
    assert first == ("s should have shape (3, 4); got (3, ?). (? stands for a size that is "
                     "none of this case's own sizes.)")
    assert rest[-1] == "This case's inputs: z (3, 4)."
    assert texts[2].startswith("s should have shape (1, 7); got (7, 1).\nHint: "
                               "this is the transposed shape")
    assert "?" not in texts[2].splitlines()[0]
    assert texts[4].startswith("s should be an ndarray of shape (2, 3, 2); got a "
                               "list of ? items.")
    zh = said(sigmoid, r, "zh")
    assert zh[0].startswith("s 的形状应为 (3, 4)，实际是 (3, ?)。（? 表示")
    assert zh[4].startswith("s 应为形状为 (2, 3, 2) 的 ndarray，实际得到的是含 ? 项的 list。")
    assert all("54881" not in "".join(said(sigmoid, r, language))
               and "9973" not in "".join(said(sigmoid, r, language)) for language in ("en", "zh"))


def test_a_wrong_value_is_kept_without_the_numbers(sigmoid, tmp_path):
    """The verdict the grader keeps (and caches) holds the path, the counts and the hint,
    never the expected value or the student's numbers."""
    honest(tmp_path, sigmoid)
    k = next(k for k, case in enumerate(sigmoid.cases) if np.size(case.args[0]) > 1)
    z = sigmoid.cases[k].args[0]
    answer(tmp_path, sigmoid, k, formula(z) + 0.125)
    r = score(sigmoid, ran(), tmp_path)
    reason = r.cases[k].reason
    assert (reason.problem, reason.expected, reason.got, reason.index) == ("values", None,
                                                                           None, None)
    assert f"{float(np.ravel(formula(z))[0]):.6g}" not in repr(reason)
    assert said(sigmoid, r)[k].startswith(f"s differs from the expected values at "
                                          f"{np.size(z)} of {np.size(z)} entries")


def test_bound_sizes_keeps_known_sizes_and_type_names():
    from course_utils.checks.policy import Mismatch
    from course_utils.messages import Phrase
    sizes = scoring.case_sizes(np.zeros((3, 4)), [np.zeros(5)], {"a": 1, "b": 2})
    assert sizes == {0, 1, 2, 3, 4, 5, 12}      # dims, sizes (12, 5) and lengths (1, 2)
    mm = Mismatch("kind", "x", Phrase("kind.number", {}),
                  Phrase("kind.array", {"shape": (12, 99)}))
    assert scoring.bound_sizes(mm, sizes) and mm.got.text() == "an ndarray of shape (12, ?)"
    mm = Mismatch("kind", "x", Phrase("kind.number", {}),
                  Phrase("kind.sequence", {"type": "list", "n": 3}))
    assert not scoring.bound_sizes(mm, sizes) and mm.got.text() == "a list of 3 items"
    mm = Mismatch("length", "costs", 3, 3)
    assert not scoring.bound_sizes(mm, sizes) and mm.got == 3
    mm = Mismatch("length", "costs", 3, 1000)
    assert scoring.bound_sizes(mm, sizes) and f"{mm.got}" == "?"


def test_not_graded_submissions(sigmoid):
    from course_instructor.archive import Submission
    whole = scoring.not_graded(Submission("a", "a.zip", error="it is not a zip file"), sigmoid)
    assert whole.status == "not-graded" and whole.score == 0
    assert said(sigmoid, whole)[0] == "submission a was not graded: it is not a zip file."
    module = scoring.not_graded(Submission("b", "b", problems={
        "logistic_regression": "course_utils/logistic_regression.py is missing"}), sigmoid)
    assert said(sigmoid, module)[0] == ("not graded: course_utils/logistic_regression.py is "
                                        "missing.")
    assert scoring.not_graded(Submission("c", "c", modules={"logistic_regression": b""}),
                              sigmoid) is None
