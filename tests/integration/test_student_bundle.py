"""Keys stay with the teacher: students get a bundle of the case (medialit-case.json), never its annotations.

- `generate` writes the bundle beside the lessons and exercises, which load it;
- the bundle holds no annotation layer and no graded key, explanation or solution (also checked
  "in context": item/label pairs, spans, verdicts, the same criterion asked in practice);
- `medialit key` and the key-derivation functions refuse it, and re-deriving every graded key
  from what a student could rebuild out of the bundle recovers only the keys `generate` reports;
- code answers compute from the bundle's published tables, and the teacher's solution run on
  those tables yields the key, so the grader and the students see the same data.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from medialit import api, qtypes
from medialit.case.bundle import BUNDLE_FILE, bundle_bytes, bundle_from_dict, load_bundle
from medialit.case.load import load_case
from medialit.cli import main
from medialit.curriculum.bundle import (
    exposed_questions,
    key_specs,
    public_case,
    schema_problems,
    student_view,
)
from medialit.curriculum.derive import derive
from medialit.curriculum.derive_verdicts import VERDICT_LABELS
from medialit.errors import BundleError, CurriculumError

pytestmark = pytest.mark.slow  # generates the module for two cases and runs code answers in the sandbox

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "cases" / "mini"

# The annotation layers and teacher-only fields: none may appear anywhere in a bundle.
FORBIDDEN_FIELDS = {
    "annotations",
    "attributions",
    "fact_checks",
    "framing",
    "verdict",
    "accounts",
    "citations",
    "solution",
    "model_answer",
    "self_check",
    "teacher_notes",
    "check_worthy",
    "summary",
}

# Derivations that read only what the bundle publishes on purpose: the article's dates and
# furniture, the dated sources table and the per-paragraph sourcing profile (lesson figures and
# code questions compute from them). Only these may come out right from the bundle.
TABLE_DERIVATIONS = {
    "relative_year",
    "furniture_blocks",
    "count_claims",
    "count_claims_by_kind",
    "share_claims",
    "paragraphs_with_credited_source",
    "source_dates",
    "source_age_years",
    "sources_older_than",
    "sentences_by_source_kind",
}


@pytest.fixture(scope="module", params=["mek", "mini"])
def project(request, tmp_path_factory):
    """(case folder or None, case, lessons, generated project folder) for the embedded and the mini case."""
    case_dir = None if request.param == "mek" else MINI
    out = tmp_path_factory.mktemp(f"bundle-{request.param}")
    api.generate(out, case_dir)
    case, lessons = api.load_module(case_dir)
    return case_dir, case, lessons, out


def _walk_keys(data):
    if isinstance(data, dict):
        for k, v in data.items():
            yield k
            yield from _walk_keys(v)
    elif isinstance(data, list):
        for v in data:
            yield from _walk_keys(v)


def _dicts(data):
    if isinstance(data, dict):
        yield data
        for v in data.values():
            yield from _dicts(v)
    elif isinstance(data, list):
        for v in data:
            yield from _dicts(v)


def test_generate_writes_the_bundle_beside_lessons_and_exercises(project):
    _, case, lessons, out = project
    lesson_copy = (out / "lessons" / BUNDLE_FILE).read_bytes()
    exercise_copy = (out / "exercises" / BUNDLE_FILE).read_bytes()
    assert lesson_copy == exercise_copy
    assert not (out / "solutions" / BUNDLE_FILE).exists()
    data = json.loads(exercise_copy)
    assert data["schema_version"] == 1 and data["kind"] == "medialit-student-bundle"
    assert data["case"] == case.article.id
    assert schema_problems(data) == []
    # Deterministic, and reading then writing it gives the same bytes.
    assert bundle_bytes(load_bundle(out / "exercises" / BUNDLE_FILE)) == exercise_copy
    assert api.student_bundle(project[0]) == exercise_copy
    # Every question is in it, so widgets and check() work from the bundle alone.
    view = load_bundle(out / "exercises" / BUNDLE_FILE)
    assert [q.id for lsn in view.lessons for q in lsn.questions] == [q.id for lsn in lessons for q in lsn.questions]
    assert [q.id for lsn in view.lessons for q in lsn.practice] == [q.id for lsn in lessons for q in lsn.practice]


def test_student_notebooks_load_the_bundle_and_solutions_the_case(project):
    _, case, _, out = project
    want = f"use({BUNDLE_FILE!r}, case_id={case.article.id!r})"
    for folder in ("lessons", "exercises", "solutions"):
        for path in sorted((out / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            setup = next(c for c in nb.cells if c.metadata.get("medialit", {}).get("role") == "setup")
            if folder == "solutions":
                assert BUNDLE_FILE not in setup.source, path
            else:
                assert setup.source.splitlines()[-1] == want, path


def test_the_schema_refuses_a_graded_key_and_annotation_fields(project):
    """The JSON Schema is a guard, not a description: a key or an id-carrying claim row fails it."""
    out = project[3]
    data = json.loads((out / "exercises" / BUNDLE_FILE).read_text("utf-8"))
    graded = next(q for lesson in data["lessons"] for q in lesson["questions"])
    graded["key"] = "a"
    assert any("key" in p for p in schema_problems(data))
    del graded["key"]
    data["data"]["claims"][0]["sentence"] = "p1.s1"
    assert any("sentence" in p for p in schema_problems(data))
    del data["data"]["claims"][0]["sentence"]
    data["fact_checks"] = []
    assert any("fact_checks" in p for p in schema_problems(data))


def test_the_bundle_holds_no_annotation_layer_and_no_graded_key(project):
    _, case, _, out = project
    data = json.loads((out / "exercises" / BUNDLE_FILE).read_text("utf-8"))
    practice = [q for lesson in data["lessons"] for q in lesson["practice"]]
    # Practice feedback may cite its sources (it is feedback, not a grade); nothing else may.
    assert not (FORBIDDEN_FIELDS - {"citations"}) & set(_walk_keys(practice))
    graded_part = {**data, "lessons": [{**lesson, "practice": []} for lesson in data["lessons"]]}
    assert not FORBIDDEN_FIELDS & set(_walk_keys(graded_part))
    for lesson in data["lessons"]:
        for q in lesson["questions"]:
            assert "key" not in q and "explanation" not in q, q["id"]
            assert all(t["public"] for t in q["tests"]), q["id"]
        for q in lesson["practice"]:
            assert "key" in q, q["id"]  # practice feedback is published on purpose
    # Claim rows: kind and attribution class only, sorted: nothing ties a row to a sentence.
    rows = data["data"]["claims"]
    assert len(rows) == len(case.annotations.claims)
    assert all(set(r) == {"kind", "attribution"} for r in rows)
    assert rows == sorted(rows, key=lambda r: (r["kind"], r["attribution"]))
    # The article: text and ids, not the genre nor what each piece of furniture is.
    assert "genre" not in data["article"]
    assert all(set(b) == {"id", "furniture", "text", "sentences"} for b in data["article"]["blocks"])


def _needles(case, lessons):
    """Strings that would give a graded answer away, each with what it is."""
    out: dict[str, str] = {}
    for lesson in lessons:
        for q in lesson.questions:
            if qtypes.get(q.type).manual:
                model = q.settings.get("model_answer")
                if model:
                    out[f"{q.id} model answer"] = str(model).strip()[:60]
                continue
            if q.explanation:
                out[f"{q.id} explanation"] = q.explanation[:80]
            if q.type == "code":
                out[f"{q.id} solution"] = str(q.settings["solution"]).strip().splitlines()[-1]
            key = q.key
            if isinstance(key, (list, dict)) and len(json.dumps(key)) >= 12:
                out[f"{q.id} key"] = json.dumps(key, ensure_ascii=False)
            if isinstance(key, dict):
                for item, label in key.items():
                    out[f"{q.id} {item}->{label}"] = json.dumps({item: label}, ensure_ascii=False)[1:-1]
    for fc in case.annotations.fact_checks:
        label = VERDICT_LABELS[fc.verdict]
        out[f"verdict of {fc.claim}"] = json.dumps({fc.claim: label}, ensure_ascii=False)[1:-1]
        out[f"raw verdict of {fc.claim}"] = json.dumps({fc.claim: fc.verdict}, ensure_ascii=False)[1:-1]
        if len(fc.explanation) > 40:
            out[f"{fc.id} explanation"] = fc.explanation[:60]
    return out


def test_the_bundle_carries_the_student_rubric_not_the_teachers(project):
    # A teacher's rubric may name the answer (L8.Q8's names the reports that settle L8.Q1 and
    # L8.Q4); students get settings.student_rubric, in the notebook and in the bundle alike.
    _, _, lessons, out = project
    by_id = {
        q["id"]: q
        for lesson in json.loads((out / "exercises" / BUNDLE_FILE).read_text("utf-8"))["lessons"]
        for q in lesson["questions"]
    }
    own = [q for lesson in lessons for q in lesson.questions if q.settings.get("student_rubric")]
    for q in own:
        assert by_id[q.id]["rubric"] == list(q.settings["student_rubric"]), q.id
    text = "".join((out / folder / BUNDLE_FILE).read_text("utf-8") for folder in ("exercises", "lessons"))
    leaked = [
        (q.id, line[:60]) for q in own for line in q.rubric if line not in q.settings["student_rubric"] and line in text
    ]
    assert not leaked, leaked


def test_no_graded_key_value_in_context_reaches_students(project):
    _, case, lessons, out = project
    needles = _needles(case, lessons)
    assert needles
    student = {
        p.relative_to(out).as_posix(): p.read_text("utf-8")
        for folder in ("lessons", "exercises")
        for p in sorted((out / folder).iterdir())
    }
    # Practice explanations quote the annotations on purpose (practice is feedback): a fact check's
    # explanation may appear only where a practice question asks about that claim and no graded one does.
    graded_text = {
        q.id: json.dumps([q.key, [o.id for o in q.items], q.prompt]) for lsn in lessons for q in lsn.questions
    }
    for what, needle in needles.items():
        for name, text in student.items():
            if needle not in text:
                continue
            if what.startswith("fc-") and what.endswith("explanation"):
                claim = what[3:].removesuffix(" explanation")
                asked = [qid for qid, t in graded_text.items() if f'"{claim}"' in t]
                assert not asked, f"{what} (graded in {asked}) reached students in {name}"
                continue
            pytest.fail(f"{what} reached students in {name}")
    # Spans of graded keys: no student file holds the same {sentence, text, label}.
    bundle = json.loads(student[f"exercises/{BUNDLE_FILE}"])
    published_spans = {
        (d.get("sentence"), d.get("text"), d.get("label")) for d in _dicts(bundle) if "sentence" in d and "label" in d
    }
    for lesson in lessons:
        for q in lesson.questions:
            if q.type == "select_spans":
                for span in q.key:
                    assert (span["sentence"], span["text"], span["label"]) not in published_spans, q.id


def test_the_needles_are_real(project):
    """The scan above would pass vacuously if the needles were never written: the teacher's material has them."""
    case_dir, case, lessons, out = project
    teacher = json.dumps(api.answer_key(case_dir), ensure_ascii=False) + "".join(
        p.read_text("utf-8") for p in (out / "solutions").glob("*.ipynb")
    )
    found = [what for what, needle in _needles(case, lessons).items() if "->" in what or what.endswith(" key")]
    assert found
    assert sum(_needles(case, lessons)[w] in teacher for w in found) >= len(found) // 2


