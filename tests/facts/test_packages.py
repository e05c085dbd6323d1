"""The package-command model: managers, actions, options with each tool's arity, and every
argument read with its ecosystem's grammar."""

from __future__ import annotations

import pytest

from dockerlint_ml.facts.packages import (
    Kind,
    Option,
    PackageArg,
    PackageCommand,
    mask,
    package_command,
    package_commands,
    pip_argument,
)
from dockerlint_ml.facts.shell import SimpleCommand, parse_commands


def _one(script: str) -> PackageCommand:
    """The only package command of a script, as rules receive it (`sh -c`, `sudo` and
    `python -m` unwrapped by the shell model)."""
    [record] = package_commands(parse_commands(script))
    return record


def _args(script: str) -> tuple[PackageArg, ...]:
    return _one(script).args


def pkg(word: str, name: str | None = None, op: str = "", ver: str | None = None, **kw: object):
    return PackageArg(word, Kind.PACKAGE, word if name is None else name, op, ver, **kw)  # type: ignore[arg-type]


def other(word: str, kind: Kind, **kw: object) -> PackageArg:
    return PackageArg(word, kind, **kw)  # type: ignore[arg-type]


def unknown(word: str, option: str = "") -> PackageArg:
    return PackageArg(word, Kind.UNKNOWN, option=option)


# --------------------------------------------------------------------------- recognition


@pytest.mark.parametrize(
    ("script", "manager", "action", "program"),
    [
        ("apt-get install -y curl", "apt-get", "install", "apt-get"),
        ("/usr/bin/apt-get -qq update", "apt-get", "update", "apt-get"),
        ("sudo apt-get install curl", "apt-get", "install", "apt-get"),
        ("apt install curl", "apt", "install", "apt"),
        ("apk --no-cache add curl", "apk", "add", "apk"),
        ("pip install flask", "pip", "install", "pip"),
        ("pip3 install flask", "pip", "install", "pip3"),
        ("pip3.11 install flask", "pip", "install", "pip3.11"),
        ("/opt/venv/bin/pip install flask", "pip", "install", "pip"),
        ("python -m pip install flask", "pip", "install", "python -m pip"),
        ("python3.11 -m pip install flask", "pip", "install", "python -m pip"),
        ("python$V -m pip install flask", "pip", "install", "python$V -m pip"),
        ("$PYTHON -m pip install flask", "pip", "install", "$PYTHON -m pip"),
        ("pip --disable-pip-version-check install flask", "pip", "install", "pip"),
        ("uv pip install flask", "uv-pip", "install", "uv pip"),
        ("uv --no-cache pip sync requirements.txt", "uv-pip", "sync", "uv pip"),
        ("pipx install black", "pipx", "install", "pipx"),
        ("pip-sync requirements.txt", "pip-sync", "sync", "pip-sync"),
        ("npm i -g typescript", "npm", "install", "npm"),
        ("npm ci", "npm", "ci", "npm"),
        ("yarn add left-pad", "yarn", "add", "yarn"),
        ("yarn", "yarn", "install", "yarn"),
        ("yarn global add serve", "yarn", "global-add", "yarn"),
        ("pnpm add -D vite", "pnpm", "add", "pnpm"),
        ("gem install bundler", "gem", "install", "gem"),
        ("go install golang.org/x/tools/gopls@latest", "go", "install", "go"),
        ("yum install -y httpd", "yum", "install", "yum"),
        ("dnf -y install httpd", "dnf", "install", "dnf"),
        ("dnf group install 'Development Tools'", "dnf", "group-install", "dnf"),
        ("microdnf install -y shadow-utils", "microdnf", "install", "microdnf"),
        ("zypper -n in curl", "zypper", "install", "zypper"),
        ("apt-get --version", "apt-get", "", "apt-get"),
    ],
)
def test_recognised(script: str, manager: str, action: str, program: str) -> None:
    record = _one(script)
    assert (record.manager, record.action, record.program) == (manager, action, program)


