"""Nothing a student receives carries answer keys, explanations, rubrics' model answers or solutions."""

import json

import nbformat

from medialit.notebooks.questions import uses_widget
from medialit.readable import describe_answer

MIN_NEEDLE = 12


def _key_strings(lessons):
    """Strings that would give an answer away if found in student material.

    Structured keys (lists, mappings, spans) are searched as JSON and as Python
    literals; a scalar key (a number, an option id) is too short to search for
    alone, so it is searched as the answer line a solution would hold.
    """
    out = {}
    for lesson in lessons:
        for q in lesson.questions:
            if q.key is not None:
                for what, text in (("json", json.dumps(q.key, ensure_ascii=False)), ("python", repr(q.key))):
                    if len(text) >= MIN_NEEDLE:
                        out[f"{q.id} key ({what})"] = text
                    else:
                        out[f"{q.id} key line ({what})"] = f"answer = {text}"
            if q.explanation:
                out[f"{q.id} explanation"] = q.explanation[:80]
            model = q.settings.get("model_answer")
            if model:
                out[f"{q.id} model answer"] = str(model)[:60]
            sol = q.settings.get("solution")
            if sol:
                out[f"{q.id} solution"] = sol.strip().splitlines()[-1]
    return out


def test_exercise_notebooks_hold_no_key_material(generated, lessons):
    keys = _key_strings(lessons)
    assert keys
    for path in sorted((generated / "exercises").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        roles = {c.metadata["medialit"]["role"] for c in nb.cells}
        assert "key" not in roles
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        for what, needle in keys.items():
            assert needle not in text, f"{what} leaked into {path.name}"


def test_solutions_do_hold_the_keys(generated, lessons):
    """The leak test above would be vacuous if the key strings were never written anywhere."""
    text = "".join(p.read_text(encoding="utf-8") for p in (generated / "solutions").glob("*.ipynb"))
    for lesson in lessons:
        for q in lesson.questions:
            if q.key is not None and not uses_widget(q) and q.type != "code":
                if isinstance(q.key, (list, dict)) or q.type == "single_choice":
                    # the key in words (issue 15): every line of the readable answer
                    _summary, lines = describe_answer(q.key, q)
                    for line in lines:
                        assert json.dumps(line, ensure_ascii=False)[1:-1] in text, (q.id, line)
                else:
                    assert f"Answer: `{json.dumps(q.key, ensure_ascii=False)}`".replace('"', '\\"') in text, q.id
