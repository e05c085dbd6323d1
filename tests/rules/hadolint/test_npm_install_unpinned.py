"""DL3016 npm-install-unpinned: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3016Spec.hs as hadolint 2.15.1 runs it (every case checked
with the 2.15.1 binary), each also wrapped in ONBUILD as its onbuild variants do. Nothing is
left out (the spec's two cases named "version pinned with scope" are both here).
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3016"
N = "FROM node:22-slim\n"
NPM_I = "RUN npm install "

_SPEC: list[Case] = [
    ("spec: no packages: package.json", "RUN npm install\n", []),
    ("spec: no packages, with an option", NPM_I + "--progress=false\n", []),
    ("spec: pinned", NPM_I + "express@4.1.1\n", []),
    ("spec: scoped, pinned", 'RUN npm install @myorg/privatepackage@">=0.1.0"\n', []),
    ("spec: several pinned", 'RUN npm install express@"4.1.1" sax@0.1.1\n', []),
    ("spec: --global, pinned", 'RUN npm install --global express@"4.1.1"\n', []),
    ("spec: -g, pinned", 'RUN npm install -g express@"4.1.1"\n', []),
    ("spec: a .tar tarball", NPM_I + "package-v1.2.3.tar\n", []),
    ("spec: a .tar.gz tarball", NPM_I + "package-v1.2.3.tar.gz\n", []),
    ("spec: a .tgz tarball", NPM_I + "package-v1.2.3.tgz\n", []),
    ("spec: an absolute folder", NPM_I + "/folder\n", []),
    ("spec: a relative folder", NPM_I + "./folder\n", []),
    ("spec: a parent folder", NPM_I + "../folder\n", []),
    ("spec: a home folder", NPM_I + "~/folder\n", []),
    ("spec: git+ssh with a ref", NPM_I + "git+ssh://git@github.com:npm/npm.git#v1.0.27\n", []),
    ("spec: git+http, semver", NPM_I + "git+http://isaacs@github.com/npm/npm#semver:^5.0\n", []),
    ("spec: git+https, a ref", NPM_I + "git+https://isaacs@github.com/npm/npm.git#v1.0.27\n", []),
    ("spec: git with a ref", NPM_I + "git://github.com/npm/npm.git#v1.0.27\n", []),
    ("spec: npm run ... install", "RUN npm run --crazy install\n", []),
    ("spec: scoped, a range", 'RUN npm install @myorg/privatepackage@">=0.1.0 <0.2.0"\n', []),
    ("spec: not pinned", NPM_I + "express\n", [1]),
    ("spec: scoped, not pinned", NPM_I + "@myorg/privatepackage\n", [1]),
    ("spec: one of several not pinned", NPM_I + "express sax@0.1.1\n", [1]),
    ("spec: --global, not pinned", NPM_I + "--global express\n", [1]),
    ("spec: git+ssh without a ref", NPM_I + "git+ssh://git@github.com:npm/npm.git\n", [1]),
    ("spec: git+http without a ref", NPM_I + "git+http://isaacs@github.com/npm/npm\n", [1]),
    ("spec: git+https without a ref", NPM_I + "git+https://isaacs@github.com/npm/npm.git\n", [1]),
    ("spec: git without a ref", NPM_I + "git://github.com/npm/npm.git\n", [1]),
    ("spec: --loglevel takes a value", NPM_I + "--loglevel verbose sax@0.1.1\n", []),
    ("spec: --registry takes a value", NPM_I + "--registry https://example.com sax@0.1.1\n", []),
    ("spec: --registry, not pinned", NPM_I + "--registry https://example.com express\n", [1]),
    ("spec: --registry=, not pinned", NPM_I + "--registry=https://example.com express\n", [1]),
]  # fmt: skip
SPEC: list[Case] = [(label, N + text, [n + 1 for n in lines]) for label, text, lines in _SPEC]
SPEC += [
    (f"{label} (onbuild)", text.replace("RUN ", "ONBUILD RUN "), lines)
    for label, text, lines in SPEC
]

OURS: list[Case] = [
    ("--save-dev is a switch", N + "RUN npm install --save-dev express\n", [2]),
    ("--no-save is a switch", N + "RUN npm install --no-save express\n", [2]),
    ("a variable version", N + "RUN npm install express@$V\n", []),
    ("--prefix after install", N + "RUN npm install -g --prefix /x express@1\n", []),
    ("--loglevel=", N + "RUN npm install --loglevel=verbose express@1\n", []),
    ("npm ci then install", N + "RUN npm ci && npm install express\n", [2]),
    ("npm ci", N + "RUN npm ci --omit=dev\n", []),
    ("install then run", N + "RUN npm install && npm run build\n", []),
    ("a dist-tag other than latest", N + "RUN npm install next@canary\n", []),
    ("a caret range", N + "RUN npm install express@^4.21.0\n", []),
    ("once per RUN", N + "RUN npm install a && npm install b\n", [2]),
    ("per RUN", N + "RUN npm install a\nRUN npm install b\n", [2, 3]),
    ("uninstall", N + "RUN npm uninstall express\n", []),
    ("yarn add is not npm", N + "RUN yarn add express\n", []),
    ("exec form", N + 'RUN ["npm", "install", "-g", "serve"]\n', [2]),
    ("continuation: first line", N + "RUN npm ci \\\n && npm install -g serve\n", [2]),
    ("an unknown word next to an unpinned one", N + "RUN npm install $PKG serve\n", [2]),
]

DIFFERENT: list[Different] = [
    ("@latest", N + "RUN npm install -g npm@latest\n", [], [2],
     "the latest tag is whatever the registry holds today: no pin"),
    ("@*", N + "RUN npm install 'express@*'\n", [], [2], "any version: no pin"),
    ("a variable package", N + "RUN npm install $PKG\n", [2], [],
     "PEERS not-to-copy 5: an unknown word is not an unpinned package"),
    ("a command substitution", N + "RUN npm install -g \"$(node -p 'x')\"\n", [2], [],
     "PEERS not-to-copy 5: the package is only known at build time"),
    ("--omit takes a value", N + "RUN npm install --omit dev express@1\n", [2], [],
     "`dev` is the value of --omit, not a package"),
    ("-w takes a value", N + "RUN npm install -w ws express@1\n", [2], [],
     "`ws` is the workspace -w names, not a package"),
    ("GitHub shorthand with a ref", N + "RUN npm install npm/cli#v10.9.0\n", [2], [],
     "owner/repo#ref is a git reference pinned by its ref"),
    ("a file: folder", N + "RUN npm install file:../lib\n", [2], [],
     "a local folder is not a registry package"),
    ("a URL", N + "RUN npm install https://example.com/pkg.tar.gz?x=1\n", [2], [],
     "a URL names a download, not a registry package"),
    ("npm i", N + "RUN npm i express\n", [], [2], "`i` is npm's alias of install"),
    ("npm add", N + "RUN npm add express\n", [], [2], "`add` is npm's alias of install"),
    ("options before install", N + "RUN npm --prefix /app install express\n", [], [2],
     "--prefix takes /app; install is still the subcommand"),
    ("behind sudo", N + "RUN sudo npm install -g express\n", [], [2],
     "sudo runs npm; hadolint sees only the command name `sudo`"),
]  # fmt: skip

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_packages() -> None:
    (found,) = findings(
        N + "RUN npm install -g serve typescript@5 eslint prettier\n", select=[CODE]
    )
    assert found.message == (
        "`npm install` installs `serve`, `eslint` and 1 more without a pinned version."
    )
    assert found.fix == "Pin each package, e.g. `serve@<version>`."


def test_git_fix_names_the_ref() -> None:
    (found,) = findings(N + "RUN npm install git+https://host/o/r.git\n", select=[CODE])
    assert found.fix is not None and "#<commit>" in found.fix


def test_in_the_default_selection() -> None:
    assert CODE in {code for code, _ in lint_snippet(N + "RUN npm install -g serve\n")}
