"""What hadolint's LABEL rules (DL3048-DL3058) share: the labels a LABEL sets, read as
Docker reads them, the label-schema options, and the base class of the rules that check
the values of schema labels."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction
from dockerlint_ml.dockerfile.parser import key_values  # the split the parser validated
from dockerlint_ml.dockerfile.variables import UNKNOWN, Unknown
from dockerlint_ml.engine.rule import Context, Rule

# hadolint's label types (its configuration refuses any other name, in any other case).
LABEL_TYPES = ("text", "rfc3339", "semver", "url", "hash", "spdx", "email")
SCHEMA = "label-schema"
STRICT = "strict-labels"
# Evidence quoted in a message is cut to this many characters.
_QUOTE = 40


@dataclass(frozen=True, slots=True)
class Label:
    """One key/value pair of a LABEL, quotes and escapes removed; None where a variable
    makes the word unknown until build time."""

    key: str | None
    value: str | None


def _unknown(name: str) -> Unknown:
    return UNKNOWN


def labels(instruction: Instruction, dockerfile: Dockerfile) -> list[Label]:
    """The pairs a LABEL sets (`a=b c=d`, or the legacy `key value words`), in order; none
    for a LABEL the parser could not read (it reports that itself)."""
    found = []
    for raw_key, raw_value in key_values(instruction.value) or ():
        key, key_known = dockerfile.expand(raw_key, _unknown)
        value, value_known = dockerfile.expand(raw_value, _unknown)
        found.append(Label(key if key_known else None, value if value_known else None))
    return found


def quote(text: str) -> str:
    """`text` in backticks for a message, cut short."""
    short = text if len(text) <= _QUOTE else text[: _QUOTE - 3] + "..."
    return f"`{short}`"


def label_schema(code: str, options: Mapping[str, Any]) -> dict[str, str]:
    """The `label-schema` option checked: label name -> one of LABEL_TYPES."""
    schema = options.get(SCHEMA)
    if schema is None:
        return {}
    if not isinstance(schema, Mapping):
        raise ValueError(
            f"{code} option {SCHEMA} must map label names to types, got {_short(schema)}"
        )
    for name, kind in schema.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"{code} option {SCHEMA}: a label name must be text, got {name!r}")
        if kind not in LABEL_TYPES:
            raise ValueError(
                f"{code} option {SCHEMA}: label {name!r} has type {_short(kind)};"
                f" the types are {', '.join(LABEL_TYPES)}"
            )
    return dict(schema)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class SchemaLabelRule(Rule):
    """A check of the value of every label the schema gives the type `label_type` (every
    schema label when it is None), on each LABEL of every stage; ONBUILD LABELs are not
    checked (they label the images built on this one). A value with a variable is known
    only at build time and is not judged."""

    keywords = frozenset({"LABEL"})
    default_options: ClassVar[Mapping[str, Any]] = {SCHEMA: {}}
    label_type: ClassVar[str | None] = None
    # The options the documentation's examples are linted with.
    example_options: ClassVar[Mapping[str, Any]] = {}
    fix: ClassVar[str] = ""

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        schema = label_schema(self.code, self.options)
        wanted = self.label_type
        self.names = frozenset(n for n, t in schema.items() if wanted is None or t == wanted)

    def problem(self, value: str) -> str | None:
        """What is wrong with the value, naming it (the message is "Label `name`: ..."),
        or None."""
        raise NotImplementedError

    def hint(self, value: str) -> str:
        return self.fix

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if not self.names:
            return
        reported: set[str] = set()
        for label in labels(instruction, ctx.dockerfile):
            key, value = label.key, label.value
            if key not in self.names or value is None or key in reported:
                continue
            problem = self.problem(value)
            if problem is None:
                continue
            reported.add(key)
            found = self.finding(instruction, f"Label {quote(key)}: {problem}.", self.hint(value))
            if not value and self.code != "DL3051":
                found = replace(found, subsumed_by="DL3051")  # the empty-label finding
            yield found
