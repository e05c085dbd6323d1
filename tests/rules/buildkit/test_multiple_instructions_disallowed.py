"""BK012 multiple-instructions-disallowed: BuildKit's lint test cases (dockerfile_lint_test.go,
testMultipleInstructionsDisallowed, at moby/buildkit 641a8fd) and ours. BuildKit's
Dockerfiles start with an empty line, which our snippets drop: their lines here are one
less. tally 0.45.0 agrees on every row (it reports each line once)."""

from __future__ import annotations

from dockerlint_ml.engine.registry import load_registry
from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK012"

SPEC: list[Case] = [
    (
        "spec: two of each",
        'FROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\n'
        'CMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
        [2, 4, 6],
    ),
    (
        "spec: broken up by another instruction",
        'FROM scratch\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\n'
        "COPY <<EOF /a.txt\nHello, World!\nEOF\n"
        'ENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
        [2, 3, 4],
    ),
    (
        "spec: a stage overriding its base stage",
        'FROM scratch AS a\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\n'
        'FROM a AS b\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\n'
        'HEALTHCHECK CMD ["/myotherapp"]\n',
        [],
    ),
]

OURS: list[Case] = [
    ("three CMDs: the first two", 'FROM a:1\nCMD ["a"]\nCMD ["b"]\nCMD ["c"]\n', [2, 3]),
    ("one of each", 'FROM a:1\nENTRYPOINT ["a"]\nCMD ["b"]\nHEALTHCHECK NONE\n', []),
    ("keyword case", 'FROM a:1\ncmd ["a"]\nCMD ["b"]\n', [2]),
    ("HEALTHCHECK NONE counts", "FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD x\n", [2]),
    ("shell form counts", 'FROM a:1\nCMD a\nCMD ["b"]\n', [2]),
    ("per stage", 'FROM a:1\nCMD ["a"]\nFROM b:1\nCMD ["b"]\n', []),
    ("ONBUILD CMD is a trigger", 'FROM a:1\nONBUILD CMD ["a"]\nCMD ["b"]\n', []),
    (
        "a multi-line CMD is reported on its first line",
        'FROM a:1\nCMD ["a", \\\n  "b"]\nCMD ["c"]\n',
        [2],
    ),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_later_line() -> None:
    (found,) = findings('FROM a:1\nCMD ["a"]\nRUN x\nCMD ["b"]\n', select=[CODE])
    assert "CMD on line 4" in found.message and found.fix is not None
    assert len(found.message) <= 90


def test_superseded_by_the_hadolint_rules() -> None:
    registry = load_registry(plugins=False)
    rule = registry.by_code(CODE)
    assert rule is not None
    assert {"DL3012", "DL4003", "DL4004"} <= {r.code for r in registry.superseded_by(rule)}
    assert CODE not in {code for code, _ in lint_snippet('FROM a:1\nCMD ["a"]\nCMD ["b"]\n')}
