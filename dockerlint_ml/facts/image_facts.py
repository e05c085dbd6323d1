"""What well-known base images set, as data: the facts rules read instead of guessing.

Each row says what an image's own Dockerfile (or its documentation) sets: the working
directory, the user, the Python it ships, what `/bin/sh` is, the tools on its PATH, and how
its tags move. A field left as None is not known, and a rule that needs it stays silent.
Sources are listed per row; every row was checked against them.

Users declare the same facts for their own bases in the configuration
(`[tool.dockerlint-ml.images."registry.corp/ml-base"]`, see `parse_user_facts`). User rows
come before the built-in ones, field by field: a user row that sets only `workdir` keeps the
table's `shell` for the same image.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from dockerlint_ml.dockerfile.model import ImageRef

# How an image's tags move, the fact DLM001 needs:
#   "minor": a tag must start with major.minor to stay on one release line (python, node,
#            golang, alpine): `node:20`, `node:iron` (a codename of 20), `golang:alpine` move;
#   "major": a major version or a release codename names one release (debian:12, jammy);
#   "digest": the image publishes no version tags (distroless): only a digest pins it.
# `moving` lists the aliases that always move to the next release, across majors
# (`stable*`, `lts*`, `edge`); `codenames` maps the release-line names of a "minor" image to
# the major they stand for (`iron` -> 20), so a hint can name the version.
TAG_SCHEMES = ("minor", "major", "digest")
# What /bin/sh is, the fact DLM008 needs: whether `sh -c "cmd"` replaces itself with cmd.
#   "dash" never execs the command of `sh -c` (Debian patches the optimisation out);
#   "bash" (5.1 and later) execs a lone simple command and the final one of a list;
#   "bash<5.1" execs a lone simple command only; "busybox" ash execs the last command;
#   "none": the image has no shell.
SHELLS = ("dash", "bash", "bash<5.1", "busybox", "none")
# A Python version given as "tag" is read from the image's tag (`python:3.12-slim`,
# `ghcr.io/astral-sh/uv:python3.12-bookworm-slim`); so is a CUDA version given as "tag"
# (`nvidia/cuda:12.1.0-runtime-ubuntu22.04`, `pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime`).
PYTHON_FROM_TAG = "tag"
CUDA_FROM_TAG = "tag"
# A CUDA fact of "none": the image has no CUDA libraries (a CPU image).
NO_CUDA = "none"


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """Facts about images matching `pattern` (and `tag`, when given); None: not known."""

    pattern: str  # fnmatch over the normalised name (`python`, `nvcr.io/nvidia/*`)
    tag: str | None = None  # fnmatch over the lower-cased tag; None matches any tag
    workdir: str | None = None  # the working directory a container starts in ("/" when unset)
    user: str | None = None
    python: str | None = None  # "3.12", or PYTHON_FROM_TAG
    shell: str | None = None  # one of SHELLS
    # The commands the image ships on PATH. For Python and its package managers (pip,
    # pipenv, poetry, uv, pdm, conda, mamba, micromamba) the set is complete: a listed
    # image without `pipenv` in it does not ship pipenv.
    tools: frozenset[str] | None = None
    cuda: str | None = None  # "12.1", CUDA_FROM_TAG, or NO_CUDA for an image without CUDA
    # The names of the environment variables the image sets (its Dockerfile's ENV, over
    # every maintained tag): complete, so a name not listed is not set by the image.
    env: frozenset[str] | None = None
    tags: str | None = None  # one of TAG_SCHEMES
    moving: tuple[str, ...] = ()  # tag globs that always move across releases
    codenames: tuple[tuple[str, str], ...] = ()  # (release-line name, major) pairs
    source: str = ""

    def matches(self, image: ImageRef) -> bool:
        if not fnmatch.fnmatchcase(image.name, self.pattern):
            return False
        if self.tag is None:
            return True
        return fnmatch.fnmatchcase((image.tag or "latest").lower(), self.tag)


_FIELDS = ("workdir", "user", "python", "shell", "tools", "cuda", "env", "tags")

_DOCKER_LIBRARY = "https://github.com/docker-library/{}"
_DEBIAN_MOVING = ("stable*", "oldstable*", "oldoldstable*", "testing*", "unstable*", "sid*")


# What the official python image's Dockerfile sets, over its maintained tags (older tags
# also pinned pip and setuptools): never PYTHONUNBUFFERED.
_PYTHON_ENV = frozenset(
    {
        "PATH",
        "LANG",
        "GPG_KEY",
        "PYTHON_VERSION",
        "PYTHON_SHA256",
        "PYTHON_PIP_VERSION",
        "PYTHON_SETUPTOOLS_VERSION",
        "PYTHON_GET_PIP_URL",
        "PYTHON_GET_PIP_SHA256",
    }
)
# Debian, Ubuntu and Alpine images ship no Python and none of its package managers.
_NO_PYTHON_TOOLS: frozenset[str] = frozenset()


def _official(name: str, **facts: Any) -> ImageFacts:
    return ImageFacts(name, source=_DOCKER_LIBRARY.format(name), **facts)


# Order matters: the first row that matches and sets a field gives that field, so
# tag-specific rows come before an image's general row.
TABLE: tuple[ImageFacts, ...] = (
    # docker-library/python: no WORKDIR, root, Debian's dash or Alpine's busybox as /bin/sh.
    ImageFacts("python", tag="*alpine*", shell="busybox"),
    # Windows variants start in C:\ and have no /bin/sh.
    ImageFacts("python", tag="*windowsservercore*", workdir="C:\\", shell="none"),
    ImageFacts("python", tag="*nanoserver*", workdir="C:\\", shell="none"),
    _official(
        "python",
        workdir="/",
        user="root",
        python=PYTHON_FROM_TAG,
        shell="dash",
        tools=frozenset({"python", "python3", "pip", "pip3"}),
        cuda=NO_CUDA,
        env=_PYTHON_ENV,
        tags="minor",
    ),
    # uv's images: `python3.12-bookworm-slim` and the like are python:<v>-<variant> with uv
    # and uvx added; `latest` and bare versions hold the two binaries only (distroless).
    ImageFacts("ghcr.io/astral-sh/uv", tag="*alpine*", shell="busybox"),
    ImageFacts(
        "ghcr.io/astral-sh/uv",
        tag="*python*",
        workdir="/",
        user="root",
        python=PYTHON_FROM_TAG,
        shell="dash",
        tools=frozenset({"python", "python3", "pip", "pip3", "uv", "uvx"}),
    ),
    ImageFacts("ghcr.io/astral-sh/uv", tag="latest", shell="none"),
    ImageFacts(
        "ghcr.io/astral-sh/uv",
        tools=frozenset({"uv", "uvx"}),
        cuda=NO_CUDA,
        source="https://docs.astral.sh/uv/guides/integration/docker/#available-images",
    ),
    ImageFacts("node", tag="*alpine*", shell="busybox"),
    # node: `lts` and `current` follow the newest release line; each LTS line also has a
    # codename tag (`iron`, `iron-alpine`) that moves with its minor releases
    # (https://github.com/nodejs/Release/blob/main/CODENAMES.md).
    _official(
        "node",
        workdir="/",
        user="root",
        shell="dash",
        tools=frozenset({"node", "npm", "npx", "yarn"}),
        cuda=NO_CUDA,
        tags="minor",
        moving=("lts*", "current*"),
        codenames=(
            ("argon", "4"),
            ("boron", "6"),
            ("carbon", "8"),
            ("dubnium", "10"),
            ("erbium", "12"),
            ("fermium", "14"),
            ("gallium", "16"),
            ("hydrogen", "18"),
            ("iron", "20"),
            ("jod", "22"),
            ("krypton", "24"),
        ),
    ),
    # golang: `WORKDIR $GOPATH` (/go) in every variant.
    ImageFacts("golang", tag="*alpine*", shell="busybox"),
    _official(
        "golang",
        workdir="/go",
        user="root",
        shell="dash",
        tools=frozenset({"go"}),
        cuda=NO_CUDA,
        tags="minor",
    ),
    _official(
        "debian",
        workdir="/",
        user="root",
        shell="dash",
        tools=_NO_PYTHON_TOOLS,
        cuda=NO_CUDA,
        tags="major",
        moving=(*_DEBIAN_MOVING, "experimental", "rc-buggy"),
    ),
    _official(
        "ubuntu",
        workdir="/",
        user="root",
        shell="dash",
        tools=_NO_PYTHON_TOOLS,
        cuda=NO_CUDA,
        tags="major",
        moving=("rolling", "devel"),
    ),
    _official(
        "alpine",
        workdir="/",
        user="root",
        shell="busybox",
        tools=_NO_PYTHON_TOOLS,
        cuda=NO_CUDA,
        tags="minor",
        moving=("edge",),
    ),
    _official(
        "buildpack-deps",
        workdir="/",
        user="root",
        shell="dash",
        cuda=NO_CUDA,
        tags="major",
        moving=_DEBIAN_MOVING,
    ),
    _official("busybox", workdir="/", user="root", shell="busybox"),
    ImageFacts("nginx", tag="*alpine*", shell="busybox"),
    _official("nginx", workdir="/", shell="dash"),
    # nvidia/cuda: Ubuntu or UBI/Rocky bases, no WORKDIR (gitlab.com/nvidia/container-images/cuda).
    ImageFacts("nvidia/cuda", tag="*ubi*", shell="bash"),
    ImageFacts("nvidia/cuda", tag="*rockylinux*", shell="bash"),
    ImageFacts(
        "nvidia/cuda",
        workdir="/",
        user="root",
        shell="dash",
        tools=_NO_PYTHON_TOOLS,
        cuda=CUDA_FROM_TAG,
        source="https://gitlab.com/nvidia/container-images/cuda",
    ),
    # pytorch/pytorch: `WORKDIR /workspace` on an Ubuntu base.
    ImageFacts(
        "pytorch/pytorch",
        workdir="/workspace",
        user="root",
        shell="dash",
        # Miniforge (2.2 and later) brings mamba beside conda.
        tools=frozenset({"python", "python3", "pip", "conda", "mamba"}),
        cuda=CUDA_FROM_TAG,
        source="https://github.com/pytorch/pytorch/blob/main/Dockerfile",
    ),
    # NGC framework containers set WORKDIR /workspace; Triton's is /opt/tritonserver.
    ImageFacts(
        "nvcr.io/nvidia/pytorch",
        workdir="/workspace",
        shell="dash",
        source="https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/",
    ),
    ImageFacts(
        "nvcr.io/nvidia/tensorflow",
        workdir="/workspace",
        shell="dash",
        source="https://docs.nvidia.com/deeplearning/frameworks/tensorflow-release-notes/",
    ),
    ImageFacts(
        "nvcr.io/nvidia/tritonserver",
        workdir="/opt/tritonserver",
        shell="dash",
        source="https://github.com/triton-inference-server/server/blob/main/build.py",
    ),
    # Jupyter Docker Stacks: docker-stacks-foundation ends with `WORKDIR "${HOME}"`, USER jovyan.
    *(
        ImageFacts(
            f"{prefix}{name}",
            workdir="/home/jovyan",
            user="jovyan",
            shell="dash",
            tools=frozenset({"python", "pip", "conda", "mamba", "jupyter"}),
            source="https://github.com/jupyter/docker-stacks/blob/main/images/docker-stacks-foundation/Dockerfile",
        )
        for prefix in ("jupyter/", "quay.io/jupyter/")
        for name in ("*-notebook", "docker-stacks-foundation")
    ),
    # AWS Lambda base images: `WORKDIR /var/task` on Amazon Linux (bash as /bin/sh).
    ImageFacts(
        "public.ecr.aws/lambda/python",
        workdir="/var/task",
        user="root",
        python=PYTHON_FROM_TAG,
        shell="bash",
        tools=frozenset({"python", "python3", "pip", "pip3"}),
        cuda=NO_CUDA,
        source="https://github.com/aws/aws-lambda-base-images",
    ),
    ImageFacts(
        "public.ecr.aws/lambda/*",
        workdir="/var/task",
        user="root",
        shell="bash",
        cuda=NO_CUDA,
        source="https://github.com/aws/aws-lambda-base-images",
    ),
    # ML Zoomcamp course images built on the Lambda base (the cohorts' homework pages).
    *(
        ImageFacts(
            name,
            workdir="/var/task",
            shell="bash",
            cuda=NO_CUDA,
            source="https://github.com/DataTalksClub/machine-learning-zoomcamp/tree/master/cohorts",
        )
        for name in (
            "agrigorev/zoomcamp-cats-dogs-lambda",
            "agrigorev/model-20*-hairstyle",
            "svizor42/zoomcamp-dino-dragon-lambda",
        )
    ),
    # The course's deployment homework image: python:<version>-slim with WORKDIR /app.
    ImageFacts(
        "svizor/zoomcamp-model",
        workdir="/app",
        python=PYTHON_FROM_TAG,
        shell="dash",
        cuda=NO_CUDA,
        source="https://github.com/DataTalksClub/machine-learning-zoomcamp/blob/master/cohorts/2023/05-deployment/homework.md",
    ),
    # Red Hat UBI: /bin/sh is bash (4.4 on UBI 8, 5.1 on UBI 9); the s2i language images
    # start in WORKDIR ${HOME} = /opt/app-root/src as user 1001.
    *(
        ImageFacts(
            f"registry.access.redhat.com/ubi*/{language}",
            workdir="/opt/app-root/src",
            user="1001",
            source="https://github.com/sclorg/s2i-base-container/blob/master/core/Dockerfile.rhel9",
        )
        for language in ("python-*", "go-toolset*", "nodejs-*", "ruby-*", "php-*", "perl-*")
    ),
    ImageFacts(
        "registry.access.redhat.com/ubi8*",
        workdir="/",
        shell="bash<5.1",
        source="https://catalog.redhat.com/software/base-images",
    ),
    ImageFacts(
        "registry.access.redhat.com/ubi9*",
        workdir="/",
        shell="bash",
        source="https://catalog.redhat.com/software/base-images",
    ),
    ImageFacts(
        "rayproject/*",
        workdir="/home/ray",
        user="ray",
        source="https://github.com/ray-project/ray/blob/master/docker/base-deps/Dockerfile",
    ),
    ImageFacts(
        "pytorch/torchserve*",
        workdir="/home/model-server",
        user="model-server",
        source="https://github.com/pytorch/serve/blob/master/docker/Dockerfile",
    ),
    ImageFacts(
        "huggingface/lerobot-*",
        workdir="/lerobot",
        source="https://github.com/huggingface/lerobot/blob/main/docker/Dockerfile.internal",
    ),
    ImageFacts(
        "mlrun/mlrun",
        workdir="/mlrun",
        source="https://github.com/mlrun/mlrun/blob/development/dockerfiles/mlrun/Dockerfile",
    ),
    # Paddle Serving's devel images are CentOS 7: /bin/sh is bash 4.2.
    ImageFacts(
        "registry.baidubce.com/paddlepaddle/serving",
        tag="*devel*",
        shell="bash<5.1",
        source="https://github.com/PaddlePaddle/Serving/blob/v0.5.0/tools/Dockerfile.devel",
    ),
    # TensorFlow: only the Jupyter tags set a WORKDIR (/tf).
    ImageFacts(
        "tensorflow/tensorflow",
        tag="*jupyter*",
        workdir="/tf",
        source="https://github.com/tensorflow/tensorflow/blob/master/tensorflow/tools/dockerfiles/partials/jupyter.partial.Dockerfile",
    ),
    # distroless: no shell at all; root unless the `nonroot` tag; no version tags, so only
    # a digest pins it (its README: "pin by digest").
    ImageFacts(
        "gcr.io/distroless/*",
        tag="*nonroot*",
        user="nonroot",
        source="https://github.com/GoogleContainerTools/distroless",
    ),
    ImageFacts(
        "gcr.io/distroless/*",
        workdir="/",
        user="root",
        shell="none",
        tags="digest",
        source="https://github.com/GoogleContainerTools/distroless",
    ),
)


# Docker Hub's official images (docker.io/library/NAME), from the `library/` directory of
# https://github.com/docker-library/official-images/tree/master/library (plus a few
# deprecated names still on Docker Hub: centos, consul, vault). A one-component name outside
# this set (`yarn-builder`, `tritonserver_cibase`) is most likely a local image another
# build made, which DLM001 does not ask to pin.
OFFICIAL_IMAGES: frozenset[str] = frozenset(
    {
        "adminer",
        "aerospike",
        "almalinux",
        "alpine",
        "alt",
        "amazoncorretto",
        "amazonlinux",
        "api-firewall",
        "arangodb",
        "archlinux",
        "backdrop",
        "bash",
        "bonita",
        "buildpack-deps",
        "busybox",
        "caddy",
        "cassandra",
        "centos",
        "chronograf",
        "cirros",
        "clearlinux",
        "clefos",
        "clickhouse",
        "clojure",
        "composer",
        "consul",
        "convertigo",
        "couchbase",
        "couchdb",
        "crate",
        "dart",
        "debian",
        "docker",
        "drupal",
        "eclipse-mosquitto",
        "eclipse-temurin",
        "eggdrop",
        "elasticsearch",
        "elixir",
        "emqx",
        "erlang",
        "fedora",
        "flink",
        "fluentd",
        "friendica",
        "gazebo",
        "gcc",
        "geonetwork",
        "ghost",
        "golang",
        "gradle",
        "groovy",
        "haproxy",
        "haskell",
        "haxe",
        "hello-world",
        "hitch",
        "httpd",
        "hylang",
        "ibm-semeru-runtimes",
        "ibmjava",
        "influxdb",
        "irssi",
        "jetty",
        "jobber",
        "joomla",
        "jruby",
        "julia",
        "kapacitor",
        "kibana",
        "kong",
        "krakend",
        "liquibase",
        "logstash",
        "mageia",
        "mariadb",
        "matomo",
        "maven",
        "mediawiki",
        "memcached",
        "mongo",
        "mongo-express",
        "monica",
        "mono",
        "mysql",
        "nats",
        "neo4j",
        "neurodebian",
        "nextcloud",
        "nginx",
        "node",
        "notary",
        "odoo",
        "open-liberty",
        "openjdk",
        "oraclelinux",
        "orientdb",
        "percona",
        "perl",
        "photon",
        "php",
        "php-zendserver",
        "phpmyadmin",
        "plone",
        "postfixadmin",
        "postgres",
        "pypy",
        "python",
        "r-base",
        "rabbitmq",
        "rakudo-star",
        "redis",
        "redmine",
        "registry",
        "rethinkdb",
        "rocket.chat",
        "rockylinux",
        "ros",
        "ruby",
        "rust",
        "sapmachine",
        "satosa",
        "silverpeas",
        "sl",
        "solr",
        "sonarqube",
        "spark",
        "spiped",
        "storm",
        "swift",
        "swipl",
        "teamspeak",
        "telegraf",
        "tomcat",
        "tomee",
        "traefik",
        "ubuntu",
        "unit",
        "varnish",
        "vault",
        "websphere-liberty",
        "wordpress",
        "xwiki",
        "yourls",
        "znc",
        "zookeeper",
    }
)


def _merge(rows: Iterable[ImageFacts], image: ImageRef) -> ImageFacts | None:
    merged: dict[str, Any] = {}
    moving: list[str] = []
    codenames: list[tuple[str, str]] = []
    sources: list[str] = []
    matched = False
    for row in rows:
        if not row.matches(image):
            continue
        matched = True
        for name in _FIELDS:
            value = getattr(row, name)
            if value is not None and name not in merged:
                merged[name] = value
        moving.extend(row.moving)
        codenames.extend(row.codenames)
        if row.source and row.source not in sources:
            sources.append(row.source)
    if not matched:
        return None
    return ImageFacts(
        image.name,
        **merged,
        moving=tuple(moving),
        codenames=tuple(codenames),
        source=", ".join(sources),
    )


def facts_for(image: ImageRef, user: Sequence[ImageFacts] = ()) -> ImageFacts | None:
    """What is known about `image`: the user's rows first, then the table; None if nothing."""
    return _merge((*user, *TABLE), image)