@pytest.mark.parametrize(
    "script",
    [
        "pipenv install flask",
        "poetry add flask",
        "pip-compile requirements.in",
        "uv sync",
        "uv add flask",
        "conda install numpy",
        "python app.py",
        "python -m venv /venv",
        "python$V -m venv /venv",
        "aptitude install curl",
        "echo apt-get install curl",
        "$INSTALLER install curl",
    ],
)
def test_not_a_package_command(script: str) -> None:
    assert package_commands(parse_commands(script)) == ()


def test_order_and_records() -> None:
    cmds = parse_commands("apt-get update && apt-get install -y curl && pip install flask")
    found = package_commands(cmds)
    assert [(r.manager, r.action) for r in found] == [
        ("apt-get", "update"),
        ("apt-get", "install"),
        ("pip", "install"),
    ]
    assert found[1] == PackageCommand(
        "apt-get", "install", cmds[1], (), (Option("-y"),), (pkg("curl"),)
    )


def test_python_variable_interpreter_keeps_its_command() -> None:
    command = SimpleCommand(("python$PY", "-m", "pip", "install", "-r", "r.txt", "flask"))
    record = package_command(command)
    assert record is not None
    assert record.command is command
    assert record.args == (other("r.txt", Kind.REQUIREMENTS, option="-r"), pkg("flask"))


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("script", "global_options", "options"),
    [
        (
            "apt-get -o Dpkg::Options::=--force-confold -y install curl",
            (Option("-o", "Dpkg::Options::=--force-confold"), Option("-y")),
            (),
        ),
        (
            "apt-get install -yq -t bookworm-backports --no-install-recommends curl",
            (),
            (Option("-y"), Option("-q"), Option("-t", "bookworm-backports"),
             Option("--no-install-recommends")),
        ),
        ("apt-get -q=2 install curl", (Option("-q", "2"),), ()),
        (
            "apk add --no-cache --virtual=.deps -X http://a gcc",
            (),
            (Option("--no-cache"), Option("--virtual", ".deps"), Option("-X", "http://a")),
        ),
        (
            "pip --no-cache-dir install -Ur req.txt --index-url=https://x -i https://y flask",
            (Option("--no-cache-dir"),),
            (Option("-U"), Option("-r", "req.txt"), Option("--index-url", "https://x"),
             Option("-i", "https://y")),
        ),
        (
            "pip install --timeout 60 --root-user-action ignore -C k=v flask",
            (),
            (Option("--timeout", "60"), Option("--root-user-action", "ignore"),
             Option("-C", "k=v")),
        ),
        (
            "uv --directory /app pip install --system -p 3.12 flask",
            (Option("--directory", "/app"),),
            (Option("--system"), Option("-p", "3.12")),
        ),
        (
            "go install -ldflags '-s -w' -tags=netgo ./cmd/app",
            (),
            (Option("-ldflags", "-s -w"), Option("-tags", "netgo")),
        ),
        ("gem install rails -v 7.1.0 --no-document", (), (Option("-v", "7.1.0"),
                                                           Option("--no-document"))),
        (
            "dnf install -y --setopt=tsflags=nodocs --enablerepo crb httpd",
            (),
            (Option("-y"), Option("--setopt", "tsflags=nodocs"), Option("--enablerepo", "crb")),
        ),
        (
            "zypper --root /mnt -n install -t pattern devel_basis",
            (Option("--root", "/mnt"), Option("-n")),
            (Option("-t", "pattern"),),
        ),
        ("npm install --prefix /app --save-exact left-pad", (),
         (Option("--prefix", "/app"), Option("--save-exact"))),
    ],
)  # fmt: skip
def test_options_with_arity(
    script: str, global_options: tuple[Option, ...], options: tuple[Option, ...]
) -> None:
    record = _one(script)
    assert record.global_options == global_options
    assert record.options == options


def test_has_and_values() -> None:
    record = _one("pip --python /venv/bin/python install -c c.txt --constraint=d.txt flask")
    assert record.has("--python") and record.has("-c", "--constraint")
    assert not record.has("-r")
    assert record.values("-c", "--constraint") == ("c.txt", "d.txt")


