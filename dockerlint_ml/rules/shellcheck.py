"""SC shellcheck: ShellCheck's findings on the scripts RUN instructions run."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule

WIKI = "https://www.shellcheck.net/wiki/"
# The codes DL rules report on the same command: with both selected, the DL finding stays.
# SC2164 (`cd` without `|| exit`) and DL3003 (cd-in-run) both point at one `cd`.
TWINS = {"SC2164": "DL3003"}
_LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "style": Severity.STYLE,
}


def wiki_url(code: str) -> str:
    """The ShellCheck wiki page of a code (`SC2086`)."""
    return WIKI + code


class ShellCheck(Rule):
    """ShellCheck finds a problem in the shell script a RUN runs.

    Each shell-form RUN (and ONBUILD RUN), and each heredoc a shell runs (`RUN <<EOF`, or a
    quoted one handed to a shell, `RUN <<"EOF" bash -ex`), is checked by
    ShellCheck as the script its shell receives: a shebang naming the stage's SHELL
    (`/bin/sh` by default; bash, dash, ksh and BusyBox ash too), the ARG and ENV
    variables the script uses assigned their values, then the text with its continuation
    lines joined. Every ShellCheck comment is one finding under ShellCheck's code
    (`SC2086`), at ShellCheck's level, on the exact Dockerfile range it flags. The codes are
    selectors of their own: `--ignore SC2086`, `--select SC20`, `# dockerlint-ml
    ignore=SC2046`, `severity = { SC2086 = "info" }`.

    Not checked: exec-form RUNs (no shell reads them), RUNs under a SHELL ShellCheck does
    not read (PowerShell, cmd, zsh, fish), and heredocs a program reads
    (`RUN python3 <<EOF`, `cat <<EOF > file`). ShellCheck's SC1090, SC1091 (sourced files
    it cannot see) and SC2187 (ash) are never asked for. A `.shellcheckrc` in the
    Dockerfile's directory or above it is honoured, and a `# shellcheck disable=...` line
    works in a heredoc script as in a script file. ShellCheck comes from the
    `dockerlint-ml[shellcheck]` extra, or `shellcheck-path` in the configuration.

    Codes whose findings on real Dockerfiles were mostly rejected in review (SC2086 and
    SC2046 on word splitting a Dockerfile intends or cannot suffer, SC3xxx bash-isms whose
    verdict depends on what `/bin/sh` is in the base image, and others: README, "ShellCheck
    inside RUN") are off by default; their code or a prefix longer than `SC` turns them on.

    ## Why is this bad?

    A RUN is a shell script that runs once, at build time, where nobody watches it: an
    unquoted `$(...)` that splits, a `[[` that `/bin/sh` does not have, a `cd` whose
    failure goes unnoticed make a build fail later or, worse, succeed with the wrong
    result; an unquoted `pkg>=1.0` is a redirection that drops the pin. ShellCheck knows
    those mistakes; each finding names the code whose wiki page
    explains it.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask>=3.0 gunicorn>=22.0
    ```

    The unquoted `>` of each pin is a redirection: pip installs flask and gunicorn unpinned
    and the shell writes their output to files named `=3.0` and `=22.0` (SC2261).

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir "flask>=3.0" "gunicorn>=22.0"
    ```

    ## Differences from hadolint

    - The SHELL in effect is kept after ARG and ENV; hadolint 2.15.1 checks every RUN after
      them as `/bin/sh`, which reports bash syntax under `SHELL ["/bin/bash", "-c"]`.
    - Every ShellCheck comment is reported; hadolint keeps one per RUN.
    - Each finding has the line and columns ShellCheck flags; hadolint reports the RUN's
      first line, column 1.
    - Variables get their values (`ENV DIR=/opt/app`); hadolint assigns every one `1`.
      The unquoted use of a value with a blank is reported, of a plain word not.
    - SC2164 on a `cd` is left to DL3003 when both are selected (one root cause, one
      finding).

    ## References

    - ShellCheck: https://www.shellcheck.net/ and its wiki of codes:
      https://www.shellcheck.net/wiki/
    - hadolint, "Rules" (ShellCheck on RUN): https://github.com/hadolint/hadolint#rules
    """

    code = "SC"
    name = "shellcheck"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    onbuild = True
    family_digits = 4
    # Off by default after the precision review on the corpus (README, "ShellCheck inside
    # RUN", gives each reason): most of their findings there were rejected by a reviewer.
    default_excluded = frozenset(
        {
            "SC1007", "SC1083", "SC2001", "SC2010", "SC2012", "SC2014", "SC2016", "SC2021",
            "SC2035", "SC2038", "SC2043", "SC2046", "SC2059", "SC2086", "SC2102", "SC2125",
            "SC2154", "SC2155", "SC2162", "SC2164", "SC2166", "SC2174", "SC2185", "SC2196",
            "SC3001", "SC3010", "SC3014", "SC3037", "SC3040", "SC3046", "SC3060",
        }
    )  # fmt: skip

    @classmethod
    def code_url(cls, code: str) -> str | None:
        return wiki_url(code)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if ctx.shellcheck is None:
            return
        for script in ctx.scripts(instruction):
            comments = ctx.shellcheck(script)
            if not comments:
                continue
            for comment in comments:
                if script.generated(comment.line):
                    # About the shebang or export lines written here, not the user's text.
                    continue
                code = comment.code
                yield Finding(
                    code=code,
                    name=self.name,
                    severity=_LEVELS.get(comment.level, Severity.WARNING),
                    message=comment.message,
                    span=script.span(
                        comment.line, comment.column, comment.end_line, comment.end_column
                    ),
                    fix=f"see {wiki_url(code)}",
                    subsumed_by=TWINS.get(code),
                )
