"""DLM901 unused-suppression."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.engine.rule import Rule


class UnusedSuppression(Rule):
    """A `# dockerlint-ml` suppression comment silences nothing.

    Reported on the comment, once per rule it names, when that rule ran and found nothing
    where the comment applies; when it names something that is not a rule code, a rule name
    or a peer alias of ours (code prefixes are not accepted); and when the comment starts
    like a suppression but does not parse, for example a reason written without its own `#`.
    A suppression of a rule that was not selected is not reported: nobody knows whether it
    would have silenced something.

    The forms, where a reason may follow a second `#`:

    - `# dockerlint-ml ignore=DLM008,base-image-unpinned` silences the next instruction
      (comments and blank lines may come between);
    - `# dockerlint-ml stage ignore=DLM004` placed just before a FROM silences that whole
      stage, placed inside a stage the rest of it;
    - `# dockerlint-ml global ignore=DLM002` silences the whole file, wherever it is.

    A rule may be named by its code, its name or a peer alias (`DL3006`), in any case.
    hadolint's `# hadolint ignore=`, `# hadolint stage ignore=` and `# hadolint global
    ignore=` pragmas and BuildKit's `# check=skip=` parser directive are honoured for the
    codes and check names that are aliases of our rules (`# check=skip=all` silences the
    rules that have a BuildKit alias); codes with no counterpart here are ignored, and these
    foreign pragmas are never reported by this rule. `--disable-pragmas` turns every pragma
    off. Comment lines inside a heredoc body or between continuation lines belong to their
    instruction and are not pragmas. This rule's own findings sit on comments: silence them
    with `# dockerlint-ml global ignore=DLM901` (a plain `ignore=DLM901` only covers the
    comment lines between it and the next instruction). A suppression of DLM901 is never
    itself reported as unused.

    ## Why is this bad?

    A suppression that no longer silences anything hides the next real finding on that
    instruction: the code was fixed or moved, and the comment stays behind as a blanket
    exemption nobody reviews. A misspelt rule code or a reason without its `#` makes the
    comment silently useless, so the finding it was written for is still reported or, worse,
    the author believes a check is off when it is not.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    # dockerlint-ml ignore=cmd-not-exec-form  # the CMD is already in exec form
    CMD ["python", "app.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    # dockerlint-ml ignore=cmd-not-exec-form  # the launcher expands $APP_ARGS itself
    CMD python app.py $APP_ARGS
    ```

    ## Fix

    Safe: the unused entry is removed from the comment, with the comma beside it, or, when
    it is the comment's only entry, the comment's line. A suppression that silenced
    nothing changes no report by going away, and the rules it names all ran (an entry for a
    rule that was not selected is never reported, so never removed). A malformed comment or
    an unknown rule name gets no fix: what was meant is for the author to say.

    ## References

    - hadolint's inline pragmas (`ignore=`, `global ignore=`, a trailing `# reason`):
      `src/Hadolint/Pragma.hs` in https://github.com/hadolint/hadolint and
      https://github.com/hadolint/hadolint#inline-ignores; `stage ignore=` came with
      hadolint PR #1195 (v2.15.0).
    - BuildKit's `check` parser directive (`skip=` names or `all`, `error=true`), parsed by
      `ParseLintOptions` in moby/buildkit `frontend/dockerfile/linter/linter.go`:
      https://docs.docker.com/build/checks/
    - ruff reports unused `# noqa` comments the same way (RUF100):
      https://docs.astral.sh/ruff/rules/unused-noqa/
    """

    code = "DLM901"
    fixable = "safe"
    name = "unused-suppression"
    severity = Severity.INFO