def test_double_dash_ends_options() -> None:
    assert _args("apt-get install -y -- -weird curl") == (pkg("-weird"), pkg("curl"))


def test_go_flags_stop_at_the_first_package() -> None:
    record = _one("go install ./cmd/app -v")
    assert record.options == ()
    assert record.args == (other("./cmd/app", Kind.PATH), other("-v", Kind.PACKAGE, name="-v"))


# --------------------------------------------------------------------------- apt


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("curl", pkg("curl")),
        ("curl=7.88.1-10+deb12u5", pkg("curl=7.88.1-10+deb12u5", "curl", "=", "7.88.1-10+deb12u5")),
        ("git=1:2.5.0*", pkg("git=1:2.5.0*", "git", "=", "1:2.5.0*")),
        ("curl/bookworm-backports", pkg("curl/bookworm-backports", "curl",
                                        release="bookworm-backports")),
        ("libc6:amd64", pkg("libc6:amd64", "libc6", arch="amd64")),
        ("libc6:i386=2.36-9", pkg("libc6:i386=2.36-9", "libc6", "=", "2.36-9", arch="i386")),
        ("lib*-dev", pkg("lib*-dev")),
        ("./x.deb", other("./x.deb", Kind.FILE)),
        ("/tmp/pkgs/y_1.0_amd64.deb", other("/tmp/pkgs/y_1.0_amd64.deb", Kind.FILE)),
        ("z.deb", other("z.deb", Kind.FILE)),
        ("./debian", other("./debian", Kind.PATH)),
        ("$PKGS", unknown("$PKGS")),
        ("python${PYTHON_VERSION}-dev", unknown("python${PYTHON_VERSION}-dev")),
        ("$(cat /tmp/list)", unknown("$(cat /tmp/list)")),
        ("curl=${CURL_VERSION}", pkg("curl=${CURL_VERSION}", "curl", "=", "${CURL_VERSION}")),
        ("${PKG}=${VER}", pkg("${PKG}=${VER}", "${PKG}", "=", "${VER}")),
    ],
)  # fmt: skip
def test_apt_words(word: str, expected: PackageArg) -> None:
    assert _args(f"apt-get install -y '{word}'") == (expected,)


def test_apt_option_values_are_not_packages() -> None:
    args = _args("apt-get install -o Acquire::Retries=3 -c /etc/apt.conf -a arm64 -t sid curl")
    assert args == (pkg("curl"),)


def test_apt_simulate_is_an_option() -> None:
    assert _one("apt-get install -s curl").has("-s")


# --------------------------------------------------------------------------- apk


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("curl", pkg("curl")),
        ("curl=8.5.0-r0", pkg("curl=8.5.0-r0", "curl", "=", "8.5.0-r0")),
        ("curl~8.5", pkg("curl~8.5", "curl", "~", "8.5")),
        ("curl=~8.5", pkg("curl=~8.5", "curl", "=~", "8.5")),
        ("curl>8", pkg("curl>8", "curl", ">", "8")),
        ("curl<=9", pkg("curl<=9", "curl", "<=", "9")),
        ("curl@edge", pkg("curl@edge", "curl", tag="edge")),
        ("curl@edge=8.6.0-r0", pkg("curl@edge=8.6.0-r0", "curl", "=", "8.6.0-r0", tag="edge")),
        ("so:libssl.so.3", pkg("so:libssl.so.3")),
        ("x-1.0.apk", other("x-1.0.apk", Kind.FILE)),
        ("/tmp/x", other("/tmp/x", Kind.PATH)),
        ("$PKGS", unknown("$PKGS")),
        ("curl@$REPO", unknown("curl@$REPO")),
        ("curl=$V", pkg("curl=$V", "curl", "=", "$V")),
    ],
)
def test_apk_words(word: str, expected: PackageArg) -> None:
    assert _args(f"apk add '{word}'") == (expected,)


