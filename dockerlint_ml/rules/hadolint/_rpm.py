"""What the yum, dnf, microdnf and zypper rules (DL3030-DL3041) share: the confirmation
switch, the package cache left in the layer, and unpinned package words.

Each question is answered from `Context.packages` (facts.packages reads each tool's
options and operands) in one pass over a RUN's commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Finding, ImageRef, Instruction
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import Kind, PackageArg, PackageCommand, mask
from dockerlint_ml.facts.run_state import Mount
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.rules.hadolint._layer_cache import ships
from dockerlint_ml.rules.hadolint._unpinned import names

YUM = frozenset({"yum"})
DNF = frozenset({"dnf", "microdnf"})
ZYPPER = frozenset({"zypper"})
# The program names a RUN must run for these rules to look at it (`dnf5` reads as dnf).
PROGRAMS = {"yum": frozenset({"yum"}), "dnf": frozenset({"dnf", "dnf5", "microdnf"})}

# Actions that change the installed packages, so the tool asks for confirmation first.
_RPM_PROMPTING = frozenset(
    {
        "install", "reinstall", "localinstall", "groupinstall", "group-install",
        "module-install", "remove", "groupremove", "group-remove", "update", "upgrade",
        "downgrade", "distro-sync", "swap", "autoremove",
    }
)  # fmt: skip
_ZYPPER_PROMPTING = frozenset(
    {"install", "remove", "source-install", "patch", "update", "dist-upgrade"}
)
_RPM_YES = ("-y", "--assumeyes")
_ZYPPER_YES = ("-n", "--non-interactive", "-y", "--no-confirm")

# Actions that download repository metadata or packages into the tool's cache.
_RPM_FILLING = frozenset(
    {
        "install", "reinstall", "localinstall", "groupinstall", "group-install",
        "module-install", "update", "upgrade", "downgrade", "distro-sync", "swap",
        "makecache",
    }
)  # fmt: skip
_ZYPPER_FILLING = frozenset({"install", "source-install", "patch", "update", "dist-upgrade"})

# Where the tools keep their caches: yum and microdnf /var/cache/yum, dnf 4
# /var/cache/dnf, dnf 5 /var/cache/libdnf5 (a RUN does not say which dnf it runs, so any
# of the three counts for all of them); zypper /var/cache/zypp.
RPM_CACHES = ("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5")
ZYPPER_CACHES = ("/var/cache/zypp",)

# Actions whose operands a version pin applies to.
_PINNED_ACTIONS = {
    "yum": frozenset({"install", "module-install"}),
    "zypper": frozenset({"install"}),
}


def _family(manager: str) -> str:
    return "zypper" if manager == "zypper" else "yum"


# --------------------------------------------------------------------------- -y


def assumes_yes_in_config(words: Iterable[str]) -> bool:
    """Whether a word sets yum's or dnf's `assumeyes` option (`echo assumeyes=True >>
    /etc/dnf/dnf.conf`, `--setopt=assumeyes=1`, a sed script): every later command then
    answers its prompts itself. Any value is taken: a false one is not worth a finding."""
    return any("assumeyes=" in word.lower() for word in words)


def without_yes(
    commands: Sequence[PackageCommand], managers: frozenset[str]
) -> PackageCommand | None:
    """The first command of `managers` that changes packages and has no switch answering
    its confirmation prompt, or None."""
    for command in commands:
        if command.manager not in managers:
            continue
        if command.manager == "zypper":
            if command.action in _ZYPPER_PROMPTING and not command.has(*_ZYPPER_YES):
                return command
            continue
        if command.action not in _RPM_PROMPTING or command.has(*_RPM_YES):
            continue
        if assumes_yes_in_config(command.values("--setopt")):
            continue
        return command
    return None


# --------------------------------------------------------------------------- pinning


def unpinned(
    commands: Sequence[PackageCommand], managers: frozenset[str]
) -> list[tuple[PackageCommand, PackageArg]]:
    """The package words of `managers`' installs that carry no version (and the module
    names of `module install` without a `:stream`), each with its command. An unknown
    word is never one."""
    found: list[tuple[PackageCommand, PackageArg]] = []
    for command in commands:
        if command.manager not in managers:
            continue
        if command.action not in _PINNED_ACTIONS[_family(command.manager)]:
            continue
        if command.action == "module-install":
            found.extend((command, a) for a in command.args if _module_without_stream(a))
            continue
        found.extend((command, a) for a in command.packages if a.version is None)
    return found


def _module_without_stream(arg: PackageArg) -> bool:
    masked = mask(arg.word)
    return arg.kind is Kind.GROUP and ":" not in masked and "\0" not in masked


# --------------------------------------------------------------------------- cache


def cache_left(
    ctx: Context, instruction: Instruction, managers: frozenset[str]
) -> PackageCommand | None:
    """The first command of `managers` that fills its cache with nothing after it in the
    RUN that empties that cache, and no cache or tmpfs mount holding it; None if none."""
    commands = ctx.commands(instruction)
    records = {id(c.command): c for c in ctx.packages(instruction)}
    fillers = {
        key: c
        for key, c in records.items()
        if c.manager in managers and c.action in _filling(c.manager)
    }
    if not fillers:
        return None
    mounts = [m for m in ctx.mounts(instruction) if m.keeps_out_of_layer]
    kept = {
        family: any(_holds(m, caches) for m in mounts)
        for family, caches in (("yum", RPM_CACHES), ("zypper", ZYPPER_CACHES))
    }
    cleaned: set[str] = set()  # what a later command of the RUN empties
    found: PackageCommand | None = None
    for cmd in reversed(commands):
        filler = fillers.get(id(cmd))
        if filler is not None:
            family = _family(filler.manager)
            if not kept[family] and filler.manager not in cleaned and f"rm:{family}" not in cleaned:
                found = filler  # the earliest one wins: the loop walks backwards
            continue
        cleaned.update(_empties(cmd, records.get(id(cmd))))
    return found


def _filling(manager: str) -> frozenset[str]:
    return _ZYPPER_FILLING if manager == "zypper" else _RPM_FILLING


def _empties(cmd: SimpleCommand, record: PackageCommand | None) -> set[str]:
    """What a command empties: the managers whose `clean` it is ("yum" and "dnf" both for
    either: on RHEL 8 and later yum is dnf), and "rm:yum" / "rm:zypper" when it deletes
    the rpm tools' or zypper's cache directory."""
    name = cmd.name
    if name == "rm":
        return _removed(cmd.args)
    if name == "find" and "-delete" in cmd.args and cmd.args:
        return _removed(cmd.args[:1])
    if record is None or record.action != "clean":
        return set()
    if record.manager == "zypper":
        return {"zypper"}  # `zypper clean` (`cc`), with or without `--all`
    words = cmd.argv[cmd.argv.index("clean") + 1 :] if "clean" in cmd.argv else ()
    if "all" not in words:
        return set()  # `clean packages`, `clean metadata`: part of the cache stays
    return {"yum", "dnf"} if record.manager in ("yum", "dnf") else {record.manager}


def _removed(paths: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for path in paths:
        if not path.startswith(("/", "$")):
            continue
        if "$" in path or "`" in path:
            return {"rm:yum", "rm:zypper"}  # a path only known at build time: not judged
        if _covers(path, RPM_CACHES):
            out.add("rm:yum")
        if _covers(path, ZYPPER_CACHES):
            out.add("rm:zypper")
    return out


def _clean(path: str) -> str:
    for suffix in ("/**", "/*"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return path.rstrip("/") or "/"


def _covers(path: str, caches: Sequence[str]) -> bool:
    """Whether deleting (or mounting over) `path` takes one of `caches` out of the layer:
    the directory itself or a parent (`/var/cache/dnf/*`, `/var/cache`)."""
    path = _clean(path)
    if path == "/":
        return False
    return any(cache == path or cache.startswith(path + "/") for cache in caches)


def _holds(mount: Mount, caches: Sequence[str]) -> bool:
    if "target" in mount.unknown:
        return True  # a target only known at build time: not judged
    return mount.target is not None and _covers(mount.target, caches)


# --------------------------------------------------------------------------- messages


def spelled(command: PackageCommand) -> str:
    """How the command is named in a message: `dnf install`, `yum group install`."""
    action = command.action.replace("-", " ") if "-" in command.action else command.action
    if command.action in ("dist-upgrade", "source-install", "distro-sync"):
        action = command.action
    return f"{command.command.name} {action}"


# --------------------------------------------------------------------------- rule bases


class MissingYes(Rule):
    """Base of DL3030, DL3034, DL3038: a command that changes packages runs without the
    switch that answers its confirmation prompt."""

    managers: ClassVar[frozenset[str]] = frozenset()
    keywords = frozenset({"RUN"})
    onbuild = True

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._configured = False  # an earlier RUN set `assumeyes` in the tool's config

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        commands = ctx.commands(instruction)
        if self.managers is not ZYPPER and not self._configured:
            self._configured = any(assumes_yes_in_config(c.argv) for c in commands)
            if self._configured:
                return
        if self._configured or not commands:
            return
        found = without_yes(ctx.packages(instruction), self.managers)
        if found is None:
            return
        if found.manager == "zypper":
            yield self.finding(
                instruction,
                f"`{spelled(found)}` runs without `--non-interactive`: it stops at its prompt.",
                fix=f"Use `zypper --non-interactive {found.action}`"
                f" (or `zypper {found.action} -y`).",
            )
            return
        yield self.finding(
            instruction,
            f"`{spelled(found)}` runs without `-y`: it stops at its confirmation prompt.",
            fix=f"Add `-y`: `{spelled(found)} -y ...`.",
        )


# Base images where `yum` is dnf 4 (RHEL 8 and later, and their rebuilds), so yum keeps
# its cache in /var/cache/dnf: UBI 8+, Rocky, Alma, CentOS Stream and 8, Oracle Linux 8+,
# Amazon Linux 2023; nvidia/cuda's ubi/rockylinux tags. Any other image: yum 3's
# /var/cache/yum (CentOS 7, Amazon Linux 2), or not known.
_UBI = re.compile(r"(^|/)ubi(8|9|[1-9][0-9])([-/]|$)")
_EL_TAG = re.compile(r"^(8|9|[1-9][0-9])([.-]|$)")
_CUDA_EL = re.compile(r"(ubi|rockylinux)(8|9|[1-9][0-9])")


def yum_is_dnf(image: ImageRef | None) -> bool:
    """Whether `yum` on this base image is dnf 4 (whose cache is /var/cache/dnf)."""
    if image is None:
        return False
    name, tag, repo = image.name, (image.tag or "latest").lower(), image.repository
    if _UBI.search(name):
        return True
    if repo in ("rockylinux", "almalinux"):
        return True  # both begin with release 8
    if repo == "centos":
        return tag.startswith("stream") or bool(_EL_TAG.match(tag))
    if repo == "oraclelinux":
        return bool(_EL_TAG.match(tag))
    if repo == "amazonlinux":
        return tag.startswith("2023") or tag == "latest"
    if name == "nvidia/cuda":
        return bool(_CUDA_EL.search(tag))
    return False


def dnf_owns(commands: Sequence[PackageCommand]) -> bool:
    """Whether a RUN mixes `yum` with `dnf` or `microdnf`: yum is dnf there (RHEL 8 and
    later), so the RUN's cache is one, and DL3040 alone reports it."""
    managers = {c.manager for c in commands}
    return bool(managers & DNF) and bool(managers & YUM)