def test_practice_never_asks_a_graded_question_on_the_same_items(project):
    """A practice question with the same derivation and arguments over shared items would hand over the answer."""
    _, case, lessons, _ = project
    specs = key_specs(case)

    def criterion(qid):
        spec = dict(specs.get(qid) or {})
        spec.pop("paragraphs", None)
        spec.pop("claims", None)
        return json.dumps(spec, sort_keys=True)

    practice = [q for lsn in lessons for q in lsn.practice]
    for lesson in lessons:
        for q in lesson.questions:
            if qtypes.get(q.type).manual or q.type == "code" or "derive" not in (specs.get(q.id) or {}):
                continue
            items = {o.id for o in q.items}
            for p in practice:
                if p.type == q.type and criterion(p.id) == criterion(q.id) and items & {o.id for o in p.items}:
                    pytest.fail(f"practice {p.id} asks {q.id}'s question on the same items {sorted(items)[:5]}")


def test_key_and_derivations_refuse_the_bundle(project, tmp_path, capsys):
    out = project[3]
    bundle = out / "exercises" / BUNDLE_FILE
    only_bundle = tmp_path / "given-to-students"
    only_bundle.mkdir()
    (only_bundle / BUNDLE_FILE).write_bytes(bundle.read_bytes())
    for target in (bundle, only_bundle, out / "exercises"):
        capsys.readouterr()
        assert main(["key", "--case", str(target)]) == 1
        captured = capsys.readouterr()
        assert captured.out == "", target  # not one line of a key
        assert "student bundle" in captured.err and "no annotations" in captured.err, captured.err
        assert main(["key", "--format", "json", "--case", str(target)]) == 1
        assert capsys.readouterr().out == ""
        for fn in (load_case, api.load_module, api.answer_key, api.validate):
            with pytest.raises(BundleError, match="no annotations"):
                fn(target)
    from medialit.grading.batch import load_key

    with pytest.raises(BundleError, match="no annotations"):
        load_key(bundle)