def test_apk_option_values_are_not_packages() -> None:
    args = _args("apk add -t .deps --root /mnt --arch x86 -X http://a --repositories-file /r gcc=1")
    assert args == (pkg("gcc=1", "gcc", "=", "1"),)


# --------------------------------------------------------------------------- pip


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("flask", pkg("flask")),
        ("flask==3.0.3", pkg("flask==3.0.3", "flask", "==", "3.0.3")),
        ("flask===3.0", pkg("flask===3.0", "flask", "===", "3.0")),
        ("flask~=3.0", pkg("flask~=3.0", "flask", "~=", "3.0")),
        ("flask!=2.0", pkg("flask!=2.0", "flask", "!=", "2.0")),
        ("flask>=2,<3", pkg("flask>=2,<3", "flask", ">=", "2,<3")),
        ("flask >= 2", pkg("flask >= 2", "flask", ">=", "2")),
        ("flask (>=2)", pkg("flask (>=2)", "flask", ">=", "2")),
        ("flask[async]==3.0", pkg("flask[async]==3.0", "flask", "==", "3.0", extras=("async",))),
        ("uvicorn[standard]", pkg("uvicorn[standard]", "uvicorn", extras=("standard",))),
        (
            "flask; python_version<'3.9'",
            pkg("flask; python_version<'3.9'", "flask", marker="python_version<'3.9'"),
        ),
        ("flask=1", pkg("flask=1", "flask")),
        ("flask==${FLASK_VERSION}", pkg("flask==${FLASK_VERSION}", "flask", "==",
                                        "${FLASK_VERSION}")),
        ("torch==${V}+cpu", pkg("torch==${V}+cpu", "torch", "==", "${V}+cpu")),
        ("$PKG", unknown("$PKG")),
        ("${PKG}[extra]", unknown("${PKG}[extra]")),
        ("tensorflow${SUFFIX}", unknown("tensorflow${SUFFIX}")),
        ("$(ls dist/*.whl)", unknown("$(ls dist/*.whl)")),
        ("${DIST}/app.whl", other("${DIST}/app.whl", Kind.FILE)),
        (".", other(".", Kind.PATH)),
        ("..", other("..", Kind.PATH)),
        (".[dev,test]", other(".[dev,test]", Kind.PATH, extras=("dev", "test"))),
        ("./pkg", other("./pkg", Kind.PATH)),
        ("/src/app", other("/src/app", Kind.PATH)),
        ("~/src", other("~/src", Kind.PATH)),
        ("foo/bar", other("foo/bar", Kind.PATH)),
        ("$DIR/pkg", other("$DIR/pkg", Kind.PATH)),
        ("file:///src/app", other("file:///src/app", Kind.PATH)),
        ("file:./dist/x-1.0.tar.gz", other("file:./dist/x-1.0.tar.gz", Kind.FILE)),
        ("file:pkg", other("file:pkg", Kind.URL)),
        ("dist/app-1.0-py3-none-any.whl", other("dist/app-1.0-py3-none-any.whl", Kind.FILE)),
        ("app-1.0.tar.gz", other("app-1.0.tar.gz", Kind.FILE)),
        ("pkg.zip", other("pkg.zip", Kind.FILE)),
        ("https://x.org/y-1.0.zip", other("https://x.org/y-1.0.zip", Kind.URL)),
        (
            "flask @ https://x.org/flask-3.0-py3-none-any.whl",
            other("flask @ https://x.org/flask-3.0-py3-none-any.whl", Kind.URL, name="flask"),
        ),
        (
            "git+https://github.com/o/r.git@v1.2#egg=r",
            PackageArg("git+https://github.com/o/r.git@v1.2#egg=r", Kind.VCS, "r", "@", "v1.2"),
        ),
        (
            "git+ssh://git@github.com/o/r.git@abc123",
            PackageArg("git+ssh://git@github.com/o/r.git@abc123", Kind.VCS, "", "@", "abc123"),
        ),
        (
            "git+https://user@github.com/o/r.git",
            PackageArg("git+https://user@github.com/o/r.git", Kind.VCS),
        ),
        (
            "git+https://github.com/o/r.git#egg=r",
            PackageArg("git+https://github.com/o/r.git#egg=r", Kind.VCS, "r"),
        ),
        (
            "r[x] @ git+https://github.com/o/r",
            PackageArg("r[x] @ git+https://github.com/o/r", Kind.VCS, "r", extras=("x",)),
        ),
        ("git+${REPO}", unknown("git+${REPO}")),
        ("git+https://github.com/o/r.git@${REF}", PackageArg(
            "git+https://github.com/o/r.git@${REF}", Kind.VCS, "", "@", "${REF}")),
    ],
)  # fmt: skip
def test_pip_words(word: str, expected: PackageArg) -> None:
    assert _args(f'pip install "{word}"') == (expected,)
    assert pip_argument(word) == expected


