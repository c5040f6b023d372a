"""The public API: exactly the names in ``medialit.__all__``, each the library function it stands
for, with the signature the README's "Python API" section documents."""

import importlib.metadata
import inspect
import pathlib
import re
import subprocess
import sys

import pytest

import medialit
import medialit.api
import medialit.case.load

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"

#: Where each public function is defined (the lazy ``medialit.__getattr__`` must hand out these).
HOMES = {
    "build": medialit.api.build,
    "generate": medialit.api.generate,
    "grade": medialit.api.grade,
    "validate": medialit.api.validate,
    "load_case": medialit.case.load.load_case,
}
P, K = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY
NONE, EMPTY = None, inspect.Parameter.empty
#: (name, kind, default) of every parameter: changing one is an API change, made here deliberately.
SIGNATURES = {
    "build": [
        ("edition", P, "student"),
        ("case_dir", P, NONE),
        ("root", P, "."),
        ("progress", P, NONE),
        ("wheel", P, NONE),
        ("allow_unreviewed", K, False),
    ],
    "generate": [("out", P, "."), ("case_dir", P, NONE), ("check", K, False)],
    "grade": [
        ("submissions", P, EMPTY),
        ("out", P, EMPTY),
        ("case_dir", P, NONE),
        ("lessons", K, NONE),
        ("options", K, NONE),
        ("progress", K, NONE),
        ("keep", K, NONE),
    ],
    "load_case": [("root", P, NONE)],
    "validate": [("case_dir", P, NONE)],
}


def test_all_is_sorted_and_is_the_documented_set():
    assert medialit.__all__ == sorted(medialit.__all__)
    assert set(medialit.__all__) == {"__version__", *HOMES}
    namespace: dict[str, object] = {}
    exec("from medialit import *", namespace)  # a fixed statement: what a star import exposes
    assert set(namespace) - {"__builtins__"} == set(medialit.__all__)


def test_version_is_the_installed_distributions():
    assert medialit.__version__ == importlib.metadata.version("medialit")


@pytest.mark.parametrize("name", sorted(HOMES))
def test_each_public_name_is_its_library_function_with_the_documented_signature(name):
    func = getattr(medialit, name)
    assert func is HOMES[name]
    assert inspect.isfunction(func)
    assert (func.__doc__ or "").strip(), f"medialit.{name} has no docstring"
    params = [(p.name, p.kind, p.default) for p in inspect.signature(func).parameters.values()]
    assert params == SIGNATURES[name]


def test_an_unknown_name_is_an_attribute_error_that_names_it():
    with pytest.raises(AttributeError, match="'grade_file'"):
        _ = medialit.grade_file  # type: ignore[attr-defined]


def test_readme_documents_exactly_the_public_functions_and_their_parameters():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    documented = dict(re.findall(r"^medialit\.(\w+)\(([^)]*)\)", section, re.M))
    assert set(documented) == set(HOMES)
    for name, args in documented.items():
        names = [a.split("=")[0].strip() for a in args.split(",") if a.strip() and a.strip() != "*"]
        assert names == [p[0] for p in SIGNATURES[name]], name
        assert ("*" in [a.strip() for a in args.split(",")]) == any(p[1] is K for p in SIGNATURES[name]), name


@pytest.mark.slow  # a fresh interpreter importing the core: 1.4 s
def test_core_does_not_import_host_libraries():
    """The pure core must not pull in Jupyter Book, Sphinx, click or IPython."""
    code = (
        "import sys, medialit.case.load, medialit.curriculum.spec, medialit.notebooks.build, "
        "medialit.grading.grade, medialit.grading.reports.report, medialit.analysis.profile\n"
        "bad = [m for m in ('jupyter_book', 'sphinx', 'click', 'IPython') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
