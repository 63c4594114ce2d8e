"""The classroom editions' converter (her2book.editions): every MyST construct the book uses becomes
plain Jupyter Markdown, anything else is refused, and nothing of MyST is left in either edition.

These tests need no build: the whole-book checks convert the committed chapters with a stand-in
value for every glued name. tests/notebooks/test_bundle.py checks the editions `make book` wrote.
"""

from __future__ import annotations

import ast
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from types import SimpleNamespace

import pytest

from her2book import editions, layout
from her2book.editions import ConversionError, Reference, Resources, convert_markdown, leftovers
from tests.book import ROOT, toc_notebooks

CHAPTER = layout.Chapter(2, "book/02_demo", "Demo chapter: a subtitle")
OTHER = layout.Chapter(1, "book/01_other", "Other chapter")


def fake_claim(claim_id: str) -> SimpleNamespace:
    """A registry entry as the converter reads it: id, statement, status."""
    if claim_id != "demo-claim":
        raise KeyError(f"no claim {claim_id!r}")
    statement = "About 20% of tumors carry it (n = 3) at $5 a test."
    return SimpleNamespace(id="demo-claim", statement=statement, status="corrected")


@pytest.fixture
def res() -> Resources:
    """A tiny book: two chapters, one page, two glossary terms, three references."""
    term = {"term": "HER2", "aliases": ["ERBB2"], "definition": "A receptor ({cite:t}`solo2003`)."}
    return Resources(
        chapters=(OTHER, CHAPTER),
        titles={
            "book/intro": "Intro",
            "book/01_other": OTHER.title,
            "book/02_demo": CHAPTER.title,
            "book/claims": "Claims and evidence",
        },
        glossary={"her2": term, "erbb2": term, "gating": {"term": "gating", "definition": "G."}},
        references={
            "smith2001": Reference(
                "smith2001", "Smith et al.", "2001", "https://doi.org/10.1/a", "S"
            ),
            "solo2003": Reference("solo2003", "Solo", "2003", "", "Solo (2003). T."),
            "pair2005": Reference("pair2005", "Bonnet and Dick", "2005", "https://x.org/p", "P"),
        },
        claim=fake_claim,
    )


GLUE = {"rate": {"data": {"text/plain": "26.04"}}, "n": {"data": {"text/plain": "114"}}}


def md(source: str, res: Resources, edition: str = "instructor") -> str:
    return convert_markdown(source, res, glue=GLUE, doc=CHAPTER.doc, edition=edition)


# --------------------------------------------------------------------------------------------
# roles


def test_glue_text_is_formatted_as_myst_nb_formats_it(res):
    """{glue:text} with and without a format spec gives the glued value as the site shows it."""
    assert md("A {glue:text}`rate:.1f`% rate in {glue:text}`n` women.", res) == (
        "A 26.0% rate in 114 women."
    )
    assert md("{glue:text}`n:d`", res) == "114"


def test_unknown_glue_name_is_an_error(res):
    """A glued name the executed notebook does not have stops the conversion, naming it."""
    with pytest.raises(ConversionError, match="'missing'"):
        md("{glue:text}`missing:.1f`", res)


def test_claim_is_its_sentence_and_status_with_markdown_escaped(res):
    """{claim} prints the registered sentence (no character in it becomes markup) and its status."""
    out = md("Known: {claim}`demo-claim`", res)
    assert out == r"Known: About 20% of tumors carry it (n = 3) at \$5 a test. *(corrected)*"
    with pytest.raises(ConversionError, match="no-such"):
        md("{claim}`no-such`", res)


def test_term_shows_its_text_and_is_defined_at_the_end(res):
    """{term} keeps the visible text (explicit or not); unknown terms are errors."""
    assert md("{term}`HER2` and {term}`the gene <ERBB2>` and {term}`Gating`", res) == (
        "HER2 and the gene and Gating"
    )
    with pytest.raises(ConversionError, match="not in the glossary"):
        md("{term}`nothing`", res)


