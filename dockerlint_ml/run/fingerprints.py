"""Fingerprints of findings that survive line shifts: the code, the file and the text of the
instruction the finding is on (whitespace folded), plus the order among identical ones.

Shared by the baseline, SARIF `partialFingerprints` and GitLab's `fingerprint`, so that one
finding has one identity everywhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from dockerlint_ml.dockerfile.model import Dockerfile, Finding


def instruction_text(finding: Finding, dockerfile: Dockerfile) -> str:
    """The finding's lines with whitespace folded, so re-indenting does not change identity."""
    lines = dockerfile.lines[finding.anchor.line - 1 : finding.anchor.end_line]
    return " ".join(" ".join(lines).split())


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def fingerprints(findings: Sequence[Finding], dockerfile: Dockerfile) -> list[str]:
    """One fingerprint per finding (same order): `<code>:<hash of text>:<n>`, where n counts
    earlier findings of the same code on identical text, telling identical instructions apart
    by their order."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for finding in findings:
        digest = text_hash(instruction_text(finding, dockerfile))
        key = (finding.code, digest)
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(f"{finding.code}:{digest}:{n}")
    return out