def test_re_deriving_keys_from_the_bundle_recovers_only_what_generate_reports(project):
    """Every graded derivation, run on the fullest case a student can rebuild from the bundle."""
    case_dir, case, lessons, out = project
    view = load_bundle(out / "exercises" / BUNDLE_FILE)
    public = public_case(view)
    assert public.annotations.fact_checks == () and public.annotations.framing == ()
    assert public.annotations.citations == ()
    specs = key_specs(case)
    recovered, tried, taught = [], 0, set()
    for lesson in lessons:
        for q in lesson.questions:
            spec = specs.get(q.id) or {}
            if qtypes.get(q.type).manual or q.type == "code" or "derive" not in spec:
                continue
            tried += 1
            args = {k: v for k, v in spec.items() if k != "derive"}
            try:
                got = derive(public, spec["derive"], args, q.id)["key"]
            except (CurriculumError, KeyError, ValueError, TypeError, IndexError, ZeroDivisionError):
                continue
            if got == q.key and q.key not in ([], {}, None, ""):
                recovered.append(f"{q.id} ({spec['derive']})")
                if q.evidence.get("where") == "lesson":
                    taught.add(recovered[-1])
    assert tried >= 5
    reported = exposed_questions(case, lessons, view)
    # What the lesson page shows on purpose (evidence: where: lesson) is not reported; all else is.
    assert set(recovered) - taught <= set(reported)
    assert not taught & set(reported)
    # Only derivations over the published tables can come out right; nothing that reads
    # fact checks, framing, attributions or claim kinds per sentence.
    assert {r.split("(")[1].rstrip(")") for r in reported} <= TABLE_DERIVATIONS, reported
    # And generate tells the teacher exactly these.
    assert api.generate(out, case_dir).exposed == tuple(reported)