def python_version(facts: ImageFacts, image: ImageRef) -> str | None:
    """The major.minor Python an image ships, when its facts say so."""
    if facts.python is None:
        return None
    if facts.python != PYTHON_FROM_TAG:
        return facts.python
    tag = image.tag or ""
    # `python3.12` anywhere (uv's `0.5.11-python3.12-bookworm`), else a leading version.
    m = re.search(r"python(\d+\.\d+)", tag) or re.match(r"(\d+\.\d+)", tag)
    return m.group(1) if m else None


# -- the user's facts, from the configuration ------------------------------------------

USER_KEYS = ("workdir", "user", "python", "shell", "tools", "cuda", "env", "tags", "moving")


class FactsError(ValueError):
    """A malformed `images` table; the message names the pattern and the key."""


def parse_user_facts(table: Mapping[str, Any]) -> tuple[ImageFacts, ...]:
    """`images."<name-glob>[:<tag-glob>]" = {workdir = "/app", ...}` rows, validated."""
    rows: list[ImageFacts] = []
    for pattern, entry in table.items():
        where = f"images entry {pattern!r}"
        if not isinstance(entry, Mapping):
            raise FactsError(f"{where} must be a table of facts")
        # `name:tag-glob`, where a colon followed by a `/` belongs to a registry port.
        name, colon, tag = pattern.rpartition(":")
        if not colon or "/" in tag:
            name, tag = pattern, ""
        if not name.strip():
            raise FactsError(f"{where} has an empty image pattern")
        values: dict[str, Any] = {}
        for key, value in entry.items():
            if key not in USER_KEYS:
                import difflib  # only on this error path: start-up time matters

                close = difflib.get_close_matches(key, USER_KEYS, n=1)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else f"valid keys: {', '.join(USER_KEYS)}"
                )
                raise FactsError(f"{where}: unknown key {key!r} ({hint})")
            values[key] = _user_value(where, key, value)
        rows.append(
            ImageFacts(
                pattern=name.strip().lower(),
                tag=tag.strip().lower() or None,
                source="configuration",
                **values,
            )
        )
    return tuple(rows)


