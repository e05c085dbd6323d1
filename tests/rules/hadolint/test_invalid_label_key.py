"""DL3048 invalid-label-key: hadolint's spec cases (test/Hadolint/Rule/DL3048Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3048"
OPTIONS: dict[str, object] = {}
F = "FROM foo:1\n"

# DL3048Spec.hs at v2.15.1; its cases have no FROM (each gets one), and its ONBUILD variants
# wrap RUN only, so they repeat the plain cases: the three without the blank before `=`
# are ported once. The binary allows `_` and `/` in keys (the spec has no case for them).
SPEC: list[Case] = [
    ("spec: com.docker.", F + 'LABEL com.docker.label="foo"\n', [2]),
    ("spec: io.docker.", F + 'LABEL io.docker.label="foo"\n', [2]),
    ("spec: org.dockerproject.", F + 'LABEL org.dockerproject.label="foo"\n', [2]),
    ("spec: starts with .", F + 'LABEL .invalid ="foo"\n', [2]),
    ("spec: starts with -", F + 'LABEL -invalid ="foo"\n', [2]),
    ("spec: starts with a digit", F + 'LABEL 1invalid ="foo"\n', [2]),
    ("spec (onbuild): starts with .", F + 'LABEL .invalid="foo"\n', [2]),
    ("spec (onbuild): starts with -", F + 'LABEL -invalid="foo"\n', [2]),
    ("spec (onbuild): starts with a digit", F + 'LABEL 1invalid="foo"\n', [2]),
    ("spec: ..", F + 'LABEL invalid..character="foo"\n', [2]),
    ("spec: --", F + 'LABEL invalid--character="foo"\n', [2]),
    ("spec: valid reverse DNS", F + 'LABEL org.valid-key.label3="foo"\n', []),
    ("spec: valid word", F + 'LABEL validlabel="foo"\n', []),
]

OURS: list[Case] = [
    ("upper case", F + "LABEL Maintainer=x\n", [2]),
    ("upper case, legacy form", F + "LABEL Maintainer Jane Doe\n", [2]),
    ("legacy form", F + "LABEL maintainer Jane Doe\n", []),
    ("underscore and slash", F + "LABEL a_b/c=1\n", []),
    ("ends with .", F + "LABEL a.=1\n", [2]),
    ("ends with -", F + "LABEL a-=1\n", [2]),
    ("._ and .- pass", F + "LABEL a._b=1 a.-b=1\n", []),
    ("a quoted key", F + 'LABEL "com.example.x"=1\n', []),
    ("a quoted key with upper case", F + 'LABEL "Com.example"=1\n', [2]),
    ("a blank in a quoted key", F + 'LABEL "a b"=1\n', [2]),
    ("a namespace's name alone", F + "LABEL com.docker=1 io.dockerx=1\n", []),
    ("OCI keys", F + "LABEL org.opencontainers.image.title=x org.label-schema.name=y\n", []),
    ("one finding per LABEL", F + "LABEL A=1 B=2\n", [2]),
    ("each LABEL", F + "LABEL A=1\nLABEL b=2\nLABEL C=3\n", [2, 4]),
    ("continuation lines", F + "LABEL a=1 \\\n    B=2\n", [2]),
    ("every stage", "FROM a:1 AS b\nLABEL A=1\nFROM c:1\nLABEL B=2\n", [2, 4]),
    ("lower-case keyword", F + "label A=1\n", [2]),
    ("ONBUILD is not checked", F + "ONBUILD LABEL A=1\n", []),
    ("non-ASCII", F + "LABEL aéb=1\n", [2]),
    ("an escaped dollar", F + 'LABEL "invalid\\$character"=1\n', [2]),
]

DIFFERENT: list[Different] = [
    (
        "spec: invalid character",
        F + 'LABEL invalid$character="foo"\n',
        [2],
        [],
        "`$character` is a variable Docker expands (to nothing here, giving `invalid`): the"
        " key is known at build time only",
    ),
    (
        "a variable in the key",
        F + "ARG PREFIX=org.example\nLABEL ${PREFIX}.version=1\n",
        [3],
        [],
        "the key is known at build time only; hadolint reports the `$` of the text",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)


def test_message_names_key_and_reason() -> None:
    (found,) = findings(F + "LABEL ok=1 Bad=2\n", select=[CODE])
    assert found.message == "Label key `Bad` does not start with a lower-case letter."
    (found,) = findings(F + "LABEL a:b=2\n", select=[CODE])
    assert "`:`" in found.message and len(found.message) <= 90
    (found,) = findings(F + "LABEL com.docker.x=2\n", select=[CODE])
    assert "reserves" in found.message


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet(F + "LABEL A=1\n")}