def test_citations_are_author_year_linked_to_the_doi(res):
    """{cite:p} → (Author, Year; …) and {cite:t} → Author (Year), linked where a URL exists."""
    assert md("x {cite:p}`smith2001,solo2003`", res) == (
        "x ([Smith et al., 2001](https://doi.org/10.1/a); Solo, 2003)"
    )
    assert md("{cite:t}`pair2005`", res) == "Bonnet and Dick ([2005](https://x.org/p))"
    with pytest.raises(ConversionError, match="nobody1999"):
        md("{cite:p}`nobody1999`", res)


def test_doc_links_chapters_and_names_pages(res):
    """{doc} to a chapter links its notebook; to another page it gives the page's name."""
    assert md("See {doc}`01_other` and {doc}`the registry <claims>`.", res) == (
        "See [Other chapter](01_other.ipynb) and the registry."
    )
    with pytest.raises(ConversionError, match="not in _toc.yml"):
        md("{doc}`nowhere`", res)


def test_ref_math_and_unknown_roles(res):
    """{ref} with a text keeps the text, {math} becomes dollar math, other roles are refused."""
    assert md("{ref}`the seeds <seed-000>` and {math}`x^2`", res) == "the seeds and $x^2$"
    with pytest.raises(ConversionError, match="needs an explicit text"):
        md("{ref}`seed-000`", res)
    with pytest.raises(ConversionError, match="role {numref}"):
        md("{numref}`fig-1`", res)


def test_code_is_never_converted(res):
    """Inline code, code blocks and backslash escapes pass through unchanged."""
    source = "Write `{glue:text}`x``.\n\n```python\nprint('{claim}`id`')\n```\n\nmiR\\200c"
    assert md(source, res) == source


# --------------------------------------------------------------------------------------------
# blocks


EXERCISES = """\
## Exercises

```{exercise}
:label: ex-a

Predict {glue:text}`n`.
```

````{solution} ex-a
:class: dropdown

It is {glue:text}`rate:.0f`.

```python
print(1)
```
````

:::{exercise} Two sliders
:label: ex-b
Second.
:::

::::{solution} ex-b
:class: dropdown
Because.
::::
"""


def test_exercises_and_solutions_become_numbered_headed_sections(res):
    """Backtick and colon fences: "Exercise N.k" under the current section, then its solution."""
    out = md(EXERCISES, res)
    assert "### Exercise 2.1\n\nPredict 114." in out
    assert "### Solution to Exercise 2.1\n\nIt is 26.\n\n```python\nprint(1)\n```" in out
    assert "### Exercise 2.2: Two sliders\n\nSecond." in out
    assert "### Solution to Exercise 2.2\n\nBecause." in out
    assert not leftovers(out)


def test_student_edition_has_no_solutions(res):
    """The student edition keeps the exercises and drops every solution block."""
    out = md(EXERCISES, res, edition="student")
    assert "Exercise 2.1" in out and "Exercise 2.2: Two sliders" in out
    assert "Solution" not in out and "Because" not in out and "It is" not in out


def test_solution_must_follow_its_exercise(res):
    """A solution to an unknown exercise label is an error, not a silently orphaned block."""
    with pytest.raises(ConversionError, match="not an exercise above it"):
        md("```{solution} nope\nx\n```", res)


def test_admonitions_become_titled_block_quotes(res):
    """{admonition} keeps its title, {note}/{warning} get theirs; the body is converted."""
    out = md("```{admonition} Read this\n:class: tip\nSee {term}`HER2`.\n\n- a\n```", res)
    assert out == "> **Read this**\n>\n> See HER2.\n>\n> - a"
    assert md("```{warning}\nCareful.\n```", res) == "> **Warning**\n>\n> Careful."


