"""DL3044 env-references-own-definition: hadolint's spec cases
(test/Hadolint/Rule/DL3044Spec.hs) and ours.

Ported from the v2.15.1 spec, every case; its cases have no FROM: each gets one (after the
ARG, for the case that starts with one)."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3044"
F = "FROM a:1\n"

SPEC: list[Case] = [
    ("spec: two ENVs", F + 'ENV BLA="blubb"\nENV BLUBB="${BLA}/blubb"\n', []),
    ("spec: partial match 1", F + 'ENV BLA="blubb" BLUBB="${FOOBLA}/blubb"\n', []),
    ("spec: partial match 2", F + 'ENV BLA="blubb" BLUBB="${BLAFOO}/blubb"\n', []),
    ("spec: partial match 3", F + 'ENV BLA="blubb" BLUBB="$FOOBLA/blubb"\n', []),
    ("spec: partial match 4", F + 'ENV BLA="blubb" BLUBB="$BLAFOO/blubb"\n', []),
    ("spec: partial match 5", F + 'ENV BLA="blubb" BLUBB="$BLA/$BLAFOO/blubb"\n', [2]),
    ("spec: partial match 6", F + 'ENV BLA="blubb" BLUBB="BLA/$BLAFOO/BLA"\n', []),
    ("spec: declared by an ARG before", F + "ARG BLA\nENV BLA=${BLA}\n", []),
    ("spec: set by an ENV before", F + "ENV BLA blubb\nENV BLA=${BLA}\n", []),
    ("spec: its own name", F + "ENV PATH=/bla:${PATH}\n", []),
    ("spec: its own name in two ENVs", F + "ENV PATH=/bla:${PATH}\nENV PATH=/blubb:${PATH}\n", []),
    ("spec: its own name twice in one ENV", F + "ENV PATH=/bla:${PATH} PATH=/blubb:${PATH}\n", [2]),
    ("spec: braces", F + 'ENV BLA="blubb" BLUBB="${BLA}/blubb"\n', [2]),
    ("spec: no braces", F + 'ENV BLA="blubb" BLUBB="$BLA/blubb"\n', [2]),
    ("spec: the whole value", F + 'ENV BLA="blubb" BLUBB="$BLA"\n', [2]),
    ("spec: the whole value, braces", F + 'ENV BLA="blubb" BLUBB="${BLA}"\n', [2]),
]

OURS: list[Case] = [
    ("referred to before it is set", F + "ENV B=$A A=1\n", [2]),
    ("set twice, the second from the first", F + "ENV A=1 A=$A\n", [2]),
    ("a later pair from an earlier one", F + "ENV A=1 B=2 A=$B\n", [2]),
    ("the legacy form is one pair", F + "ENV A 1 B=$A\n", []),
    ("continuation lines", F + "ENV A=1 \\\n    B=$A \\\n    C=2\n", [2]),
    ("one finding per ENV", F + "ENV A=1 B=$A C=$A\n", [2]),
    ("ONBUILD is not checked", F + "ONBUILD ENV A=1 B=$A\n", []),
    ("a longer name", F + "ENV A=1 B=$AB\n", []),
    ("text right after braces", F + "ENV A=1 B=${A}x\n", [2]),
    ("an ARG of the stage declared before", F + "ARG A\nENV A=1 B=$A\n", []),
    ("an ENV set before", F + "ENV A=1\nENV A=2 B=$A\n", []),
    ("set by the base stage", "FROM a:1 AS b\nENV A=0\nFROM b\nENV A=1 B=$A\n", []),
    ("the ARG comes after", F + "ENV A=1 B=$A\nARG A\n", [2]),
    ("the conda PATH", F + "ENV CONDA_DIR=/opt/conda PATH=$CONDA_DIR/bin:$PATH\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "a default in the reference",
        F + "ENV A=1 B=${A:-x}\n",
        [],
        [2],
        "`${A:-x}` refers to `A`, which is empty before this ENV",
    ),
    (
        "single quotes",
        F + "ENV A=1 B='$A'\n",
        [2],
        [],
        "inside single quotes `$A` is literal text, not a reference",
    ),
    (
        "an escaped dollar",
        F + "ENV A=1 B=\\$A\n",
        [2],
        [],
        "`\\$A` is literal text, not a reference",
    ),
    (
        "set in another stage",
        "FROM a:1 AS x\nENV A=0\nFROM b:1\nENV A=1 B=$A\n",
        [],
        [4],
        "the other stage's ENV is not in this one: `$A` is empty here",
    ),
    (
        "an ARG before FROM, not declared in the stage",
        "ARG A\nFROM b:1\nENV A=1 B=$A\n",
        [],
        [3],
        "an ARG before FROM is only visible to FROM unless the stage declares it again",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_variable() -> None:
    text = F + "ENV VENV=/opt/venv PATH=$VENV/bin:$PATH\n"
    (found,) = findings(text, select=[CODE])
    assert "`$VENV`" in found.message and len(found.message) <= 90
    assert found.fix is not None and "`VENV`" in found.fix


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet(F + "ENV A=1 B=$A\n")}