def test_pip_option_values() -> None:
    args = _args(
        "pip install -r a.txt --requirement=b.txt -c c.txt -e . -e git+https://h/o/r#egg=r"
        " --timeout 60 -i https://x --target /deps flask"
    )
    assert args == (
        other("a.txt", Kind.REQUIREMENTS, option="-r"),
        other("b.txt", Kind.REQUIREMENTS, option="--requirement"),
        other("c.txt", Kind.CONSTRAINTS, option="-c"),
        other(".", Kind.PATH, option="-e"),
        PackageArg("git+https://h/o/r#egg=r", Kind.VCS, "r", option="-e"),
        pkg("flask"),
    )


@pytest.mark.parametrize(
    ("script", "args"),
    [
        ("uv pip sync requirements.txt", (other("requirements.txt", Kind.REQUIREMENTS),)),
        ("pip-sync a.txt b.txt", (other("a.txt", Kind.REQUIREMENTS),
                                  other("b.txt", Kind.REQUIREMENTS))),
        ("pipx inject app rich==13", (pkg("rich==13", "rich", "==", "13"),)),
        ("pipx install --python python3.11 black", (pkg("black"),)),
        ("pip download -d /w flask==3", (pkg("flask==3", "flask", "==", "3"),)),
        ("pip uninstall -y flask", (pkg("flask"),)),
        ("pip freeze", ()),
    ],
)  # fmt: skip
def test_pip_family_actions(script: str, args: tuple[PackageArg, ...]) -> None:
    assert _args(script) == args


# --------------------------------------------------------------------------- npm, yarn, pnpm


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("left-pad", pkg("left-pad")),
        ("left-pad@1.3.0", pkg("left-pad@1.3.0", "left-pad", "@", "1.3.0")),
        ("typescript@^5", pkg("typescript@^5", "typescript", "@", "^5")),
        ("serve@latest", pkg("serve@latest", "serve", "@", "latest")),
        ("@angular/cli", pkg("@angular/cli")),
        ("@angular/cli@17.0.0", pkg("@angular/cli@17.0.0", "@angular/cli", "@", "17.0.0")),
        ("./local-dir", other("./local-dir", Kind.PATH)),
        ("file:../lib", other("file:../lib", Kind.PATH)),
        ("pkg-1.0.0.tgz", other("pkg-1.0.0.tgz", Kind.FILE)),
        ("https://x.org/p.tgz", other("https://x.org/p.tgz", Kind.URL)),
        ("user/repo", PackageArg("user/repo", Kind.VCS)),
        ("user/repo#v1.0", PackageArg("user/repo#v1.0", Kind.VCS, "", "#", "v1.0")),
        ("github:user/repo#main", PackageArg("github:user/repo#main", Kind.VCS, "", "#", "main")),
        ("git+https://g.com/u/r.git", PackageArg("git+https://g.com/u/r.git", Kind.VCS)),
        ("$PKG", unknown("$PKG")),
        ("left-pad@$V", pkg("left-pad@$V", "left-pad", "@", "$V")),
    ],
)  # fmt: skip
def test_npm_words(word: str, expected: PackageArg) -> None:
    assert _args(f"npm install '{word}'") == (expected,)
    assert _args(f"yarn add '{word}'") == (expected,)
    assert _args(f"pnpm add '{word}'") == (expected,)