class CacheLeft(Rule):
    """Base of DL3032, DL3036, DL3040: an install leaves the tool's cache in the layer."""

    managers: ClassVar[frozenset[str]] = frozenset()
    keywords = frozenset({"RUN"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        managers = self.managers
        mixed = managers is not ZYPPER and dnf_owns(ctx.packages(instruction))
        if mixed:
            if managers is YUM:
                return  # DL3040 reports the RUN
            managers = DNF | YUM
        found = cache_left(ctx, instruction, managers)
        if found is None or not ships(ctx, instruction):
            return
        tool = found.command.name
        if found.manager == "zypper":
            clean, cache = "zypper clean --all", ZYPPER_CACHES[0]
        else:
            clean = f"{'dnf' if tool == 'dnf5' else tool} clean all"
            if tool in ("dnf", "dnf5"):
                cache = "/var/cache/dnf" if tool == "dnf" else "/var/cache/libdnf5"
            elif found.manager == "yum" and (mixed or self._yum_is_dnf(ctx, instruction)):
                cache = "/var/cache/dnf"  # yum is dnf 4 there
            else:
                cache = "/var/cache/yum"  # yum 3 and microdnf
        owner = "dnf" if mixed else found.manager
        yield self.finding(
            instruction,
            f"`{spelled(found)}` leaves {owner}'s cache in the layer: run `{clean}` in this RUN.",
            fix=f"End the RUN with `&& {clean}`, or mount {cache} with `--mount=type=cache`.",
        )

    @staticmethod
    def _yum_is_dnf(ctx: Context, instruction: Instruction) -> bool:
        stage = ctx.stage(instruction)
        return stage is not None and yum_is_dnf(ctx.dockerfile.root_image(stage))


class Unpinned(Rule):
    """Base of DL3033, DL3037, DL3041: an install names packages without a version."""

    managers: ClassVar[frozenset[str]] = frozenset()
    keywords = frozenset({"RUN"})
    onbuild = True
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        found = unpinned(ctx.packages(instruction), self.managers)
        if not found:
            return
        manager, first = found[0]
        if manager.action == "module-install":
            example = f"{first.word}:<stream>"
        elif manager.manager == "zypper":
            example = f"{first.name}=<version>"
        else:
            example = f"{first.name}-<version>"
        yield self.finding(
            instruction,
            f"`{spelled(manager)}` installs {names([a for _, a in found])} without a version.",
            fix=f"Pin each package, e.g. `{example}`.",
        )
