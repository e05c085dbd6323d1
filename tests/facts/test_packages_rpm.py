"""facts.packages on yum, dnf, microdnf and zypper: the readings DL3030-DL3041 rely on."""

from __future__ import annotations

import shlex

import pytest

from dockerlint_ml.facts.packages import Kind, package_command
from dockerlint_ml.facts.shell import SimpleCommand


def _read(line: str) -> tuple[str, str, list[tuple[str, str, str | None]]]:
    record = package_command(SimpleCommand(tuple(shlex.split(line))))
    assert record is not None, line
    return record.manager, record.action, [(a.kind.value, a.name, a.version) for a in record.args]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "yum install -y tomcat-9.2 java-1.8.0-openjdk",
            (
                "yum",
                "install",
                [("package", "tomcat", "9.2"), ("package", "java-1.8.0-openjdk", None)],
            ),
        ),
        (
            "dnf install -y tomcat-0:9.0.1-1.el8.x86_64",
            ("dnf", "install", [("package", "tomcat", "0:9.0.1-1.el8.x86_64")]),
        ),
        ("dnf5 install x", ("dnf", "install", [("package", "x", None)])),
        (
            "dnf install -y --setopt tsflags=nodocs --enablerepo crb tomcat-1",
            ("dnf", "install", [("package", "tomcat", "1")]),
        ),
        (
            "dnf module install -y nodejs:18",
            ("dnf", "module-install", [("group", "nodejs:18", None)]),
        ),
        (
            "microdnf module install tomcat",
            ("microdnf", "module-install", [("group", "tomcat", None)]),
        ),
        ("yum group install -y Dev", ("yum", "group-install", [("group", "Dev", None)])),
        (
            "dnf install -y @core /tmp/a.rpm",
            ("dnf", "install", [("group", "core", None), ("file", "", None)]),
        ),
        (
            "zypper -n in -t pattern devel_basis",
            ("zypper", "install", [("group", "devel_basis", None)]),
        ),
        ("zypper in --from repo tomcat=1", ("zypper", "install", [("package", "tomcat", "1")])),
        ("zypper -n in 'tomcat < 9'", ("zypper", "install", [("package", "tomcat", "9")])),
        ("zypper dup", ("zypper", "dist-upgrade", [])),
        ("zypper cc -a", ("zypper", "clean", [])),
    ],
)
def test_reading(line: str, expected: tuple[str, str, list[tuple[str, str, str | None]]]) -> None:
    assert _read(line) == expected


def test_a_variable_is_unknown() -> None:
    record = package_command(SimpleCommand(("dnf", "install", "-y", "tomcat-$V", "$PKGS")))
    assert record is not None
    assert [a.kind for a in record.args] == [Kind.UNKNOWN, Kind.UNKNOWN]


def test_switches_before_and_after_the_action() -> None:
    for argv in (("yum", "-y", "install", "x"), ("yum", "install", "-qy", "x")):
        record = package_command(SimpleCommand(argv))
        assert record is not None and record.has("-y"), argv
