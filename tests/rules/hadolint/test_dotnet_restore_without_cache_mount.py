"""DL3074 dotnet-restore-without-cache-mount: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3074Spec.hs, the one stored version (hadolint master after
2.15.1): every case, each as a RUN and as an ONBUILD RUN (its `onBuildRuleCatches` twins),
after a FROM (the spec's snippets have none). No released hadolint has the rule, so the
cases follow the spec and the source, not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, spec_with_onbuild, table_tests

CODE = "DL3074"
F = "FROM mcr.microsoft.com/dotnet/sdk:8.0\n"


def spec(label: str, run: str, caught: bool) -> list[Case]:
    return spec_with_onbuild(F, label, run, caught)


SPEC: list[Case] = [
    *spec("dotnet restore", "RUN dotnet restore", True),
    *spec("dotnet build", "RUN dotnet build", True),
    *spec("nuget restore", "RUN nuget restore", True),
    *spec("not dotnet", "RUN echo hello", False),
    *spec(
        "cache at /root/.nuget/packages",
        "RUN --mount=type=cache,target=/root/.nuget/packages dotnet restore",
        False,
    ),
    *spec(
        "tmpfs at /root/.nuget/packages",
        "RUN --mount=type=tmpfs,target=/root/.nuget/packages dotnet restore",
        False,
    ),
    *spec("mount elsewhere", "RUN --mount=type=cache,target=/wrong/path dotnet restore", True),
    *spec(
        "another user's home",
        "RUN --mount=type=cache,target=/home/app/.nuget/packages dotnet restore",
        False,
    ),
]

OURS: list[Case] = [
    ("dotnet --info", F + "RUN dotnet --info\n", []),
    ("publish with options", F + "RUN dotnet publish -c Release -o /app\n", [2]),
    ("add package", F + "RUN dotnet add App.csproj package Serilog\n", [2]),
    ("tool install", F + "RUN dotnet tool install -g dotnet-ef\n", [2]),
    ("running a dll", F + "RUN dotnet app.dll --migrate\n", []),
    (
        "NUGET_PACKAGES followed",
        F + "ENV NUGET_PACKAGES=/n\nRUN --mount=type=cache,target=/n dotnet restore\n",
        [],
    ),
    ("--packages", F + "RUN --mount=type=cache,target=/p dotnet restore --packages /p\n", []),
    (
        "NuGet in any case",
        F + "RUN --mount=type=cache,target=/root/.local/share/NuGet dotnet restore\n",
        [],
    ),
    ("a cache id", F + "RUN --mount=type=cache,id=nuget,target=/x dotnet restore\n", []),
]

DIFFERENT: list[Different] = [
    (
        "publish --no-restore",
        F + "RUN dotnet publish -c Release --no-restore -o /app\n",
        [2],
        [],
        "--no-restore: the publish downloads nothing",
    ),
    ("dotnet run", F + "RUN dotnet run --project gen\n", [], [2], "run restores the project first"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_hint() -> None:
    (found,) = findings(F + "RUN dotnet restore\n", select=[CODE])
    assert "`dotnet restore`" in found.message and len(found.message) <= 90
    assert found.fix is not None and "target=/root/.nuget/packages`" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN dotnet restore\n")}