def _user_value(where: str, key: str, value: Any) -> Any:
    if key in ("tools", "env", "moving"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FactsError(f"{where}: {key!r} must be a list of strings")
        return tuple(v.lower() for v in value) if key == "moving" else frozenset(value)
    if not isinstance(value, str) or not value.strip():
        raise FactsError(f"{where}: {key!r} must be a non-empty string")
    value = value.strip()
    if key == "workdir" and not value.startswith("/"):
        raise FactsError(f"{where}: 'workdir' must be an absolute path, got {value!r}")
    if key == "shell" and value not in SHELLS:
        raise FactsError(f"{where}: 'shell' must be one of {', '.join(SHELLS)}, got {value!r}")
    if key == "tags" and value not in TAG_SCHEMES:
        raise FactsError(f"{where}: 'tags' must be one of {', '.join(TAG_SCHEMES)}, got {value!r}")
    if key == "cuda" and value != NO_CUDA and not re.fullmatch(r"\d+\.\d+", value):
        raise FactsError(
            f'{where}: \'cuda\' must be major.minor (e.g. "12.1") or "none", got {value!r}'
        )
    if key == "python" and not re.fullmatch(r"\d+\.\d+", value):
        raise FactsError(f"{where}: 'python' must be major.minor (e.g. \"3.12\"), got {value!r}")
    return value


def describe(facts: ImageFacts) -> dict[str, Any]:
    """Plain data for `dockerlint-ml config` and tests."""
    out: dict[str, Any] = {}
    for f in fields(facts):
        value = getattr(facts, f.name)
        if value is None or value == () or f.name in ("source", "pattern", "tag"):
            continue
        out[f.name] = sorted(value) if isinstance(value, frozenset) else value
    return out


__all__ = [
    "CUDA_FROM_TAG",
    "NO_CUDA",
    "OFFICIAL_IMAGES",
    "PYTHON_FROM_TAG",
    "SHELLS",
    "TABLE",
    "TAG_SCHEMES",
    "FactsError",
    "ImageFacts",
    "describe",
    "facts_for",
    "parse_user_facts",
    "python_version",
]