def test_the_audit_is_not_vacuous():
    """Questions the published tables answer are reported: the mini case's counts, and MEK's date-window
    item once it no longer declares the window as the lesson's own teaching. As shipped, no MEK key is
    given away by the tables (L2.Q4 counts the claims of a made-up sentence, not of P3)."""
    case, lessons = api.load_module()
    assert exposed_questions(case, lessons) == []
    undeclared = tuple(
        dataclasses.replace(
            lesson,
            questions=tuple(
                dataclasses.replace(q, evidence={**q.evidence, "where": "article"}) if q.id == "L1.Q4" else q
                for q in lesson.questions
            ),
        )
        for lesson in lessons
    )
    assert any(r.startswith("L1.Q4 (relative_year)") for r in exposed_questions(case, undeclared))
    mini_case, mini_lessons = api.load_module(MINI)
    assert exposed_questions(mini_case, mini_lessons)


def test_code_solutions_on_the_bundle_give_the_key(project):
    """Code questions compute from the published tables: the teacher's solution run on the bundle yields the key."""
    import medialit.runtime as runtime

    case_dir, _, lessons, out = project
    ran = 0
    try:
        for lesson in lessons:
            for q in lesson.questions:
                if q.type != "code":
                    continue
                for source in (out / "exercises" / BUNDLE_FILE, case_dir or load_case().root):
                    runtime.use(source)
                    namespace: dict = {}
                    exec(q.settings["solution"], namespace)  # the teacher's own solution
                    got = namespace["answer"]
                    if isinstance(q.key, (int, float)):
                        assert abs(got - q.key) <= q.tolerance + 1e-9, (q.id, source, got, q.key)
                    else:
                        assert got == q.key, (q.id, source)
                    ran += 1
    finally:
        runtime.session.end()
    assert ran >= 2


def test_the_runtime_serves_the_same_tables_from_bundle_and_case(project):
    import medialit.runtime as runtime

    case_dir, _, _, out = project
    seen = []
    try:
        for source in (out / "exercises" / BUNDLE_FILE, case_dir or load_case().root):
            runtime.use(source)
            seen.append(
                (
                    runtime.claims_table(),
                    runtime.sources_table(),
                    runtime.article_date(),
                    runtime.sourcing_figure().alt,
                    runtime.timeline_figure().alt,
                )
            )
    finally:
        runtime.session.end()
    assert seen[0] == seen[1]
    assert seen[0][0]


