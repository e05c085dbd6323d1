"""DL3025 shell-form-cmd-entrypoint."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class ShellFormCmdEntrypoint(Rule):
    """CMD or ENTRYPOINT is written in shell form instead of a JSON array.

    Checked on every CMD and ENTRYPOINT, in every stage (not inside ONBUILD). Text that
    starts with `[` but is not a JSON array of double-quoted strings (`CMD ['app']`) is
    shell form too: Docker runs it through `/bin/sh -c`. HEALTHCHECK is not checked.

    ## Why is this bad?

    In shell form Docker runs the command as `/bin/sh -c "<text>"`. The shell, not the
    program, may then be PID 1: it does not pass on the SIGTERM of `docker stop`, so the
    program gets no chance to shut down cleanly and is killed after the grace period. A
    shell-form ENTRYPOINT also ignores CMD and the arguments of `docker run`.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    CMD python app.py
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    CMD ["python", "app.py"]
    ```

    ## Differences from hadolint

    - `HEALTHCHECK CMD curl -f http://localhost/ || exit 1` is not reported: a health
      probe is a short-lived child of the runtime, never PID 1, so the signal argument
      does not apply, and `|| exit 1` needs a shell. hadolint 2.15.1 reports it; BuildKit's
      JSONArgsRecommended checks only CMD and ENTRYPOINT.

    ## References

    - hadolint DL3025: https://github.com/hadolint/hadolint/wiki/DL3025
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3025Spec.hs
    - Docker, shell and exec form:
      https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
    - BuildKit check JSONArgsRecommended (CMD and ENTRYPOINT only):
      https://docs.docker.com/reference/build-checks/json-args-recommended/
    """

    code = "DL3025"
    name = "shell-form-cmd-entrypoint"
    severity = Severity.WARNING
    keywords = frozenset({"CMD", "ENTRYPOINT"})
    # BuildKit's twin check; DLM008 supersedes both.
    supersedes = ("JSONArgsRecommended",)
    # Off by default whatever this says: DLM008 supersedes it, and judges whether the
    # shell really stays PID 1. On its own merits it would be on: Docker's own build
    # check gives the same advice on every build, and reviewers accept the corpus findings.
    default = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.form != "shell":
            return
        kw = instruction.keyword
        problem = "is not a JSON array" if instruction.malformed_json else "is in shell form"
        yield self.finding(
            instruction,
            f"{kw} {problem}, so it runs under `/bin/sh -c` and may not get SIGTERM.",
            fix=f'Use the exec form, e.g. `{kw} ["program", "arg"]`.',
        )
