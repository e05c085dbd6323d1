"""DL1001 inline-ignore-pragma."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerlint_ml.dockerfile.comments import PRAGMA_RE, comment_lines
from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Severity, Span
from dockerlint_ml.engine.rule import Context, Rule

# A parser directive line at the top of the file (the parser's reading of them).
_DIRECTIVE_RE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=")
_DIRECTIVES = frozenset({"syntax", "escape", "check"})


class InlineIgnorePragma(Rule):
    """A comment in the file silences rules.

    Reported on each comment of a form that the linter honours as a suppression:
    hadolint's `# hadolint ignore=...`, `# hadolint stage ignore=...` and
    `# hadolint global ignore=...`, ours (`# dockerlint-ml ignore=...` and the same two
    scopes), and BuildKit's `# check=skip=...` parser directive. A comment that starts
    like one but does not parse silences nothing and is not reported (DLM901 reports
    ours). Comment lines inside a heredoc body or between continuation lines belong to
    their instruction and are not suppressions. Like every rule it is silenced by a pragma
    naming it (`# hadolint global ignore=DL1001`); a CI that must not be bypassed runs
    with `--disable-pragmas`, which makes every suppression comment ineffective.

    ## Why is this bad?

    Turned on, it makes the configuration the only place where rules are switched off:
    a reviewer of the CI policy sees every exception, instead of comments spread over the
    repository's Dockerfiles where a finding can be silenced without anyone noticing.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    # hadolint ignore=DL3013
    RUN pip install --no-cache-dir torch
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir torch==2.4.1
    ```

    ## Off by default

    hadolint keeps this rule off (its level `ignore`): suppression comments are the normal
    way to record a reviewed exception. Select it to forbid them, for example in CI.

    ## Differences from hadolint

    - Every suppression the linter honours is reported: hadolint's DL1001 reports only
      `# hadolint ignore=`, not its own `global ignore=` and `stage ignore=` forms, and
      knows nothing of ours or of `# check=skip=`.
    - Matched without regard to case, and rule names and lower-case codes are accepted
      in the list, as the linter honours them (`# Hadolint ignore=dl3013`); hadolint
      does not read those as pragmas.

    ## References

    - hadolint DL1001: https://github.com/hadolint/hadolint/wiki/DL1001
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL1001Spec.hs
    - hadolint's pragmas: https://github.com/hadolint/hadolint#inline-ignores; the rule
      came with PR #748 (request #346, "stop developers bypassing central CI policy")
    - BuildKit's `check` directive: https://docs.docker.com/build/checks/
    """

    code = "DL1001"
    name = "inline-ignore-pragma"
    severity = Severity.WARNING
    default = False
    peer_default = False

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        check = dockerfile.directives.get("check", "")
        parts = (p.partition("=") for p in check.split(";"))
        if any(k.strip() == "skip" and v.strip() for k, _, v in parts):
            line = _directive_line(dockerfile, "check")
            if line:
                yield self._report(dockerfile, line, "The `# check=skip=` directive")
        for number in comment_lines(dockerfile):
            text = dockerfile.lines[number - 1].strip(" \t\r")
            m = PRAGMA_RE.match(text)
            if m is not None:
                scope = f"{m.group(2).lower()} ignore" if m.group(2) else "ignore"
                yield self._report(
                    dockerfile, number, f"The pragma `# {m.group(1).lower()} {scope}=`"
                )

    def _report(self, dockerfile: Dockerfile, number: int, what: str) -> Finding:
        text = dockerfile.lines[number - 1]
        start = len(text) - len(text.lstrip(" \t")) + 1
        span = Span(number, start, number, len(text.rstrip(" \t\r")) + 1)
        return self.finding(
            span,
            f"{what} silences rules outside the configuration.",
            fix=(
                "Fix the finding, or ignore the rule in the configuration file, where"
                " the exception is reviewed."
            ),
        )


def _directive_line(dockerfile: Dockerfile, key: str) -> int | None:
    """The line of the parser directive `key` (the first, which the parser keeps)."""
    for number, text in enumerate(dockerfile.lines, start=1):
        m = _DIRECTIVE_RE.match(text)
        if not m or m.end() == len(text) or m.group(1).lower() not in _DIRECTIVES:
            return None
        if m.group(1).lower() == key:
            return number
    return None
