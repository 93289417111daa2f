"""The course's one string table (course_utils/messages/): the same keys and fields in
every language, every key used, phrases said in the language they are asked for."""
import re
import string
from pathlib import Path

import pytest

from course_utils import messages
from course_utils.checks import logistic_regression as checks
from course_utils.checks.public import CheckFailed
from course_utils.messages import Phrase, en, text, zh
from tools.translate import CJK

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]


def _fields(template):
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(template)
            if name is not None}


def test_every_language_has_the_same_keys_and_fields():
    assert messages.TABLES == {"en": en.TEXTS, "zh": zh.TEXTS}
    missing = sorted(set(en.TEXTS) - set(zh.TEXTS))
    assert not missing, f"zh.TEXTS lacks the key(s) {missing}"
    extra = sorted(set(zh.TEXTS) - set(en.TEXTS))
    assert not extra, f"zh.TEXTS has key(s) that en.TEXTS does not: {extra}"
    differ = {k: (sorted(_fields(en.TEXTS[k])), sorted(_fields(zh.TEXTS[k])))
              for k in en.TEXTS if _fields(en.TEXTS[k]) != _fields(zh.TEXTS[k])}
    assert not differ, f"fields differ (en, zh): {differ}"
    untranslated = [k for k, v in zh.TEXTS.items()
                    if not CJK.search(v) and v not in ("{text}", "None")]
    assert not untranslated, f"no Chinese text in zh.TEXTS{untranslated}"


def test_every_key_is_used():
    """Every key is grouped (``group.name``) and appears as a string literal in the code
    that says it (course_utils and course_instructor, outside the table): a key nothing
    says is dead text."""
    assert all("." in key for key in en.TEXTS), [k for k in en.TEXTS if "." not in k]
    sources = "\n".join(p.read_text(encoding="utf-8")
                        for folder in ("course_utils", "course_instructor")
                        for p in sorted((REPO / folder).rglob("*.py"))
                        if "messages" not in p.relative_to(REPO).parts)
    used = set(re.findall(r'"([a-z_]+(?:\.[A-Za-z_0-9]+)+)"', sources))
    unused = sorted(set(en.TEXTS) - used)
    assert not unused, f"keys of the table that no code says: {unused}"


def test_a_phrase_is_said_in_the_language_asked_for_fields_included():
    shape = Phrase("kind.array", {"shape": (3, 1)})
    mm = Phrase("mismatch.kind", {"path": "dw", "expected": shape, "got": Phrase("kind.none", {})})
    assert mm.text("en") == "dw should be an ndarray of shape (3, 1); got None."
    assert mm.text("zh") == "dw 应为形状为 (3, 1) 的 ndarray，实际得到的是None。"
    assert text("feedback.no_result", "zh", why=Phrase("feedback.why.timeout",
                                                       {"timeout": 10})) == \
        "没有结果：超过了 10 秒的时间限制（死循环？计算太慢？）。"
    assert mm.text() == mm.text("en")                  # the current language


def test_set_language_names_the_choices():
    with pytest.raises(ValueError, match=r"language must be one of \['en', 'zh'\]; got 'fr'"):
        messages.set_language("fr")
    with pytest.raises(ValueError, match=r"got 'fr'"):
        text("check.passed", "fr", function="f", n=1)
    assert messages.language() == "en"


def test_a_check_speaks_chinese_with_the_english_structure(capsys):
    from course_utils.logistic_regression import initialize_with_zeros, propagate

    def transposed(w, b, X, Y):                   # a planted mistake: dw as a row
        grads, cost = propagate(w, b, X, Y)
        return {"dw": grads["dw"].T, "db": grads["db"]}, cost

    failures = {}
    for language in ("en", "zh"):
        messages.set_language(language)
        try:
            with pytest.raises(CheckFailed) as err:
                checks.check_propagate(transposed)
            failures[language] = str(err.value).splitlines()
            checks.check_initialize_with_zeros(initialize_with_zeros)
        finally:
            messages.set_language("en")
    passed = capsys.readouterr().out.splitlines()
    assert passed[0].startswith("initialize_with_zeros: all ") and \
        passed[0].endswith(" cases passed.")
    n = re.search(r"all (\d+) cases", passed[0]).group(1)
    assert passed[1] == f"initialize_with_zeros：{n} 个用例全部通过。"
    en_lines, zh_lines = failures["en"], failures["zh"]
    assert len(en_lines) == len(zh_lines), (en_lines, zh_lines)   # the same lines, in order
    assert en_lines[0].startswith("propagate, case '") and \
        'grads["dw"] should have shape' in en_lines[0]
    assert zh_lines[0].startswith("propagate，用例“") and 'grads["dw"] 的形状应为' in zh_lines[0]
    assert en_lines[1].startswith("Hint: this is the transposed shape")
    assert zh_lines[1].startswith("提示：这是转置后的形状")
    assert zh_lines[2].startswith("这个用例的输入：w (")
