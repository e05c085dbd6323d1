"""Who the final image runs as: the USER in effect at the end of the final stage."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Dockerfile, Instruction, Stage


def final_user(dockerfile: Dockerfile) -> tuple[Stage, Instruction] | None:
    """The last USER of the final stage, else of the nearest stage it is built on (a USER
    carries over into the stages built FROM it), with the stage holding it; None when the
    chain sets no USER (the base image's user is in effect)."""
    final = dockerfile.final_stage
    if final is None:
        return None
    for stage in dockerfile.stage_chain(final):
        for instruction in reversed(stage.instructions):
            if instruction.keyword == "USER":
                return stage, instruction
    return None


def is_root_user(user: str) -> bool:
    """Whether a USER's user part (`root`, `0`, `00`) is the superuser."""
    return user == "root" or (user != "" and set(user) == {"0"})
