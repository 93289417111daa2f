"""Every sentence the course says to a student, in each language: one table.

``en.py`` holds the sentences in English and ``zh.py`` the same keys in Chinese, each a
template with named fields (``"{path} should have shape {expected}; got {got}."``),
grouped by who reads them: a student running a check in a notebook, a student reading
the grader's feedback, the progress report, the figures. A translation is one more
module with the same keys and the same fields (tests/test_messages.py holds them equal,
and fails on a key nothing uses).

:func:`text` says one sentence, in the current language (:func:`set_language`, the one
setting a Chinese notebook's first cell makes) or in the language it is given. A
:class:`Phrase` is a sentence not said yet: the grader keeps its verdicts as phrases
and says them when it writes a student's feedback, in that student's language.
"""
from typing import NamedTuple

from course_utils.messages import en, zh

TABLES = {"en": en.TEXTS, "zh": zh.TEXTS}
_current = ["en"]


class Phrase(NamedTuple):
    """A sentence of the table, not said yet: its key and its fields (a field may itself
    be a Phrase, said in the same language)."""
    key: str
    fields: dict

    def text(self, language=None):
        return text(self.key, language, **self.fields)


def set_language(language):
    """Choose the language of the checks' messages and figures: "en" (default) or "zh"."""
    _validate_language(language)
    _current[0] = language


def language():
    """The current language ("en" or "zh")."""
    return _current[0]


def text(key, language=None, **fields):
    """The sentence ``key`` in ``language`` (default: the current one), with ``fields``."""
    language = language or _current[0]
    _validate_language(language)
    said = {name: value.text(language) if isinstance(value, Phrase) else value
            for name, value in fields.items()}
    return TABLES[language][key].format(**said)


def _validate_language(language):
    if language not in TABLES:
        raise ValueError(f"language must be one of {sorted(TABLES)}; got {language!r}.")