def test_npm_ci_and_yarn_install_take_no_packages() -> None:
    assert _args("npm ci --omit dev") == ()
    assert _args("yarn install --frozen-lockfile") == ()


# --------------------------------------------------------------------------- gem, go


@pytest.mark.parametrize(
    ("script", "args"),
    [
        ("gem install bundler", (pkg("bundler"),)),
        ("gem install bundler:2.5.6", (pkg("bundler:2.5.6", "bundler", ":", "2.5.6"),)),
        ("gem install bundler -v 2.5.6", (pkg("bundler", "bundler", "-v", "2.5.6"),)),
        ("gem install rails --version '~> 7.1'", (pkg("rails", "rails", "-v", "~> 7.1"),)),
        ("gem install ./x-1.0.gem", (other("./x-1.0.gem", Kind.FILE),)),
        ("gem install -g Gemfile", (other("Gemfile", Kind.REQUIREMENTS, option="-g"),)),
        ("gem install $GEMS", (unknown("$GEMS"),)),
        (
            "go install golang.org/x/tools/gopls@v0.15.0",
            (pkg("golang.org/x/tools/gopls@v0.15.0", "golang.org/x/tools/gopls", "@",
                 "v0.15.0"),),
        ),
        ("go install github.com/x/y/cmd/z", (pkg("github.com/x/y/cmd/z"),)),
        ("go install ./...", (other("./...", Kind.PATH),)),
        ("go get -u github.com/x/y@$REF", (pkg("github.com/x/y@$REF", "github.com/x/y", "@",
                                              "$REF"),)),
        ("go build ./...", ()),
    ],
)  # fmt: skip
def test_gem_and_go(script: str, args: tuple[PackageArg, ...]) -> None:
    assert _args(script) == args


@pytest.mark.parametrize(
    ("script", "args"),
    [
        # gem: what follows `--` goes to the gem's build, not to gem install
        ("gem install nokogiri:1.16 -- --use-system-libraries true",
         (pkg("nokogiri:1.16", "nokogiri", ":", "1.16"),)),
        # go: source files, packages of the main module or std, `go run`'s own arguments
        ("go run main.go util.go -v x", (other("main.go", Kind.FILE),
                                         other("util.go", Kind.FILE))),
        ("go run ./cmd/tool -f x", (other("./cmd/tool", Kind.PATH),)),
        ("go run example.com/pkg@v1.2.3 --foo bar",
         (pkg("example.com/pkg@v1.2.3", "example.com/pkg", "@", "v1.2.3"),)),
        ("go get github.com/nats-io/nats.go", (pkg("github.com/nats-io/nats.go"),)),
        ("go install tool myapp/cmd/server std", (other("tool", Kind.PATH),
                                                  other("myapp/cmd/server", Kind.PATH),
                                                  other("std", Kind.PATH))),
        ("go install $PKG", (unknown("$PKG"),)),
        # pecl: channel/name-version, states, archives, descriptors, URLs
        ("pecl install redis", (pkg("redis"),)),
        ("pecl install redis-6.1.0 --phpize", (pkg("redis-6.1.0", "redis", "-", "6.1.0"),)),
        ("pecl install -f pecl_http-4.2.4", (pkg("pecl_http-4.2.4", "pecl_http", "-", "4.2.4"),)),
        ("pecl install pecl.php.net/redis-6",
         (pkg("pecl.php.net/redis-6", "redis", "-", "6"),)),
        ("pecl install channel://pecl.php.net/redis",
         (pkg("channel://pecl.php.net/redis", "redis"),)),
        ("pecl install redis-beta", (pkg("redis-beta", "redis"),)),
        ("pecl install 'redis-${V}'", (pkg("redis-${V}", "redis", "-", "${V}"),)),
        ("pecl install $EXT", (unknown("$EXT"),)),
        ("pecl install ./build/redis-6.1.0.tgz package.xml",
         (other("./build/redis-6.1.0.tgz", Kind.FILE), other("package.xml", Kind.FILE))),
        ("pecl install https://example.com/redis.tgz",
         (other("https://example.com/redis.tgz", Kind.URL),)),
        ("pecl install -D 'enable-redis-igbinary=\"yes\"' -R /root redis-6.1.0",
         (pkg("redis-6.1.0", "redis", "-", "6.1.0"),)),
        ("pecl -d php_suffix=8.3 install xdebug", (pkg("xdebug"),)),
        ("pecl update-channels", ()),
    ],
)  # fmt: skip
def test_gem_go_and_pecl_edges(script: str, args: tuple[PackageArg, ...]) -> None:
    assert _args(script) == args


