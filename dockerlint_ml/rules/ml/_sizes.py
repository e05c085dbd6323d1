"""The `large-file-mb` option DLM204 and DLM205 share, and how their messages show sizes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OPTION = "large-file-mb"
DEFAULT_MB = 100
MIB = 1 << 20
# File name endings of model weights and serialised estimators: the message then says how
# to keep a model that changes often from re-copying the code, and the other way round.
MODEL_SUFFIXES = (
    ".pt",
    ".pth",
    ".bin",
    ".safetensors",
    ".onnx",
    ".pkl",
    ".pickle",
    ".joblib",
    ".h5",
    ".hdf5",
    ".keras",
    ".ckpt",
    ".gguf",
    ".ggml",
    ".pb",
    ".tflite",
    ".mlmodel",
    ".model",
    ".msgpack",
    ".npz",
    ".params",
    ".caffemodel",
    ".engine",
    ".plan",
    ".xgb",
    ".cbm",
    ".lgb",
)


def threshold(code: str, options: Mapping[str, Any]) -> int:
    """The option's value in bytes; a value that is no positive number is refused."""
    value = options.get(OPTION, DEFAULT_MB)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"{code} option {OPTION} must be a positive number of MiB, got {value!r}")
    if value > 1 << 40:
        raise ValueError(f"{code} option {OPTION} is too large: {value!r}")
    return int(value * MIB)


def show(size: int) -> str:
    """1536 MiB -> "1.5 GiB", 157286400 -> "150 MiB"."""
    if size >= 1 << 30:
        return f"{size / (1 << 30):.1f} GiB"
    return f"{max(1, round(size / MIB))} MiB"


def is_model(path: str) -> bool:
    return path.lower().endswith(MODEL_SUFFIXES)
