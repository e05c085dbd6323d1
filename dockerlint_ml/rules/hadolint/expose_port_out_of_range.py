"""DL3011 expose-port-out-of-range."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import stage_lookup

_MAX_PORT = 65535
# Digits beyond these cannot be a port, and are not converted (a hostile 1 MB number).
_MAX_DIGITS = 6


class ExposePortOutOfRange(Rule):
    """EXPOSE names a port number above 65535.

    Each word of EXPOSE is read as Docker reads it: an optional `/tcp`, `/udp` or `/sctp`
    suffix, a single port (`8000`) or a range (`8000-8010`, both ends checked). A word
    with a variable is judged only when this file gives the variable a value (an ENV, or
    an ARG with a default: what a build without `--build-arg` uses); `EXPOSE $PORT` with a
    value only known at build or run time is not. Words that are not port numbers at all
    (`8080:80`, `http`) are left to the checks of EXPOSE's format. One finding per EXPOSE.

    ## Why is this bad?

    TCP and UDP ports are 16-bit numbers: 0 to 65535. Docker refuses to build the image
    (`invalid containerPort`), so the value is a typo, often a digit too many
    (`80000` for `8000`), or a variable set to something else than a port.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    EXPOSE 80000
    CMD ["python", "-m", "http.server", "8000"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    EXPOSE 8000
    CMD ["python", "-m", "http.server", "8000"]
    ```

    ## Differences from hadolint

    - A variable whose value this file sets is judged (`ENV PORT=99999` then
      `EXPOSE $PORT` is reported); hadolint never reads variables.
    - `${PORT:-7860}` and quoted words (`"80000"`), which Docker accepts, are read;
      hadolint 2.15.1 fails to parse such a file (DL1000) and lints nothing in it.

    ## References

    - hadolint DL3011: https://github.com/hadolint/hadolint/wiki/DL3011
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3011Spec.hs
    - Docker, EXPOSE: https://docs.docker.com/reference/dockerfile/#expose
    - IANA, port numbers (0-65535):
      https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml
    """

    code = "DL3011"
    name = "expose-port-out-of-range"
    severity = Severity.ERROR
    keywords = frozenset({"EXPOSE"})

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        dockerfile = ctx.dockerfile
        lookup = stage_lookup(dockerfile, stage, instruction.index)
        bad: list[str] = []
        for word in instruction.value.split():
            text, known = dockerfile.expand(word, lookup)
            if not known:
                continue
            # A variable may hold several words (`ENV PORTS="80 443"`).
            bad.extend(p for p in text.split() if _out_of_range(p))
        if not bad:
            return
        shown = ", ".join(_shown(p) for p in bad[:2]) + (", ..." if len(bad) > 2 else "")
        what = "ports" if len(bad) > 1 else "port"
        verb = "are" if len(bad) > 1 else "is"
        yield self.finding(
            instruction,
            f"EXPOSE {what} {shown} {verb} outside 0-65535: the build fails.",
            fix="Expose the port the service listens on, a number from 0 to 65535.",
        )


def _out_of_range(word: str) -> bool:
    """Whether a port word (`80000`, `8000-80000/udp`) has a number above 65535; words
    that are not ports at all are not."""
    port = word.partition("/")[0]
    ends = port.split("-")
    if len(ends) > 2 or not all(e.isascii() and e.isdigit() for e in ends):
        return False
    digits = [e.lstrip("0") or "0" for e in ends]
    return any(len(d) > _MAX_DIGITS or int(d) > _MAX_PORT for d in digits)


def _shown(word: str) -> str:
    return f"`{word}`" if len(word) <= 16 else f"`{word[:13]}...`"