@pytest.mark.parametrize(
    ("script", "action"),
    [("yarn", "install"), ("yarn --frozen-lockfile", "install"), ("yarn --version", ""),
     ("yarn -v", ""), ("pecl install redis", "install"), ("go run .", "run")],
)  # fmt: skip
def test_actions(script: str, action: str) -> None:
    assert _one(script).action == action


# --------------------------------------------------------------------------- rpm family


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("httpd", pkg("httpd")),
        ("httpd-2.4.57", pkg("httpd-2.4.57", "httpd", "-", "2.4.57")),
        ("httpd-2.4.6-97.el7", pkg("httpd-2.4.6-97.el7", "httpd", "-", "2.4.6-97.el7")),
        ("java-1.8.0-openjdk", pkg("java-1.8.0-openjdk")),
        ("python3-devel", pkg("python3-devel")),
        ("python3 >= 3.6", pkg("python3 >= 3.6", "python3", ">=", "3.6")),
        ("curl=8.0.1", pkg("curl=8.0.1", "curl", "=", "8.0.1")),
        ("@core", other("@core", Kind.GROUP, name="core")),
        ("/tmp/x-1.0.rpm", other("/tmp/x-1.0.rpm", Kind.FILE)),
        ("https://x.org/epel-release.noarch.rpm",
         other("https://x.org/epel-release.noarch.rpm", Kind.URL)),
        ("python${PY}-devel", unknown("python${PY}-devel")),
    ],
)  # fmt: skip
def test_rpm_words(word: str, expected: PackageArg) -> None:
    for tool in ("yum", "dnf", "microdnf", "zypper"):
        assert _args(f"{tool} install -y '{word}'") == (expected,), tool


def test_groups() -> None:
    assert _args("yum groupinstall -y 'Development Tools'") == (
        other("Development Tools", Kind.GROUP, name="Development Tools"),
    )
    assert _args("zypper in -t pattern devel_basis") == (
        other("devel_basis", Kind.GROUP, name="devel_basis"),
    )
    assert _args("dnf module install -y nodejs:20") == (
        other("nodejs:20", Kind.GROUP, name="nodejs:20"),
    )


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("word", "masked"),
    [
        ("curl", "curl"),
        ("curl=$V", "curl=\0\0"),
        ("a${B:-${C}}d", "a" + "\0" * 10 + "d"),
        ("x$(cat f)y", "x" + "\0" * 8 + "y"),
        ("`pwd`/x", "\0" * 5 + "/x"),
        ("$1$@", "\0" * 4),
        ("cost$", "cost$"),
        ("${unclosed", "\0" * 10),
    ],
)
def test_mask(word: str, masked: str) -> None:
    assert mask(word) == masked


def test_versioned() -> None:
    assert pkg("a=1", "a", "=", "1").versioned
    assert not pkg("a").versioned
    assert [a.word for a in _one("apt-get install a=1 b $C").packages] == ["a=1", "b"]
    assert [a.word for a in _one("apt-get install a=1 b $C").unknown] == ["$C"]


def test_linear_on_long_words() -> None:
    word = "${" * 20_000 + "x" + "[" * 20_000
    assert _args(f"pip install '{word}'")[0].kind is Kind.UNKNOWN
    assert len(_args("apt-get install " + " ".join(["a=1"] * 20_000))) == 20_000
