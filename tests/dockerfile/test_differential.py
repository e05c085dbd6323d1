"""Differential tests against BuildKit's parser.

Two oracles: the PyPI package `dockerfile` (BuildKit v0.12.5's parser, a test dependency
only) run on every Dockerfile of ../shared/corpus and fixtures/, and the `result` files of
BuildKit's own parser test cases (its AST dump) in ../shared/corpus/buildkit-parser.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockerlint_ml.dockerfile.parser import KNOWN_INSTRUCTIONS as _KNOWN
from dockerlint_ml.dockerfile.parser import parse
from tests.dockerfile.buildkit_oracle import dump_all, node_args
from tests.helpers import CORPUS, REPO

dockerfile = pytest.importorskip(
    "dockerfile", reason="the `dockerfile` oracle package is not installed"
)

# Shown at the end of the test run (tests/conftest.py), so the count is always visible.
SUMMARY: list[str] = []

# Files where our model and the oracle differ on purpose: path relative to the corpus ->
# (first line affected, why). Instructions from that line on are not compared.
DIVERGENCES: dict[str, tuple[int, str]] = {
    "buildkit-parser/json/Dockerfile": (
        8,
        "the `dockerfile` wrapper passes strings through C and drops a JSON \\u0000; BuildKit's"
        " own result file keeps it, and so do we",
    ),
    "buildkit-parser/heredoc-extract/Dockerfile": (
        101,
        "`RUN <<  EOF` (blanks after `<<`) is a heredoc for current BuildKit and its test"
        " expectations, not for the v0.12.5 oracle; we follow current BuildKit",
    ),
}


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    manifest = (CORPUS / "MANIFEST.tsv").read_text("utf-8").splitlines()[1:]
    files = [CORPUS / line.split("\t")[0] for line in manifest if line]
    files += sorted((CORPUS / "buildkit-parser").glob("*/Dockerfile"))
    return files


def _all_files() -> list[Path]:
    return _corpus_files() + sorted((REPO / "fixtures").glob("**/Dockerfile*"))


def _require_corpus() -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CORPUS} is missing (required in CI)")
        pytest.skip(f"{CORPUS} is absent: differential tests need ../shared/corpus")


def _rel(path: Path) -> str:
    try:
        return path.relative_to(CORPUS).as_posix()
    except ValueError:
        return path.relative_to(REPO).as_posix()


def _compare(path: Path) -> list[str]:
    """Differences between our model and the oracle for one file, as readable lines."""
    text = path.read_bytes().decode("utf-8", "replace")
    ours = parse(text, str(path))
    try:
        theirs = dockerfile.parse_string(text)
    except dockerfile.GoParseError as exc:
        # The oracle rejects the file: we must report a parse error too.
        return [] if ours.errors else [f"oracle rejects ({exc}) but we report no error"]
    problems = []
    cut = DIVERGENCES.get(_rel(path), (None, ""))[0]
    if cut is None and len(ours.instructions) != len(theirs):
        problems.append(f"{len(ours.instructions)} instructions, oracle {len(theirs)}")
    for ins, cmd in zip(ours.instructions, theirs, strict=False):
        if cut is not None and ins.span.line >= cut:
            break
        where = f"line {ins.span.line} {ins.keyword}"
        if ins.keyword != cmd.cmd.upper() or (ins.span.line, ins.span.end_line) != (
            cmd.start_line,
            cmd.end_line,
        ):
            problems.append(
                f"{where}: lines {ins.span.line}-{ins.span.end_line}, oracle"
                f" {cmd.cmd.upper()} {cmd.start_line}-{cmd.end_line}"
            )
            continue
        flags = tuple("--" + f.name + ("" if f.value is None else "=" + f.value) for f in ins.flags)
        if flags != cmd.flags:
            problems.append(f"{where}: flags {flags}, oracle {cmd.flags}")
        if ins.keyword == "ONBUILD":
            inner = ins.inner
            if inner is None or inner.keyword != (cmd.sub_cmd or "").upper():
                problems.append(
                    f"{where}: ONBUILD wraps {inner and inner.keyword}, oracle {cmd.sub_cmd}"
                )
            elif node_args(inner) != cmd.value:
                problems.append(f"{where}: args {node_args(inner)}, oracle {cmd.value}")
            continue
        args = node_args(ins) if ins.keyword in _KNOWN else (ins.value,)
        if args != cmd.value:
            problems.append(f"{where}: args {args}, oracle {cmd.value}")
        if ins.keyword != "HEALTHCHECK" and (ins.form == "exec") != cmd.json:
            problems.append(f"{where}: form {ins.form}, oracle json={cmd.json}")
        heredocs = tuple((h.delimiter, h.body) for h in ins.heredocs)
        oracle_heredocs = tuple((h.name, h.content) for h in cmd.heredocs)
        if heredocs != oracle_heredocs:
            problems.append(f"{where}: heredocs {heredocs}, oracle {oracle_heredocs}")
    return problems


def test_agrees_with_buildkit_parser_on_every_corpus_and_fixture_file() -> None:
    _require_corpus()
    files = _all_files()
    failures = {}
    for path in files:
        problems = _compare(path)
        if problems:
            failures[_rel(path)] = problems[:3]
    compared = len(files)
    SUMMARY.append(
        f"differential test: compared {compared} files with BuildKit's parser,"
        f" {compared - len(failures)} agree; {len(DIVERGENCES)} files have listed divergences"
    )
    assert compared > 700
    assert not failures, f"{len(failures)} of {compared} files diverge: {failures}"


def _result_cases() -> list[Path]:
    root = CORPUS / "buildkit-parser"
    return sorted(root.glob("*/result")) if root.is_dir() else []


@pytest.mark.parametrize("result", _result_cases(), ids=lambda p: p.parent.name)
def test_ast_dump_matches_buildkit_result_file(result: Path) -> None:
    text = (result.parent / "Dockerfile").read_bytes().decode("utf-8", "replace")
    assert dump_all(parse(text).instructions) == result.read_text("utf-8")


def test_result_cases_present() -> None:
    _require_corpus()
    assert len(_result_cases()) == 33


@pytest.mark.parametrize(
    "case",
    sorted((CORPUS / "buildkit-parser").glob("negative-*")) if CORPUS.is_dir() else [],
    ids=lambda p: p.name,
)
def test_negative_cases_are_parse_errors(case: Path) -> None:
    text = (case / "Dockerfile").read_bytes().decode("utf-8", "replace")
    assert parse(text).errors


def test_heredoc_cases_match_buildkit_expectations() -> None:
    _require_corpus()
    import json

    for case in ("heredoc-extract", "heredoc-json"):
        root = CORPUS / "buildkit-parser" / case
        expected = json.loads((root / "expected-heredocs.json").read_text("utf-8"))
        children = parse((root / "Dockerfile").read_text("utf-8")).instructions[1:]
        want = expected["expected_heredocs_by_child"]
        assert len(children) == len(want), case
        for ins, docs in zip(children, want, strict=True):
            got = [
                {"Name": h.delimiter, "FileDescriptor": h.fd, "Expand": not h.quoted,
                 "Chomp": h.strip_tabs, "Content": h.body}
                for h in ins.heredocs
            ]  # fmt: skip
            assert got == (docs or []), f"{case} line {ins.span.line}"


def test_line_numbers_match_buildkit_test() -> None:
    _require_corpus()
    import json

    root = CORPUS / "buildkit-parser" / "testfile-line"
    expected = json.loads((root / "expected-lines.json").read_text("utf-8"))
    ours = parse((root / "Dockerfile").read_text("utf-8")).instructions
    assert [[i.span.line, i.span.end_line] for i in ours] == expected["children"]