def test_a_bundle_of_another_case_or_a_missing_bundle_is_refused(project, tmp_path, monkeypatch):
    import medialit.runtime as runtime

    _, case, _, out = project
    monkeypatch.delenv("MEDIALIT_CASE", raising=False)
    try:
        with pytest.raises(BundleError, match="is for case 'other'"):
            runtime.use(out / "exercises" / BUNDLE_FILE, case_id="other")
        monkeypatch.chdir(tmp_path)
        if case.article.id == "mek":
            # A MEK notebook downloaded alone from the book runs on the embedded case.
            runtime.use(BUNDLE_FILE, case_id="mek")
            assert runtime.claims_table()
        else:
            with pytest.raises(BundleError, match="keep the notebook next to it"):
                runtime.use(BUNDLE_FILE, case_id=case.article.id)
    finally:
        runtime.session.end()


def test_a_malformed_or_newer_bundle_fails_with_a_fix(project, tmp_path):
    data = json.loads((project[3] / "exercises" / BUNDLE_FILE).read_text("utf-8"))
    data["schema_version"] = 2
    with pytest.raises(BundleError, match=r"schema_version 2.*medialit generate"):
        bundle_from_dict(data, "x.json")
    data["schema_version"] = 1
    del data["lessons"][0]["questions"][0]["prompt"]
    with pytest.raises(BundleError, match="malformed"):
        bundle_from_dict(data, "x.json")


def test_student_view_round_trips(project):
    _, case, lessons, _ = project
    view = student_view(case, lessons)
    assert bundle_from_dict(json.loads(bundle_bytes(view))) == view


def test_use_on_the_bundle_loads_no_annotation_machinery(project):
    """The first cell stays fast: reading the bundle imports no YAML, schema validation or curriculum."""
    bundle = project[3] / "exercises" / BUNDLE_FILE
    code = (
        "import sys, time; t = time.perf_counter(); from medialit.runtime import use; "
        f"use({str(bundle)!r}); dt = time.perf_counter() - t; "
        "heavy = [m for m in ('yaml', 'jsonschema', 'medialit.curriculum.spec', 'medialit.case.load', "
        "'matplotlib', 'IPython') if m in sys.modules]; print(heavy, dt)"
    )
    env = {k: v for k, v in os.environ.items() if k != "MEDIALIT_CASE"}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    heavy, seconds = res.stdout.rsplit(" ", 1)
    assert heavy == "[]", res.stdout
    assert float(seconds) < 2.0


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_handed_out_folders_run_on_the_bundle_alone(tmp_path, monkeypatch):
    """The mini case's lessons and exercises, copied alone (no case folder), run in a real kernel."""
    import shutil

    from nbclient import NotebookClient

    monkeypatch.delenv("MEDIALIT_CASE", raising=False)
    out = tmp_path / "teacher"
    api.generate(out, MINI)
    given = tmp_path / "student"
    for folder in ("lessons", "exercises"):
        shutil.copytree(out / folder, given / folder)
    assert not list(given.rglob("annotations.yaml")) and not list(given.rglob("article.md"))
    ran = 0
    for path in sorted(given.glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors, (path.name, errors[:1])
        ran += 1
    assert ran == 8
    # And without the bundle beside it, a notebook of this case says what is missing.
    (given / "exercises" / BUNDLE_FILE).unlink()
    nb = nbformat.read(given / "exercises" / "01-meet-the-article.ipynb", as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(given / "exercises")}}
    )
    with pytest.raises(Exception, match=r"medialit-case\.json"):
        client.execute()


@pytest.mark.timeout(300)
def test_the_code_sandbox_can_run_answers_on_the_bundle(project):
    """The grader's sandbox given the bundle (not the case folder) computes every code key from it."""
    from medialit.grading.isolation.sandbox import CodeRunner

    _, _, lessons, out = project
    code = [q for lsn in lessons for q in lsn.questions if q.type == "code"]
    assert code
    with CodeRunner(out / "exercises" / BUNDLE_FILE) as runner:
        for q in code:
            result = runner.run(q.settings["solution"])
            assert result.ok, (q.id, result.error)
            if isinstance(q.key, (int, float)):
                assert abs(result.value - q.key) <= q.tolerance + 1e-9, q.id
            else:
                assert result.value == q.key, q.id
        # Student code sees the published rows only: no claim ids to look up.
        leak = runner.run("from medialit.runtime import claims_table\nanswer = sorted(claims_table()[0])")
        assert leak.ok and leak.value == ["attribution", "kind"]