def test_list_table_becomes_a_pipe_table(res):
    """{list-table} → caption line and a pipe table; multi-line cells join, pipes are escaped."""
    source = """\
```{list-table} Prerequisites
:header-rows: 1
:name: tbl

* - Concept
  - Where
* - Poisson
    counts
  - {term}`HER2` | more
* - Math $x$
  - Chapter 1
```"""
    assert md(source, res) == (
        "**Prerequisites**\n\n| Concept | Where |\n|---|---|\n"
        "| Poisson counts | HER2 \\| more |\n| Math $x$ | Chapter 1 |"
    )


def test_targets_are_dropped_and_headings_set_the_level(res):
    """(label)= lines disappear; an exercise after a level-3 heading gets a level-4 heading."""
    out = md("(sec)=\n### Deep\n\n```{exercise}\n:label: e\nQ\n```", res)
    assert out == "### Deep\n\n#### Exercise 2.1\n\nQ"


def test_unknown_directives_options_and_unclosed_fences_are_errors(res):
    """Constructs the converter does not know stop the conversion instead of showing raw."""
    with pytest.raises(ConversionError, match="directive {figure}"):
        md("```{figure} a.png\nx\n```", res)
    with pytest.raises(ConversionError, match="options"):
        md("```{note}\n:dropdown-open: yes\nx\n```", res)
    with pytest.raises(ConversionError, match="unclosed"):
        md(":::{note}\nx\n", res)


def test_leftovers_finds_every_kind_of_myst_outside_code():
    """The check the build relies on finds roles, fences, targets, glue names; not in code."""
    found = leftovers(
        "a {claim}`x`\n\n```{note}\nb\n```\n\n:::\n\n(t)=\nthe vogel_rate", ["vogel_rate"]
    )
    kinds = {f.split(":")[0] for f in found}
    assert kinds == {
        "a MyST role",
        "a directive fence",
        "a colon fence",
        "a (label)= target",
        "a glue name",
    }
    assert (
        leftovers("`{claim}`x`` and\n```\n{term}`y`\n:::\n```\n`vogel_rate`", ["vogel_rate"]) == []
    )


# --------------------------------------------------------------------------------------------
# the real book


def fake_glue(notebook: dict) -> dict:
    """A stand-in value for every name the chapter's prose glues."""
    text = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    names = re.findall(r"\{glue:text\}`([^`:]+)", text)
    return {n: {"data": {"text/plain": "1"}} for n in names}


@pytest.fixture(scope="module")
def book_resources() -> Resources:
    return editions.load_resources(ROOT)


