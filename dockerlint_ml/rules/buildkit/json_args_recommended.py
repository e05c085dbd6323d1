"""BK007 json-args-recommended (BuildKit's JSONArgsRecommended)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class JsonArgsRecommended(Rule):
    """CMD or ENTRYPOINT in shell form.

    Checked on every CMD and ENTRYPOINT (not inside ONBUILD) that is not a JSON array,
    malformed arrays (`["a", 'b']`) and an empty CMD included, unless a SHELL instruction
    is in effect for the stage (set in it or in a stage it is built on): a file that
    chooses its shell chose the shell form too.

    ## Why is this bad?

    The shell form runs the command as `/bin/sh -c "..."`: the shell is PID 1, and it
    does not pass SIGTERM on to the command, so `docker stop` waits its 10 seconds and
    then kills the container without a clean shutdown.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    CMD python -m http.server 8000
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    CMD ["python", "-m", "http.server", "8000"]
    ```

    ## Off by default

    DLM008 (and hadolint's DL3025) cover this root cause and supersede it.

    ## Differences from BuildKit

    - A SHELL inherited through `FROM <stage>` exempts, as in BuildKit; a SHELL in the
      base image's configuration is not known here, so it does not.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/json-args-recommended/
    - Docker, shell and exec form:
      https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
    """

    code = "BK007"
    name = "json-args-recommended"
    severity = Severity.WARNING
    keywords = frozenset({"CMD", "ENTRYPOINT"})
    aliases = ("JSONArgsRecommended",)
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.form == "exec":
            return
        if ctx.shell(instruction).instruction is not None:
            return
        keyword = instruction.keyword
        yield self.finding(
            instruction,
            f"{keyword} in shell form: the shell, not the command, gets the signals.",
            fix=f'Write the {keyword} as a JSON array, e.g. `{keyword} ["app", "--flag"]`.',
        )
