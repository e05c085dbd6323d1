"""DL3045 copy-relative-without-workdir: hadolint's spec cases (test/Hadolint/Rule/DL3045Spec.hs)
and ours."""

from __future__ import annotations

from dockerlint_ml.rules.hadolint import copy_relative_without_workdir
from tests.helpers import findings, lines_run, lint_snippet
from tests.rules.hadolint.table import Case, Different, linter, table_tests

CODE = "DL3045"
F = "FROM debian:12\n"
WIN = "microsoft/windowsservercore"

# DL3045Spec.hs in the version with the `c:/` cases (it matches 2.15.1), in our words. A
# case without FROM gets one (BuildKit rejects a COPY before any FROM), so its COPY moves
# down a line. The spec's onbuild variants wrap only RUN lines, so they are the same files;
# the two whose text differs (d: drives) are listed too. One onbuild line passes the
# Dockerfile as the rule code and asserts nothing: its text is ported as a plain case.
SPEC: list[Case] = [
    ("spec: absolute destination", F + "COPY bla.sh /usr/local/bin/blubb.sh\n", []),
    ("spec: quoted absolute destination", F + 'COPY bla.sh "/usr/local/bin/blubb.s"\n', []),
    ("spec: Windows c:\\", F + "COPY bla.sh c:\\system32\\blubb.sh\n", []),
    ("spec onbuild: Windows d:\\", F + "COPY bla.sh d:\\mypath\\blubb.sh\n", []),
    ("spec: quoted Windows c:\\", F + 'COPY bla.sh "c:\\system32\\blubb.sh"\n', []),
    ("spec onbuild: quoted Windows d:\\", F + 'COPY bla.sh "d:\\mypath\\blubb.sh"\n', []),
    ("spec: Windows c:/", F + "COPY bla.sh c:/system32/blubb.sh\n", []),
    ("spec onbuild: Windows d:/", F + "COPY bla.sh d:/mypath/blubb.sh\n", []),
    ("spec: WORKDIR set", "FROM scratch\nWORKDIR /usr\nCOPY bla.sh blubb.sh\n", []),
    ("spec (text of a void onbuild line)", F + "WORKDIR /usr\nCOPY bla.sh blubb.sh\n", []),
    ("spec: Windows WORKDIR", "FROM scratch\nWORKDIR c:\\system32\nCOPY bla.sh blubb.sh\n", []),
    ("spec: destination ${VAR}", F + "COPY src.sh ${SRC_BASE_ENV}\n", []),
    ("spec: destination $VAR", F + "COPY src.sh $SRC_BASE_ENV\n", []),
    ("spec: quoted destination ${VAR}", F + 'COPY src.sh "${SRC_BASE_ENV}"\n', []),
    ("spec: quoted destination $VAR", F + 'COPY src.sh "$SRC_BASE_ENV"\n', []),
    ("spec: relative, no WORKDIR", F + "COPY bla.sh blubb.sh\n", [2]),
    ("spec: quoted relative, no WORKDIR", F + 'COPY bla.sh "blubb.sh"\n', [2]),
    (
        "spec: another stage's WORKDIR does not count",
        "FROM debian:buster as stage1\nWORKDIR /usr\nFROM debian:buster\nCOPY foo bar\n",
        [4],
    ),
    (
        "spec: another stage's Windows WORKDIR does not count",
        f"FROM {WIN} as stage1\nWORKDIR c:\\system32\nFROM {WIN}\nCOPY foo bar\n",
        [4],
    ),
    (
        "spec: the base stage's WORKDIR counts",
        "FROM debian:buster as base\nWORKDIR /usr\nFROM debian:buster as stage-inbetween\n"
        "RUN foo\nFROM base\nCOPY foo bar\n",
        [],
    ),
    (
        "spec: the base stage's Windows WORKDIR counts",
        f"FROM {WIN} as base\nWORKDIR c:\\system32\nFROM {WIN} as stage-inbetween\n"
        "RUN foo\nFROM base\nCOPY foo bar\n",
        [],
    ),
    (
        "spec: WORKDIR two stages down",
        "FROM debian:buster as base1\nWORKDIR /usr\nFROM base1 as base2\nRUN foo\n"
        "FROM base2\nCOPY foo bar\n",
        [],
    ),
    (
        "spec: Windows WORKDIR two stages down",
        f"FROM {WIN} as base1\nWORKDIR c:\\system32\nFROM base1 as base2\nRUN foo\n"
        "FROM base2\nCOPY foo bar\n",
        [],
    ),
    (
        "spec: ONBUILD WORKDIR and ONBUILD COPY",
        "FROM debian:buster\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY foo bar\n",
        [],
    ),
    ("spec: one-letter paths", F + "COPY a b\n", [2]),
]

