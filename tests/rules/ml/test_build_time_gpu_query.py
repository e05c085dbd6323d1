"""DLM108 build-time-gpu-query."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

HEAD = "FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\nWORKDIR /app\n"


def df(*lines: str) -> str:
    """A Dockerfile from a PyTorch base with WORKDIR /app (lines 1-2) and `lines`."""
    return HEAD + "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM108"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("nvidia-smi alone", df("RUN nvidia-smi"), [("DLM108", 3)]),
    (
        "nvidia-smi with options",
        df("RUN nvidia-smi --query-gpu=name --format=csv"),
        [("DLM108", 3)],
    ),
    ("nvidia-smi by path", df("RUN /usr/bin/nvidia-smi -L"), [("DLM108", 3)]),
    ("nvidia-smi || true", df("RUN nvidia-smi || true"), [("DLM108", 3)]),
    ("nvidia-smi in a list", df("RUN pip install x && nvidia-smi && echo ok"), [("DLM108", 3)]),
    ("nvidia-smi in a pipeline", df("RUN nvidia-smi -L | tee /gpu.txt"), [("DLM108", 3)]),
    (
        "nvidia-smi in an if",
        df("RUN if nvidia-smi; then echo gpu; else echo cpu; fi"),
        [("DLM108", 3)],
    ),
    ("nvidia-smi through sh -c", df("RUN sh -c 'nvidia-smi || echo none'"), [("DLM108", 3)]),
    ("nvidia-smi exec form", df('RUN ["nvidia-smi"]'), [("DLM108", 3)]),
    (
        "nvidia-smi in a heredoc script",
        df("RUN <<EOF", "set -e", "nvidia-smi", "EOF"),
        [("DLM108", 3)],
    ),
    (
        "nvidia-smi on a continuation line",
        df("RUN apt-get update && \\", "    nvidia-smi"),
        [("DLM108", 3)],
    ),
    ("ONBUILD", df("ONBUILD RUN nvidia-smi"), [("DLM108", 3)]),
    ("lowercase", df("run nvidia-smi"), [("DLM108", 3)]),
    (
        "once per RUN",
        df("RUN nvidia-smi && python -c 'import torch; torch.cuda.is_available()'"),
        [("DLM108", 3)],
    ),
    ("two RUNs", df("RUN nvidia-smi", "RUN nvidia-smi -L"), [("DLM108", 3), ("DLM108", 4)]),
    # torch in python -c
    (
        "is_available",
        df("RUN python -c 'import torch; print(torch.cuda.is_available())'"),
        [("DLM108", 3)],
    ),
    (
        "device_count",
        df('RUN python3 -c "import torch; print(torch.cuda.device_count())"'),
        [("DLM108", 3)],
    ),
    (
        "versioned python",
        df("RUN python3.11 -c 'import torch; torch.cuda.is_available()'"),
        [("DLM108", 3)],
    ),
    (
        "assert",
        df("RUN python -c \"import torch; assert torch.cuda.is_available(), 'no GPU'\""),
        [("DLM108", 3)],
    ),
    ("alias", df("RUN python -c 'import torch as t; t.cuda.device_count()'"), [("DLM108", 3)]),
    (
        "from torch import cuda",
        df("RUN python -c 'from torch import cuda; cuda.is_available()'"),
        [("DLM108", 3)],
    ),
    (
        "from torch.cuda import",
        df("RUN python -c 'from torch.cuda import device_count as n; n()'"),
        [("DLM108", 3)],
    ),
    (
        "through sh -c",
        df("RUN sh -c \"python -c 'import torch; torch.cuda.is_available()'\""),
        [("DLM108", 3)],
    ),
    (
        "through conda run",
        df("RUN conda run -n env python -c 'import torch; torch.cuda.is_available()'"),
        [("DLM108", 3)],
    ),
    (
        "exec form",
        df('RUN ["python", "-c", "import torch; torch.cuda.is_available()"]'),
        [("DLM108", 3)],
    ),
    (
        "interpreter options",
        df("RUN python -u -W ignore -c 'import torch; torch.cuda.is_available()'"),
        [("DLM108", 3)],
    ),
    # torch in heredocs
    (
        "python3 - <<EOF",
        df("RUN python3 - <<EOF", "import torch", "print(torch.cuda.is_available())", "EOF"),
        [("DLM108", 3)],
    ),
    (
        "python3 <<'EOF'",
        df("RUN python3 <<'EOF'", "import torch", "n = torch.cuda.device_count()", "EOF"),
        [("DLM108", 3)],
    ),
    (
        "<<EOF python3",
        df("RUN <<EOF python3", "import torch", "torch.cuda.is_available()", "EOF"),
        [("DLM108", 3)],
    ),
    # negatives
    ("CDI device request", df("RUN --device=nvidia.com/gpu=all nvidia-smi"), []),
    (
        "CDI device request, python",
        df("RUN --device=nvidia.com/gpu=all python -c 'import torch; torch.cuda.is_available()'"),
        [],
    ),
    ("other RUN flags", df("RUN --network=none nvidia-smi"), [("DLM108", 3)]),
    ("CMD", df('CMD ["nvidia-smi"]'), []),
    ("ENTRYPOINT", df("ENTRYPOINT nvidia-smi && exec python serve.py"), []),
    ("HEALTHCHECK", df("HEALTHCHECK CMD nvidia-smi || exit 1"), []),
    ("CMD python", df("CMD python -c 'import torch; print(torch.cuda.is_available())'"), []),
    ("command -v", df("RUN command -v nvidia-smi || echo missing"), []),
    ("which", df("RUN which nvidia-smi"), []),
    ("ln -s", df("RUN ln -s /usr/lib/wsl/lib/nvidia-smi /usr/bin/nvidia-smi"), []),
    ("echo mentions it", df("RUN echo 'run nvidia-smi at start'"), []),
    ("comment", df("# RUN nvidia-smi", "RUN echo ok"), []),
    (
        "torch version only",
        df("RUN python -c 'import torch; print(torch.__version__, torch.version.cuda)'"),
        [],
    ),
    ("other cuda call", df("RUN python -c 'import torch; torch.cuda.get_arch_list()'"), []),
    ("not torch", df("RUN python -c 'import mylib as torch2; torch2.cuda.is_available()'"), []),
    ("script file", df("RUN python check_gpu.py"), []),
    (
        "heredoc written to a file",
        df("RUN cat > check.py <<EOF", "import torch", "torch.cuda.is_available()", "EOF"),
        [],
    ),
    ("syntax error", df("RUN python -c 'import torch; torch.cuda.is_available('"), []),
    ("in a string", df("RUN python -c 'print(\"torch.cuda.is_available()\")'"), []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_message_and_fix_nvidia_smi() -> None:
    [f] = findings(df("RUN nvidia-smi"), select=["DLM108"])
    assert f.message == (
        "`nvidia-smi` runs at build time, which has no GPU: the result describes the build "
        "machine, not the container's host."
    )
    assert f.fix == (
        "Drop it from the build, or check the GPU at run time (an entrypoint script), "
        "where `docker run --gpus all` attaches it."
    )
    assert f.severity.label == "warning"


def test_message_names_the_torch_call() -> None:
    [f] = findings(
        df("RUN python -c 'import torch as t; t.cuda.device_count()'"), select=["DLM108"]
    )
    assert f.message.startswith("`torch.cuda.device_count()` runs at build time")