@pytest.mark.parametrize("path", toc_notebooks(), ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", editions.EDITIONS)
def test_every_chapter_converts_with_nothing_of_myst_left(book_resources, path, kind):
    """Every cell of every chapter converts, and no role, fence, target or glue name survives."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    glue = fake_glue(notebook)
    doc = f"book/{path.stem}"
    nb, state = editions.edition(notebook, book_resources, glue, doc, kind)
    for cell in nb["cells"]:
        assert cell.get("outputs", []) == []
        if cell["cell_type"] == "markdown":
            assert not leftovers(cell["source"], glue), (
                cell["id"],
                leftovers(cell["source"], glue),
            )
    assert "widgets" not in nb["metadata"]
    assert nb["metadata"]["her2book"] == {"edition": kind, "source": f"{doc}.ipynb"}
    text = "\n".join(c["source"] for c in nb["cells"] if c["cell_type"] == "markdown")
    for body in state.solutions:
        assert (body in text) == (kind == "instructor")
    hidden = {
        c["id"]
        for c in nb["cells"]
        if c.get("metadata", {}).get("jupyter", {}).get("source_hidden")
    }
    kept = {c["id"] for c in nb["cells"]}
    for cell in notebook["cells"]:
        tags = set(cell["metadata"].get("tags", []))
        if tags & {"hide-input", "remove-input", "remove-cell"} and cell["id"] in kept:
            assert cell["id"] in hidden, f"{path.name}: cell {cell['id']} ({tags}) is not collapsed"
        if "remove-cell" in tags:
            assert (cell["id"] in kept) == (kind == "instructor"), cell["id"]


def setup_names(code: str) -> set[str]:
    """Names a cell binds at its top level (imports, assignments, defs), not inside functions."""
    names: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_FunctionDef(self, node):  # noqa: N802
            names.add(node.name)

        visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef  # noqa: N815

        def visit_Lambda(self, node):  # noqa: N802
            pass

        visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_Lambda  # noqa: N815

        def visit_Name(self, node):  # noqa: N802
            if isinstance(node.ctx, ast.Store | ast.Del):
                names.add(node.id)

        def visit_Import(self, node):  # noqa: N802
            names.update((a.asname or a.name).split(".")[0] for a in node.names)

        visit_ImportFrom = visit_Import  # noqa: N815

    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    Visitor().visit(ast.parse("\n".join(lines)))
    return names


@pytest.mark.parametrize("path", toc_notebooks(), ids=lambda p: p.stem)
def test_no_cell_rebinds_a_name_of_the_setup_cell(path):
    """Cells re-run in any order after setup: none rebinds what setup binds (each also runs
    alone after setup: tests/notebooks/test_cells_run_alone.py)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    setup, *rest = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    bound = setup_names(setup)
    clashes = {i: setup_names(c) & bound for i, c in enumerate(rest, start=2)}
    assert not {i: n for i, n in clashes.items() if n}, f"{path.name}: code cells rebind {clashes}"


def test_build_writes_both_editions_from_an_executed_book(tmp_path):
    """build() reads <build>/jupyter_execute and writes one notebook per chapter and edition,
    the same bytes every time."""
    for path in toc_notebooks():
        target = tmp_path / "jupyter_execute" / "book" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        glue = fake_glue(json.loads(path.read_text(encoding="utf-8")))
        target.with_suffix(".glue.json").write_text(json.dumps(glue), encoding="utf-8")
    first = editions.build(tmp_path, ROOT)
    snapshot = {p: p.read_bytes() for files in first.values() for p in files}
    again = editions.build(tmp_path, ROOT)
    assert {p: p.read_bytes() for files in again.values() for p in files} == snapshot
    for kind in editions.EDITIONS:
        assert [p.name for p in first[kind]] == [p.name for p in toc_notebooks()]
        assert all(p.parent == tmp_path / "classroom" / kind for p in first[kind])


def test_build_without_an_executed_book_says_to_run_make_book(tmp_path):
    """A missing executed chapter is an error that names `make book`."""
    with pytest.raises(FileNotFoundError, match="make book"):
        editions.build(tmp_path, ROOT)


def test_reference_labels_follow_the_site_style(tmp_path):
    """One author, two authors joined by 'and', three or more as 'First et al.'; DOI links."""
    bib = tmp_path / "r.bib"
    bib.write_text(
        "@article{a, author={Hudis, Clifford A.}, title={T{\\'e}}, journal={J}, year={2007},"
        " doi={10.1/x}}\n"
        "@article{b, author={Bonnet, D. and Dick, John E.}, title={U}, journal={J}, year={1997}}\n"
        '@misc{c, author={Del{\\"u}ck, M. and B, X. and C, Y. and D, Z.}, title={V}, year={1943},'
        " url={https://example.org/v}}\n",
        encoding="utf-8",
    )
    refs = editions.load_references(bib)
    assert refs["a"].parenthetical() == "[Hudis, 2007](https://doi.org/10.1/x)"
    assert "Té." in refs["a"].text
    assert refs["b"].textual() == "Bonnet and Dick (1997)"
    assert refs["c"].authors == "Delück et al." and refs["c"].url == "https://example.org/v"


def test_bundle_role_links_relative_to_the_page():
    """{classroom-bundle} on book/instructor_guide links ../_downloads/…; off HTML it is text."""

    def role(fmt: str):
        env = SimpleNamespace(
            docname="book/instructor_guide",
            app=SimpleNamespace(builder=SimpleNamespace(format=fmt)),
        )
        inliner = SimpleNamespace(document=SimpleNamespace(settings=SimpleNamespace(env=env)))
        return editions._bundle_role("classroom-bundle", "raw", "the bundle", 1, inliner)[0][0]

    assert role("html")["refuri"] == "../" + editions.BUNDLE
    assert role("latex").astext() == "the bundle (on the book's website)"


def test_bundle_holds_editions_wheel_lock_readme_and_extras(tmp_path):
    """write_bundle zips both editions, a wheel with the package's data files, the lock, a README
    and any extra file (the PDF, later) with its README line; nothing is written into the repo."""
    for path in toc_notebooks():
        target = tmp_path / "jupyter_execute" / "book" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        glue = fake_glue(json.loads(path.read_text(encoding="utf-8")))
        target.with_suffix(".glue.json").write_text(json.dumps(glue), encoding="utf-8")
    editions.build(tmp_path, ROOT)
    extra = tmp_path / "book.pdf"
    extra.write_bytes(b"%PDF-1.4 stand-in")
    build_dirs = [ROOT / "build", ROOT / "src" / "build"]  # where setuptools would build in place
    absent = [d for d in build_dirs if not d.exists()]
    bundle = editions.write_bundle(tmp_path, ROOT, [(extra, "the book as a PDF")])
    assert not [d for d in absent if d.exists()], "the wheel build wrote into the repository"
    assert bundle == tmp_path / "html" / editions.BUNDLE
    with zipfile.ZipFile(bundle) as z:
        files = {n.split("/", 1)[1]: z.read(n) for n in z.namelist()}
    assert files["requirements.lock"] == (ROOT / "requirements.lock").read_bytes()
    assert files["book.pdf"] == b"%PDF-1.4 stand-in"
    readme = files["README.md"].decode()
    assert "| `book.pdf` | the book as a PDF |" in readme
    (wheel,) = [n for n in files if n.endswith(".whl")]
    assert f"pip install --no-deps {wheel}" in readme
    for kind in editions.EDITIONS:
        assert sorted(n for n in files if n.startswith(f"{kind}/")) == [
            f"{kind}/{p.name}" for p in toc_notebooks()
        ]
    with zipfile.ZipFile(io.BytesIO(files[wheel])) as w:
        data = {n for n in w.namelist() if n.startswith("her2book/data/")}
    shipped = {
        f"her2book/{p.relative_to(ROOT / 'src' / 'her2book').as_posix()}"
        for p in (ROOT / "src" / "her2book" / "data").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert data == shipped, f"data files missing from the wheel: {sorted(shipped - data)}"


def test_committed_notebooks_are_what_the_nbstripout_filter_commits(tmp_path):
    """.gitattributes sends every notebook through nbstripout (set up by `make setup` with
    --keep-id), and each committed notebook is already in that filter's output form, so a live
    session's outputs never reach a commit and the filter never rewrites a committed cell id."""
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "*.ipynb filter=nbstripout" in attributes
    assert "-m nbstripout --keep-id" in (ROOT / "Makefile").read_text(encoding="utf-8")

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout

    paths = [p for p in git("ls-tree", "-r", "--name-only", "HEAD").splitlines()]
    committed = {p: git("show", f"HEAD:{p}") for p in paths if p.endswith(".ipynb")}
    assert committed
    copies = {}
    for i, (path, blob) in enumerate(committed.items()):
        copies[path] = tmp_path / f"{i}.ipynb"
        copies[path].write_text(blob, encoding="utf-8")
    # One run over copies of every committed notebook (the filter itself reads one at a time).
    subprocess.run([sys.executable, "-m", "nbstripout", "--keep-id", *map(str, copies.values())],
                   check=True)  # fmt: skip
    changed = [p for p, copy in copies.items() if copy.read_text(encoding="utf-8") != committed[p]]
    assert not changed, f"committed without going through nbstripout: {changed}"
