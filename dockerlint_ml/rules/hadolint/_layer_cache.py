"""What the "a package manager leaves its cache in the layer" rules share (DL3019 apk,
DL3042 pip, DL3060 yarn; the rpm tools' DL3032/DL3036/DL3040 take `ships`): whether the
layer reaches an image, whether a RUN's cache or tmpfs mount keeps a cache directory out
of it, and the paths a later `rm` deletes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dockerlint_ml.dockerfile.model import Instruction
from dockerlint_ml.engine.rule import Context
from dockerlint_ml.facts.run_state import Mount
from dockerlint_ml.facts.shell import SimpleCommand


def ships(ctx: Context, instruction: Instruction) -> bool:
    """Whether what the RUN leaves in its layer reaches an image: an ONBUILD trigger always
    (it runs in the image built on this one), a RUN when its stage's layers ship."""
    listed = ctx.dockerfile.instructions
    at = instruction.index
    if 0 <= at < len(listed) and listed[at].inner is instruction:
        return True
    stage = ctx.stage(instruction)
    return stage is None or ctx.stage_roles().ships(stage)


def clean(path: str) -> str:
    """A directory as written, without a trailing `/` or `/*` (`rm -rf /root/.cache/*`)."""
    if path.endswith("/*"):
        path = path[:-2]
    return path.rstrip("/") or "/"


def within(path: str, directory: str) -> bool:
    return path == directory or directory == "/" or path.startswith(directory + "/")


def mount_holds(
    mount: Mount, tool: str, paths: Sequence[str], fragments: Sequence[str] = ()
) -> bool:
    """Whether a cache or tmpfs mount keeps the cache at `paths` out of the layer (or may:
    a target that is not known): a cache mount whose `id` names `tool`, or a target that is
    one of the paths or a parent of one, or has one of `fragments` in it."""
    if "target" in mount.unknown:
        return True
    if mount.type == "cache" and mount.id and tool in mount.id.lower():
        return True
    if mount.target is None:
        return False
    target = clean(mount.target)
    if any(fragment in target for fragment in fragments):
        return True
    return any(within(path, target) for path in paths)


def rm_args_after(commands: Sequence[SimpleCommand], start: int) -> Iterator[str]:
    """The arguments of the `rm` commands after position `start` (none if `start` < 0)."""
    if start < 0:
        return
    for cmd in commands[start + 1 :]:
        if cmd.name == "rm":
            yield from cmd.args