OURS: list[Case] = [
    ("ONBUILD COPY is not checked", F + "ONBUILD COPY foo bar\n", []),
    ("ONBUILD WORKDIR does not count", F + "ONBUILD WORKDIR /x\nCOPY foo bar\n", [3]),
    ("ADD is not checked", F + "ADD foo bar\n", []),
    ("dot", F + "COPY . .\n", [2]),
    ("dot slash", F + "COPY a ./\n", [2]),
    ("from another stage", F + "COPY --from=build /x app/\n", [2]),
    ("chown flag", F + "COPY --chown=1000:1000 a b\n", [2]),
    ("JSON form", F + 'COPY ["a", "b"]\n', [2]),
    ("JSON form absolute", F + 'COPY ["a b.txt", "/app/"]\n', []),
    ("JSON form variable", F + 'COPY ["a", "$APP"]\n', []),
    ("several sources", F + "COPY a b c/\n", [2]),
    ("home is relative to Docker", F + "COPY a ~/x\n", [2]),
    ("variable later in the path", F + "COPY a app/$X\n", [2]),
    ("variable first", F + "COPY a $HOME/app\n", []),
    ("any letter then :/", F + "COPY a x:/b\n", []),
    ("relative WORKDIR counts", F + "WORKDIR app\nCOPY a b\n", []),
    ("variable WORKDIR counts", F + "WORKDIR $APP\nCOPY a b\n", []),
    ("WORKDIR after the COPY", F + "COPY a b\nWORKDIR /app\n", [2]),
    ("each COPY", F + "COPY a b\nCOPY c d\n", [2, 3]),
    ("WORKDIR before FROM is lost", "WORKDIR /app\nFROM debian:12\nCOPY a b\n", [3]),
    ("heredoc", F + "COPY <<EOF app.txt\nhi\nEOF\n", [2]),
    ("heredoc absolute", F + "COPY <<EOF /app.txt\nhi\nEOF\n", []),
    ("continuation: the first line", F + "COPY a \\\n  b\n", [2]),
    (
        "a stage defined later is no base",
        "FROM base\nCOPY a b\nFROM debian:12 AS base\nWORKDIR /x\n",
        [2],
    ),
    ("scratch source stage", "FROM scratch AS src\nCOPY . .\n", [2]),
    ("lower-case copy", F + "copy a b\n", [2]),
    (
        "the base image's WORKDIR is not known here",
        "FROM public.ecr.aws/lambda/python:3.12\nCOPY app.py .\n",
        [2],
    ),
]

DIFFERENT: list[Different] = [
    (
        "same image, other tag, is not a base stage",
        "FROM python:3.9\nWORKDIR /app\nFROM python:3.11\nCOPY a b\n",
        [],
        [4],
        "the second stage starts from the image, not from the first stage; hadolint keys"
        " stages by the image name without its tag",
    ),
    (
        "a stage named like an image is not that image",
        "FROM ubuntu:22.04 AS python\nWORKDIR /app\nFROM python:3.11\nCOPY a b\n",
        [],
        [4],
        "`python:3.11` is pulled, not the stage `python`",
    ),
    (
        "base stage chosen by a global ARG",
        "ARG BASE=base\nFROM debian:12 AS base\nWORKDIR /app\nFROM ${BASE}\nCOPY a b\n",
        [5],
        [],
        "the ARG's value names the stage that sets the WORKDIR",
    ),
    (
        "base stage named in another case",
        "FROM debian:12 AS Base\nWORKDIR /app\nFROM base\nCOPY a b\n",
        [4],
        [],
        "BuildKit matches stage names without regard to case",
    ),
]


lint = linter(CODE)
test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def _chain(n: int) -> str:
    return "FROM debian:12 AS s0\n" + "".join(
        f"FROM s{i} AS s{i + 1}\nCOPY a b\n" for i in range(n)
    )


def test_a_deep_chain_inherits_its_root_workdir() -> None:
    assert lint(_chain(300).replace("AS s0\n", "AS s0\nWORKDIR /w\n", 1)) == []
    assert len(lint(_chain(300))) == 300


def test_a_deep_chain_is_walked_once() -> None:
    small = lines_run((copy_relative_without_workdir,), lambda: lint(_chain(40)))
    large = lines_run((copy_relative_without_workdir,), lambda: lint(_chain(320)))
    assert large <= 9 * small


def test_message_names_the_destination() -> None:
    (found,) = findings(F + "COPY app.py ./\n", select=[CODE])
    assert "`./`" in found.message
    assert found.fix is not None and "WORKDIR /" in found.fix
    assert len(found.message) <= 90


def test_message_marks_a_variable() -> None:
    (found,) = findings(F + "COPY a app/$X\n", select=[CODE])
    assert "`app/$…`" in found.message


def test_off_by_default_superseded_by_dlm003() -> None:
    codes = {code for code, _ in lint_snippet(F + "COPY app.py ./\n")}
    assert CODE not in codes
