"""One verdict: over the corpus of correct answers and planted mistakes (tests/corpus.py),
for every variant and every exercise it can affect (its own function and the graded
functions that call it), the public check passes exactly when the grader gives full marks.

The grader runs each (variant, exercise) as it grades a cohort: a child process on the
hidden cases, judged by the same engine as the checks. Exercises a variant cannot affect
(their code is the reference's and does not call the changed function) are left out.
"""
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from corpus import VARIANTS, load_variant, module_source, public_message

from course_instructor import archive, autograder, exercises, jobs, scoring
from course_instructor.sandbox import sandbox_available
from course_utils import registry

AVAILABLE, REASON = sandbox_available()
pytestmark = [pytest.mark.sandbox,
              pytest.mark.skipif(not AVAILABLE, reason=f"the sandbox cannot run here: {REASON}")]

REPO = Path(__file__).resolve().parents[1]


def affected(variant):
    """The exercises of the variant's module whose result can depend on the variant (all
    of them when it adds imports at the module's top)."""
    lesson = registry.exercises(variant.module)
    if variant.header:
        return list(lesson)
    hit = {variant.function}
    changed = True
    while changed:
        changed = False
        for ex in lesson:
            if ex.function not in hit and hit & set(ex.calls):
                hit.add(ex.function)
                changed = True
    return [ex for ex in lesson if ex.function in hit]


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """{(variant name, exercise id): (public passed, grader full marks, messages)}."""
    import importlib
    tmp = tmp_path_factory.mktemp("agreement")
    limits = jobs.Limits(timeout=20)
    pairs = [(v, ex) for v in VARIANTS for ex in affected(v)]
    prepared = {ex.id: exercises.prepare(ex) for ex in {ex.id: ex for _, ex in pairs}.values()}
    scratch = Path(tempfile.mkdtemp(prefix="agreement-", dir=tmp))
    library = jobs.build_library(scratch / "library")
    subs = {}
    for v in VARIANTS:
        subs[v.name, v.module] = archive.Submission(
            v.name, "corpus", modules={v.module: module_source(REPO, v).encode()})

    def grade(pair):
        v, ex = pair
        result = autograder.grade_one(subs[v.name, v.module], prepared[ex.id], library,
                                      scratch, limits)
        said = scoring.case_texts(prepared[ex.id], result)
        return result.score == result.points, [t for c, t in zip(result.cases, said)
                                               if not c.passed]

    with ThreadPoolExecutor(max_workers=2) as pool:
        graded = list(pool.map(grade, pairs))
    out = {}
    for (v, ex), (full, messages) in zip(pairs, graded):
        module = load_variant(REPO, v, tmp)
        checks = importlib.import_module(f"course_utils.checks.{v.module}")
        as_public = type(v)(v.name, v.module, ex.function, v.body)
        passed, message = public_message(checks, as_public, module)
        out[v.name, v.module, ex.id] = (passed, full, message, messages)
    shutil.rmtree(scratch, ignore_errors=True)
    return out


def test_the_corpus_is_graded_on_every_exercise_it_can_affect(verdicts):
    assert len({(name, module) for name, module, _ in verdicts}) == len(VARIANTS) >= 60
    assert len(verdicts) >= 150


def test_the_public_check_passes_exactly_when_the_grader_gives_full_marks(verdicts):
    disagree = {key: (p, g, m, h[:1]) for key, (p, g, m, h) in verdicts.items() if p != g}
    assert not disagree, disagree


def test_correct_answers_get_full_marks_and_mistakes_lose_points(verdicts):
    for v in VARIANTS:
        passed, full, _, hidden = verdicts[v.name, v.module, f"{v.module}.{v.function}"]
        assert full == v.correct, (v.name, hidden[:1])


def test_every_lost_point_comes_with_a_course_message(verdicts):
    for (name, _module, ex), (_passed, full, message, hidden) in verdicts.items():
        if not full:
            assert hidden and all(m and m != "passed" for m in hidden), (name, ex)
            assert message, (name, ex)          # the public check said something too


def _dump(verdicts):          # debugging aid: python -c "..." (not a test)
    for key, (p, g, m, h) in sorted(verdicts.items()):
        if p != g:
            print(key, "public" if p else "grader", "passes;", (m or h[:1])[:300])
