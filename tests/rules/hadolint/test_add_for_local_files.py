"""DL3020 add-for-local-files: hadolint's spec cases (test/Hadolint/Rule/DL3020Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, linter, table_tests

CODE = "DL3020"
F = "FROM debian:12\n"

# DL3020Spec.hs (the one stored version; it matches the 2.15.1 binary), in our words. Its
# cases have no FROM; each gets one here, so the ADD is on line 2.
SPEC: list[Case] = [
    ("spec: tar archive", F + "ADD file.tar /usr/src/app/\n", []),
    ("spec: gzip", F + "ADD file.gz /usr/src/app/\n", []),
    ("spec: bzip2", F + "ADD file.bz2 /usr/src/app/\n", []),
    ("spec: xz", F + "ADD file.xz /usr/src/app/\n", []),
    ("spec: tgz", F + "ADD file.tgz /usr/src/app/\n", []),
    ("spec: URL", F + "ADD http://file.com /usr/src/app/\n", []),
    ("spec: plain file", F + "ADD file /usr/src/app/\n", [2]),
    ("spec: zip is not unpacked", F + "ADD file.zip /usr/src/app/\n", [2]),
    ("spec: quoted tgz", F + 'ADD "file.tgz" /usr/src/app/\n', []),
    ("spec: quoted URL", F + 'ADD "http://file.com" /usr/src/app/\n', []),
    ("spec: quoted zip", F + 'ADD "file.zip" /usr/src/app/\n', [2]),
]

OURS: list[Case] = [
    ("directory", F + "ADD . /app\n", [2]),
    ("directory with a slash", F + "ADD ./src/ /app/src/\n", [2]),
    ("https URL", F + "ADD https://example.com/tool /usr/local/bin/tool\n", []),
    ("URL with a checksum", F + "ADD --checksum=sha256:abc https://example.com/a /a\n", []),
    ("git over https", F + "ADD https://github.com/org/repo.git#v1 /src\n", []),
    ("git with keep-git-dir", F + "ADD --keep-git-dir=true https://github.com/o/r.git /src\n", []),
    ("tar.gz", F + "ADD rootfs.tar.gz /\n", []),
    ("lzma", F + "ADD a.lzma /x/\n", []),
    ("compress .Z", F + "ADD a.Z /x/\n", []),
    ("glob ending in .tar", F + "ADD dist/*.tar /x/\n", []),
    ("wheel is a zip", F + "ADD pkg.whl /x/\n", [2]),
    ("zstd is not in the list", F + "ADD a.tar.zst /x/\n", [2]),
    ("signature next to an archive", F + "ADD a.tar.gz.sig /x\n", [2]),
    ("upper-case scheme is a file name to Docker", F + "ADD HTTPS://x.com/a /x/\n", [2]),
    ("ftp is no ADD scheme", F + "ADD ftp://x.com/a /x/\n", [2]),
    ("one local among archives", F + "ADD a.tar b /x/\n", [2]),
    ("archive and URL", F + "ADD a.tar http://x/y /x/\n", []),
    ("JSON form", F + 'ADD ["models", "./models"]\n', [2]),
    ("JSON form archive", F + 'ADD ["a.tgz", "/x/"]\n', []),
    ("chown flag", F + "ADD --chown=1:1 a /x/\n", [2]),
    ("link flag", F + "ADD --link a /x\n", [2]),
    ("continuation: the first line", F + "ADD a \\\n    b \\\n    /x/\n", [2]),
    ("lower-case add", F + "add a /x\n", [2]),
    ("variable source, unset", F + "ADD ${SRC} /x/\n", [2]),
    ("variable in a local path", F + "ADD ./${DIR}/ /opt/${DIR}/\n", [2]),
    ("variable archive name", F + "ADD ${NAME}.tar.gz /x/\n", []),
    ("each ADD", F + "ADD a /x\nADD b /y\n", [2, 3]),
    ("multi-stage", F + "ADD a /x\nFROM alpine:3 AS b\nADD c /y\n", [2, 4]),
    ("ONBUILD is not checked", F + "ONBUILD ADD file /x/\n", []),
    ("COPY is fine", F + "COPY file /x/\n", []),
]

DIFFERENT: list[Different] = [
    (
        "git over ssh",
        F + "ADD git@github.com:org/repo.git /src\n",
        [2],
        [],
        "ADD clones a Git repository (Docker's ADD reference); COPY cannot",
    ),
    (
        "git protocol",
        F + "ADD git://example.com/repo.git /src\n",
        [2],
        [],
        "a Git source, which COPY cannot fetch",
    ),
    (
        "archive ending in upper case",
        F + "ADD DATA.TGZ /data/\n",
        [2],
        [],
        "Docker recognises an archive by its content, so this one is unpacked too",
    ),
    (
        "URL from an ARG",
        F + "ARG URL=https://example.com/tool.bin\nADD ${URL} /usr/local/bin/tool\n",
        [3],
        [],
        "the file sets the source to a URL; hadolint reads `${URL}` as a local file",
    ),
    (
        "archive from an ENV",
        F + "ENV PKG=/tmp/pkg.tar.gz\nADD pkg.tar.gz $PKG\nADD $PKG /opt/\n",
        [4],
        [],
        "the source is an archive once its variable is resolved",
    ),
]


lint = linter(CODE)
test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_heredoc_is_reported() -> None:
    # hadolint 2.15.1 cannot parse `ADD <<EOF` (DL1000); COPY takes heredocs as well.
    text = F + "ADD <<EOF /etc/motd\nhello\nEOF\n"
    assert lint(text) == [(CODE, 2)]
    (found,) = findings(text, select=[CODE])
    assert "heredoc" in found.message


def test_message_names_the_local_source() -> None:
    (found,) = findings(F + "ADD a.tar app.py /app/\n", select=[CODE])
    assert "`app.py`" in found.message
    assert found.fix is not None and "COPY" in found.fix
    assert len(found.message) <= 90


def test_in_the_default_selection() -> None:
    assert (CODE, 2) in lint_snippet(F + "ADD app.py /app/\n")
