import medialit


def test_public_api_is_small_and_listed():
    assert medialit.__all__ == sorted(medialit.__all__)
    assert set(medialit.__all__) == {"__version__", "build", "generate", "grade", "load_case", "validate"}
    for name in medialit.__all__:
        assert getattr(medialit, name) is not None


def test_core_does_not_import_host_libraries():
    """The pure core must not pull in Jupyter Book, Sphinx, click or IPython."""
    import subprocess
    import sys

    code = (
        "import sys, medialit.case.load, medialit.curriculum.spec, medialit.notebooks.build, "
        "medialit.grading.grade, medialit.grading.report, medialit.analysis.profile\n"
        "bad = [m for m in ('jupyter_book', 'sphinx', 'click', 'IPython') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
