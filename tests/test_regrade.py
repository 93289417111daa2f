"""Which time-outs the grader takes as final (breach 5 of issue 18).

The time limit is judged on CPU time (tests/test_sandbox.py holds that), so an exercise
that loops costs its limit once, in parallel with the other jobs. Before, every time-out
beside other jobs was graded again at the end, one submission at a time: six looping
submissions with ``--jobs 7`` cost their limits six times over, one after the other.
Now only a child that was starved of CPU (stopped by the wall-clock backstop while it
waited for a CPU) is graded again, and one starved even alone is not the student's doing.

The children are not run here: ``grade_batch`` is replaced by a fake that says how each
child ended, and the test counts what was graded again.
"""
import threading
from types import SimpleNamespace

import pytest

from course_instructor import autograder, scoring
from course_instructor.archive import Submission

pytestmark = pytest.mark.unit


def exercise(name):
    ex = SimpleNamespace(module="lr", function=name, id=f"lr.{name}", calls=())
    return SimpleNamespace(exercise=ex, id=ex.id, points=2, expected=[0, 0])


EXERCISES = [exercise("sigmoid"), exercise("propagate")]


class FakeCache:
    def __init__(self):
        self.stored = {}

    def key(self, sub, graded):
        return f"{sub.name}/{graded.id}"

    def get(self, key, graded):
        return None

    def put(self, key, result):
        self.stored[key] = result.status


class Fake:
    """grade_batch's stand-in: ``ends[(name, exercise id)]`` is a list of how each
    successive grading of that pair ends ("ok", "loops" or "starved")."""

    def __init__(self, ends):
        self.ends, self.calls, self.lock = ends, [], threading.Lock()

    def __call__(self, sub, batch, box, scratch, limits):
        out = []
        for graded in batch:
            with self.lock:
                self.calls.append((sub.name, graded.id))
                how = self.ends[(sub.name, graded.id)].pop(0)
            if how == "ok":
                out.append(scoring.make_result(graded, [scoring.CaseResult(True)] * 2, "ok"))
            else:
                r = scoring.all_fail(graded, scoring.ended("timeout", 10, 1024), "timeout")
                r.starved = how == "starved"
                out.append(r)
        return out


def run(monkeypatch, ends, jobs):
    fake = Fake(ends)
    monkeypatch.setattr(autograder, "grade_batch", fake)
    subs = [Submission(name, name) for name in sorted({name for name, _ in ends})]
    cache = FakeCache()
    bar = SimpleNamespace(finished=lambda *a: None)
    results, _ = autograder._grade_all(subs, EXERCISES, SimpleNamespace(stop=lambda: None),
                                       None, None, cache, jobs, bar)
    return fake.calls, results, cache.stored


def test_a_looping_child_is_graded_once_beside_other_jobs(monkeypatch):
    """Three submissions loop in every exercise, one is correct, four jobs: each pair is
    graded exactly once (the old grader graded the six looping pairs a second time)."""
    ends = {(name, ex.id): ["loops"] for name in ("a", "b", "c") for ex in EXERCISES}
    ends.update({("d", ex.id): ["ok"] for ex in EXERCISES})
    calls, results, stored = run(monkeypatch, ends, jobs=4)
    assert sorted(calls) == sorted(ends)
    assert [results[n]["lr.sigmoid"].status for n in "abcd"] == ["timeout"] * 3 + ["ok"]
    assert stored["a/lr.propagate"] == "timeout" and stored["d/lr.sigmoid"] == "ok"


def test_only_a_starved_child_is_graded_again_alone(monkeypatch):
    """b's sigmoid was starved beside other jobs: graded again at the end, and that
    verdict (ok) is the one kept and cached. a's loop is final."""
    ends = {("a", "lr.sigmoid"): ["loops"], ("a", "lr.propagate"): ["ok"],
            ("b", "lr.sigmoid"): ["starved", "ok"], ("b", "lr.propagate"): ["ok"]}
    calls, results, stored = run(monkeypatch, ends, jobs=2)
    assert calls.count(("b", "lr.sigmoid")) == 2 and calls.count(("a", "lr.sigmoid")) == 1
    assert calls[-1] == ("b", "lr.sigmoid")                  # after everything else
    assert results["b"]["lr.sigmoid"].status == "ok" and stored["b/lr.sigmoid"] == "ok"
    assert results["a"]["lr.sigmoid"].status == "timeout"


def test_starved_even_alone_is_not_the_students_time_out(monkeypatch):
    """Starved when graded alone too (the machine's load): "sandbox-error", said as the
    machine's doing, never cached, so that the next run grades it again."""
    ends = {("a", "lr.sigmoid"): ["starved", "starved"], ("a", "lr.propagate"): ["ok"],
            ("b", "lr.sigmoid"): ["ok"], ("b", "lr.propagate"): ["ok"]}
    _, results, stored = run(monkeypatch, ends, jobs=2)
    r = results["a"]["lr.sigmoid"]
    assert r.status == "sandbox-error" and r.score == 0 and "starved" in r.diagnostics
    assert all(c.reason == scoring.STARVED for c in r.cases)
    assert "too busy" in scoring.say(EXERCISES[0], 0, r.cases[0].reason, "en")
    assert stored["a/lr.sigmoid"] == "sandbox-error"   # put() is the real cache's to refuse
    _, results, _ = run(monkeypatch, {("a", "lr.sigmoid"): ["starved"],
                                      ("a", "lr.propagate"): ["ok"]}, jobs=1)
    assert results["a"]["lr.sigmoid"].status == "sandbox-error"     # alone from the start
