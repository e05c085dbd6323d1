"""DL3010 archive-extracted-after-copy: hadolint's spec cases
(test/Hadolint/Rule/DL3010Spec.hs, v2.15.1) and ours. Every spec case is ported (each
gets a FROM); the first Windows-path case is a DIFFERENT row: without `# escape=` the
backslashes of an unquoted source are escapes, as Docker reads them."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3010"
F = "FROM debian:12\n"

SPEC: list[Case] = [
    (
        "spec: copy then extract 1",
        F + "COPY packaged-app.tar /usr/src/app\nRUN tar -xf /usr/src/app/packaged-app.tar\n",
        [2],
    ),
    (
        "spec: copy then extract 2",
        F + "COPY packaged-app.tar /usr/src/app\nWORKDIR /usr/src/app\n"
        "RUN foo bar && echo something && tar -xf packaged-app.tar\n",
        [2],
    ),
    (
        "spec: copy then extract 3",
        F + "COPY foo/bar/packaged-app.tar /foo.tar\nRUN tar -xf /foo.tar\n",
        [2],
    ),
    (
        "spec: windows paths 2",
        F + 'COPY build\\foo\\bar.tar.gz "C:\\Program Files\\foo.tar.gz"\nRUN tar -xf foo.tar.gz\n',
        [2],
    ),
    (
        "spec: copy without extract",
        F + "COPY packaged-app.tar /usr/src/app\nFROM debian:11 as newstage\n",
        [],
    ),
    ("spec: no archive", F + "COPY package.json /usr/src/app\n", []),
    (
        "spec: copy from a stage",
        F + "COPY --from=builder /usr/local/share/some.tar /opt/some.tar\n",
        [],
    ),
]

OURS: list[Case] = [
    (
        "windows paths with the backtick escape",
        "# escape=`\n" + F + 'COPY build\\foo\\bar.tar.gz "C:\\Program Files\\Foo"\n'
        'RUN tar -xf "C:\\Program Files\\Foo\\bar.tar.gz"\n',
        [3],
    ),
    ("long option", F + "COPY a.tar /x/\nRUN tar --extract -f /x/a.tar\n", [2]),
    ("xz", F + "COPY a.txz /x/\nRUN tar -xJf /x/a.txz\n", [2]),
    ("named after the destination", F + "COPY a.tar /x/b.tar\nRUN tar -xf /x/b.tar\n", [2]),
    ("another name", F + "COPY a.tar /x/b.tar\nRUN tar -xf /x/a.tar\n", []),
    ("listing is not extracting", F + "COPY a.tar /x/\nRUN tar -tf /x/a.tar\n", []),
    ("ADD is not checked", F + "ADD a.tar /x/\nRUN tar -xf /x/a.tar\n", []),
    ("ONBUILD is not checked", F + "ONBUILD COPY a.tar /x/\nONBUILD RUN tar -xf /x/a.tar\n", []),
    ("zip is not unpacked by ADD", F + "COPY a.zip /x/\nRUN unzip /x/a.zip\n", []),
    (
        "two COPYs",
        F + "COPY a.tar /x/\nCOPY b.tar /x/\nRUN tar -xf /x/b.tar && tar -xf /x/a.tar\n",
        [2, 3],
    ),
    (
        "two archives of one COPY",
        F + "COPY a.tar b.tar.gz /x/\nRUN tar -xf a.tar && tar -xzf b.tar.gz\n",
        [2],
    ),
    ("zcat into tar", F + "COPY a.tar.gz /x/\nRUN zcat /x/a.tar.gz | tar -x -C /opt\n", [2]),
    (
        "a -C destination",
        F + "COPY a.tar.gz /tmp/\nRUN tar -xzf /tmp/a.tar.gz -C /opt && rm /tmp/a.tar.gz\n",
        [2],
    ),
    ("a .gz extracted by tar", F + "COPY a.gz /tmp/\nRUN tar -xzf /tmp/a.gz\n", [2]),
    ("an unknown source", F + "COPY $PKG /tmp/\nRUN tar -xf /tmp/a.tar\n", []),
]

DIFFERENT: list[Different] = [
    (
        "spec: windows paths 1",
        F + 'COPY build\\foo\\bar.tar.gz "C:\\Program Files\\Foo"\n'
        'RUN tar -xf "C:\\Program Files\\Foo\\bar.tar.gz"\n',
        [2],
        [],
        "with the default escape character Docker copies `buildfoobar.tar.gz`",
    ),
    (
        "an earlier stage",
        F + "COPY a.tar /x/\nRUN tar -xf /x/a.tar\nFROM debian:12\nRUN true\n",
        [],
        [2],
        "hadolint's FROM drops the findings of the stage before",
    ),
    (
        "old-style options",
        F + "COPY a.tar.gz /x/\nRUN tar xzf /x/a.tar.gz\n",
        [],
        [2],
        "`tar xzf` extracts as `tar -xzf` does",
    ),
    (
        "--strip-components",
        F + "COPY a.tar.gz /x/\nRUN tar -xzf /x/a.tar.gz -C /opt --strip-components=1\n",
        [2],
        [],
        "ADD cannot strip leading directories",
    ),
    (
        "members named",
        F + "COPY a.tar /x/\nRUN tar -xf /x/a.tar bin/tool\n",
        [2],
        [],
        "a partial extraction ADD cannot do",
    ),
    (
        "a compressed file that is no tarball",
        F + "COPY data.csv.gz /x/\nRUN gunzip /x/data.csv.gz\n",
        [2],
        [],
        "ADD copies a gzip file that holds no tar archive as it is",
    ),
    (
        "lzma",
        F + "COPY a.tar.lzma /x/\nRUN tar --lzma -xf /x/a.tar.lzma\n",
        [2],
        [],
        "ADD does not unpack lzma archives",
    ),
    ("behind sudo", F + "COPY a.tar /x/\nRUN sudo tar -xf /x/a.tar\n", [], [2], "sudo runs tar"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_archive_and_line() -> None:
    (found,) = findings(F + "COPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz\n", select=[CODE])
    assert "`app.tgz`" in found.message and "line 3" in found.message
    assert len(found.message) <= 90 and found.fix is not None and "ADD" in found.fix


def test_off_by_default() -> None:
    text = F + "COPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz\n"
    assert CODE not in {code for code, _ in lint_snippet(text)}
