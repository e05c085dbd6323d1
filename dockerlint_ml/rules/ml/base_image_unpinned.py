"""DLM001 base-image-unpinned."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Finding, ImageRef, Instruction, Severity, Stage
from dockerlint_ml.dockerfile.references import valid_reference
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.image_facts import OFFICIAL_IMAGES, ImageFacts
from dockerlint_ml.facts.images import image_word_span, version_depth

PIN_LEVELS = ("minor", "patch", "digest")
_APPEND_DIGEST = "Append the digest"


class BaseImageUnpinned(Rule):
    """A FROM names a base image whose tag moves to new releases.

    An image with no tag or the `latest` tag resolves to a different image as new releases
    come out, so the same Dockerfile builds a different interpreter and system libraries
    next month. How a versioned tag moves is a fact per image (the image facts table, or
    your own `tags`/`moving` facts): `python`, `node`, `golang` and `alpine` tags must start
    with major.minor (`python:3.12-slim`; `node:20` and `node:iron`, Node 20's codename,
    move with every minor release), `debian` and `ubuntu` tags name a release by major or
    codename (`debian:12-slim` and `debian:bookworm-slim` pin alike). Aliases that cross
    majors always move: `python:slim`, `golang:alpine`, `node:lts`, `debian:stable-slim`,
    `ubuntu:rolling`, `alpine:edge`.

    For an image without facts only no tag and `latest` are reported: its tag scheme is
    unknown, so `maven:3-jdk-11` or a date-style `:24.06-py3` is taken as pinned. A
    one-component name that is no Docker Hub official image (`yarn-builder`) is taken as a
    local image another build made and is not reported. A digest (`@sha256:...`) always
    pins. `scratch`, earlier stages, a FROM that DLM000 reports, a name BuildKit's reference
    grammar refuses (BK016 reports it) and a `FROM ${IMAGE}` whose value cannot be resolved
    are not checked. When an ARG default gives the tag, the
    message names the ARG line to change (once, for every FROM using it).

    ## Why is this bad?

    A model service that built and passed its tests yesterday can fail today without a
    single change in the repository: a new Python minor release drops wheels your
    dependencies need, or changes behaviour. Pinning makes the base an explicit,
    reviewable change.

    ## Example

    ```dockerfile
    FROM python:3-slim
    WORKDIR /app
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## Options

    | name | type | default | meaning |
    |---|---|---|---|
    | `pin` | string | `"minor"` | how tightly a tag must pin: `minor`, `patch` or `digest` |

    - `minor`: each image's tag scheme, as above.
    - `patch`: a major.minor image's tags need major.minor.patch (`python:3.12.4-slim`,
      `node:20.11.1`), a numeric Debian tag a point release (`debian:12.5`); a date tag
      (`2024-05-27`) counts as fully pinned, a name like `bookworm` is accepted.
    - `digest`: every FROM of a pulled image needs `@sha256:...`
      (`docker buildx imagetools inspect IMAGE` shows it).

    A digest satisfies every level. An unknown value is a configuration error.

    ## References

    - Docker, "Pin base image versions":
      https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
    - Docker, `FROM` reference (tags, digests, ARG before FROM):
      https://docs.docker.com/reference/dockerfile/#from
    - python image tags (version, `slim`, Debian suite and `alpine` variants):
      https://github.com/docker-library/docs/blob/master/python/README.md
    - node image tags and codenames: https://github.com/docker-library/docs/blob/master/node/README.md,
      https://github.com/nodejs/Release/blob/main/CODENAMES.md
    - Docker Hub official images: https://github.com/docker-library/official-images/tree/master/library
    - hadolint DL3006 and DL3007: https://github.com/hadolint/hadolint/wiki/DL3006,
      https://github.com/hadolint/hadolint/wiki/DL3007
    """

    code = "DLM001"
    name = "base-image-unpinned"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    supersedes = ("DL3006", "DL3007")
    default_options: ClassVar[Mapping[str, Any]] = {"pin": "minor"}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        pin = self.options.get("pin")
        if pin not in PIN_LEVELS:
            raise ValueError(
                f"{self.code} option pin must be one of {', '.join(PIN_LEVELS)}, got {pin!r}"
            )
        self.pin: str = pin

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or stage.from_instruction is not instruction:
            return
        image = stage.base_image
        if image is None:  # scratch, an earlier stage, or an unresolvable ${VAR}
            return
        if _has_parse_error(ctx, instruction):  # DLM000 already reports this FROM
            return
        if stage.base_resolved is not None and not valid_reference(stage.base_resolved):
            return  # not an image name BuildKit can pull: BK016 reports the name itself
        facts = ctx.image_facts(image)
        if _local_image(image, facts):
            return
        problem = self._problem(image, facts)
        if problem is None:
            return
        what, action, example, at_end = problem
        shown = _shown(image)
        args = _responsible_args(ctx, stage.base_text, at_end)
        if not args:
            message = f"`{shown}` {what}"
            fix = f"{action}, e.g. `{example}`."
        else:
            # One ARG default used by several FROMs is one root cause: the first reports it.
            others = _same_base(ctx, stage)
            if others and others[0] < stage.index:
                return
            named = " and ".join(f"ARG {arg.name} on line {arg.line}" for arg in args)
            default = "the default" if len(args) == 1 else "the defaults"
            message = (
                f"`{shown}`, from {default} of {named} (used when no --build-arg is given), {what}"
            )
            if others:
                also = ", ".join(
                    str(ctx.dockerfile.stages[i].from_instruction.span.line) for i in others
                )
                plural = "s" if len(others) > 1 else ""
                message = f"{message[:-1]}; the FROM{plural} on line{plural} {also} use it too."
            value = _new_value(args, example)
            if value is not None:
                fix = (
                    f"{action} by changing {default} of {named}, not the FROM,"
                    f" e.g. `ARG {args[0].name}={value}`."
                )
            else:
                fix = (
                    f"{action} by changing {default} of {named}, not the FROM, so that"
                    f" the FROM gives e.g. `{example}`."
                )
        if action == _APPEND_DIGEST:
            fix = f"{fix[:-1]}; `docker buildx imagetools inspect {shown}` shows the digest."
        span = image_word_span(ctx.dockerfile.lines, instruction, stage.base_text)
        yield self.finding(span, message, fix=fix)

    def _problem(
        self, image: ImageRef, facts: ImageFacts | None
    ) -> tuple[str, str, str, bool] | None:
        """(what is wrong, the fix's action, an example reference, whether the fix goes at
        the end of the reference) or None when the reference pins enough."""
        if image.digest is not None:
            return None
        name = image.name
        scheme = facts.tags if facts is not None else None
        tag = image.tag
        if tag is None or tag.lower() == "latest":
            what = "has no tag" if tag is None else "uses the `latest` tag"
            if scheme == "digest":  # no version tags to pin to
                return (
                    f"{what}, so each build pulls whatever image is newest that day; the"
                    " image publishes no version tags, only a digest pins it.",
                    _APPEND_DIGEST,
                    f"{_shown(image)}@sha256:<digest>",
                    True,
                )
            return (
                f"{what}, so each build pulls whatever image is newest that day.",
                "Pin a version tag",
                f"{name}:{_example_version(name, scheme)}",
                tag is None,
            )
        problem = _tag_problem(image, tag, facts) if facts is not None else None
        if problem is not None:
            return problem
        depth = version_depth(tag)
        if self.pin == "patch" and scheme == "minor" and depth is not None and depth < 3:
            head, sep, rest = tag.partition("-")
            full = head + ".<patch>" if depth == 2 else head
            return (
                "pins a minor version only; the `pin = patch` setting asks for"
                " major.minor.patch so that point releases are explicit too.",
                "Use a full version tag or add a digest",
                f"{name}:{full}{sep}{rest}",
                False,
            )
        if self.pin == "patch" and scheme == "major" and depth == 1:
            head, sep, rest = tag.partition("-")
            return (
                "pins a major version only; the `pin = patch` setting asks for"
                " the point release too.",
                "Use a point-release tag or add a digest",
                f"{name}:{head}.<minor>{sep}{rest}",
                False,
            )
        if self.pin == "digest":
            return (
                "has no digest; the `pin = digest` setting asks for one because"
                " a tag can be moved to another image at any time.",
                _APPEND_DIGEST,
                f"{_shown(image)}@sha256:<digest>",
                True,
            )
        return None


def _tag_problem(image: ImageRef, tag: str, facts: ImageFacts) -> tuple[str, str, str, bool] | None:
    """What is wrong with a tag under the image's tag scheme (facts.tags, facts.moving)."""
    name = image.name
    scheme = facts.tags
    low = tag.lower()
    head, sep, rest = tag.partition("-")
    suffix = f"{sep}{rest}"
    moving = any(
        fnmatch.fnmatchcase(low, glob) or fnmatch.fnmatchcase(head.lower(), glob)
        for glob in facts.moving
    )
    if moving:
        version = _example_version(name, scheme)
        return (
            "is an alias that keeps moving to newer releases, across major versions.",
            "Name a version instead of the alias",
            f"{name}:{version}{suffix}",
            False,
        )
    if scheme != "minor":
        return None  # "major": a major version or a codename names one release
    depth = version_depth(tag)
    if depth is not None and depth >= 2:
        return None
    if name == "python":
        example = f"python:{head}.<minor>{suffix}" if depth == 1 else f"python:3.12-{tag}"
        return (
            "does not name a Python minor version, so the interpreter changes"
            " (3.12 to 3.13) when a new release comes out.",
            "Start the tag with major.minor",
            example,
            False,
        )
    if depth == 1:
        return (
            "names only a major version, so it moves to every new minor release of the image.",
            "Add the minor version to the tag",
            f"{name}:{head}.<minor>{suffix}",
            False,
        )
    major = dict(facts.codenames).get(head.lower())
    if major is not None:
        return (
            f"names a release line (`{head}` is major version {major}), not a minor version,"
            " so it moves to every new minor release of that line.",
            "Start the tag with major.minor",
            f"{name}:{major}.<minor>{suffix}",
            False,
        )
    return (
        "names no version, so it follows whatever release is newest.",
        "Start the tag with major.minor",
        f"{name}:<major>.<minor>-{tag}",
        False,
    )


def _example_version(name: str, scheme: str | None) -> str:
    if name == "python":
        return "3.12-slim"
    if scheme == "minor":
        return "<major>.<minor>"
    if scheme == "major":
        return _RELEASE_EXAMPLE.get(name, "<codename>")
    return "<version>"


# A release of a "major" image, for hints: Ubuntu's versions are year.month.
_RELEASE_EXAMPLE = {"debian": "12", "ubuntu": "24.04"}


# A repository path component (distribution/reference): `yarn-builder`, `tritonserver_cibase`.
# The separator `[._]|__|-+` is written `\.|__?|-+` so that no two alternatives start alike.
_REPOSITORY_RE = re.compile(r"[a-z0-9]+(?:(?:\.|__?|-+)[a-z0-9]+)*")


def _local_image(image: ImageRef, facts: ImageFacts | None) -> bool:
    """A one-component name that is no Docker Hub official image and that no facts
    describe: most likely an image another build made locally, never pulled."""
    if "/" in image.name or image.name in OFFICIAL_IMAGES:
        return False
    if not _REPOSITORY_RE.fullmatch(image.name):
        return False  # not a valid local name either: no guess about it
    return facts is None or (facts.tags is None and not facts.moving)


def _same_base(ctx: Context, stage: Stage) -> list[int]:
    """The other stages whose FROM is written and resolves the same way."""
    return [
        other.index
        for other in ctx.dockerfile.stages
        if other.index != stage.index
        and other.base_text == stage.base_text
        and other.base_resolved == stage.base_resolved
        and other.base_image is not None
    ]


def _has_parse_error(ctx: Context, instruction: Instruction) -> bool:
    first, last = instruction.span.line, instruction.span.end_line
    for error in ctx.dockerfile.errors:
        end = error.end_line or error.line
        if error.line <= last and end >= first:
            return True
    return False


_VAR_RE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass(frozen=True, slots=True)
class _Arg:
    """A global ARG whose default gives part of a FROM's reference."""

    name: str
    line: int
    start: int  # where its value lies in the resolved reference
    end: int
    resolved: str


def _responsible_args(ctx: Context, text: str, at_end: bool) -> list[_Arg]:
    """The global ARGs whose defaults give the part of the FROM's reference the fix must
    change: the tag (or, when `at_end`, where a tag or digest goes)."""
    if "$" not in text:
        return []
    df = ctx.dockerfile
    lines: dict[str, int] = {}
    for ins in df.instructions:
        if ins.keyword == "FROM":
            break
        if ins.keyword == "ARG":
            for word in ins.value.split():
                lines[word.split("=", 1)[0]] = ins.span.line
    used = {m.group(1) or m.group(2) for m in _VAR_RE.finditer(text)}
    out: list[_Arg] = []
    for name in sorted(used, key=text.find):
        value = df.global_args.get(name)
        if value is None or name not in lines:
            continue

        def lookup(var: str, name: str = name, value: str = value) -> str | None:
            return f"\x00{value}\x01" if var == name else df.global_args.get(var)

        marked, _ = df.expand(text, lookup)
        found = _covering_span(marked, at_end)
        if found is not None:
            start, end, resolved = found
            out.append(_Arg(name, lines[name], start, end, resolved))
    return out


def _covering_span(marked: str, at_end: bool) -> tuple[int, int, str] | None:
    """The span a marked (\x00...\x01) substitution takes in the resolved reference, when
    it gives the reference's tag, or reaches its end when `at_end` (a missing tag, a
    digest to append); with the resolved reference."""
    spans: list[tuple[int, int]] = []
    clean: list[str] = []
    start = 0
    for c in marked:
        if c == "\x00":
            start = len(clean)
        elif c == "\x01":
            spans.append((start, len(clean)))
        else:
            clean.append(c)
    resolved = "".join(clean)
    ref = resolved.split("@", 1)[0]
    slash, colon = ref.rfind("/"), ref.rfind(":")
    for s, e in spans:
        if at_end or colon <= slash:
            if s < len(ref) <= e:
                return s, e, resolved
        elif s < len(ref) and e > colon + 1:
            return s, e, resolved
    return None


def _new_value(args: list[_Arg], example: str) -> str | None:
    """The ARG default that makes the FROM give `example`, when one ARG gives the part
    that changes: `3` in `python:${V}-slim` -> `3.<minor>`."""
    if len(args) != 1:
        return None
    arg = args[0]
    head, tail = arg.resolved[: arg.start], arg.resolved[arg.end :]
    if not example.startswith(head) or not example.endswith(tail):
        return None
    if len(head) + len(tail) > len(example):
        return None
    return example[len(head) : len(example) - len(tail)]


def _shown(image: ImageRef) -> str:
    """The reference as the user would write it, normalised: `python:3.11`."""
    return image.name if image.tag is None else f"{image.name}:{image.tag}"
