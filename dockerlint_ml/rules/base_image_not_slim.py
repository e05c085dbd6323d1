"""DLM002 base-image-not-slim."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.images import image_word_span, slim_variant
from dockerlint_ml.model import Finding, Severity
from dockerlint_ml.rule import Context, Rule


class BaseImageNotSlim(Rule):
    """The final stage runs on a full-size image that has a slim counterpart.

    Only the image the service ships in matters: the final stage's base, followed through
    earlier stages (`FROM python:3.12 AS base` ... `FROM base`). Build stages may use the
    big image to compile wheels. Known full-size images, and what to use instead:

    | image | full-size when the tag | use instead |
    |---|---|---|
    | `python` | has neither `slim` nor `alpine`, or is missing | `-slim`: `3.12-slim-bookworm` |
    | `nvidia/cuda` | has a `devel` part | the same tag with `runtime` |
    | `pytorch/pytorch` | has a `devel` part | the same tag with `runtime` |

    Windows tags of `python` (`windowsservercore`, `nanoserver`) have no slim variant and
    are not reported; neither is a digest with no tag, whose variant cannot be read.

    ## Why is this bad?

    The full `python` image carries compilers, headers and hundreds of Debian packages a
    model server never uses: it is several times larger than `-slim`, slower to pull on
    every deploy and autoscale event, and has more packages for scanners to flag. CUDA
    `devel` images add the whole compiler toolchain on top of `runtime`, gigabytes that only
    a build needs.

    ## Example

    ```dockerfile
    FROM python:3.12
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

    ## References

    - python image variants (`<version>`, `-slim`, `-alpine`, Debian suites):
      https://github.com/docker-library/docs/blob/master/python/README.md
    - CUDA image flavours (base, runtime, devel = runtime + compiler toolchain and headers):
      https://nvidia.github.io/container-wiki/toolkit/container-images.html and
      https://hub.docker.com/r/nvidia/cuda
    - pytorch/pytorch tags: `-devel` images are built on an `nvidia/cuda` devel base,
      `-runtime` images on plain Ubuntu (`BASE_DEVEL` / `BASE_RUNTIME` in
      https://github.com/pytorch/pytorch/blob/main/docker.Makefile);
      https://hub.docker.com/r/pytorch/pytorch/tags
    - Docker, "Use multi-stage builds":
      https://docs.docker.com/build/building/best-practices/#use-multi-stage-builds
    """

    code = "DLM002"
    name = "base-image-not-slim"
    severity = Severity.WARNING

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        final = dockerfile.final_stage
        if final is None:
            return
        chain = dockerfile.stage_chain(final)
        image = chain[-1].base_image
        if image is None:
            return
        variant = slim_variant(image)
        if variant is None:
            return
        current = image.name if image.tag is None else f"{image.name}:{image.tag}"
        via = ""
        if len(chain) > 1:
            via = f" (through stage `{chain[-1].name}`)"
        if variant.kind == "slim":
            message = (
                f"The final stage runs on `{current}`{via}, the full-size image with compilers"
                f" and build headers; `{variant.suggested}` has the same Python in a fraction"
                " of the size."
            )
        else:
            message = (
                f"The final stage runs on `{current}`{via}, a `devel` image whose CUDA compiler"
                f" toolchain and headers a running service does not need; `{variant.suggested}`"
                " has the same libraries."
            )
        digest_note = " (with that tag's own digest)" if image.digest else ""
        if len(chain) > 1:
            fix = (
                f"Start the final stage `FROM {variant.suggested}`{digest_note} and bring in"
                f" what it needs with `COPY --from={chain[-1].name}`."
            )
        else:
            fix = (
                f"Use `FROM {variant.suggested}`{digest_note}; build anything that needs"
                " compilers in an earlier stage."
            )
        instruction = final.from_instruction
        span = image_word_span(dockerfile.lines, instruction, final.base_text)
        yield self.finding(span, message, fix=fix)
