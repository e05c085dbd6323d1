"""DLM107 unpinned-model-download."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"
SHA = "0123456789abcdef0123456789abcdef01234567"


def df(*lines: str) -> str:
    """A Dockerfile from a slim Python base with WORKDIR /app (lines 1-2) and `lines`."""
    return HEAD + "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM107"])


def py(code: str) -> str:
    """A `RUN python -c` line (line 3 of `df`) running `code`, double-quoted."""
    return f'RUN python -c "{code}"'


TF = "from transformers import AutoModel; "
ST = "from sentence_transformers import SentenceTransformer; "
HUB = "from huggingface_hub import snapshot_download, hf_hub_download; "

CLI_CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("huggingface-cli download", df("RUN huggingface-cli download gpt2"), [("DLM107", 3)]),
    ("hf download", df("RUN hf download openai/whisper-tiny"), [("DLM107", 3)]),
    (
        "with files and --local-dir",
        df("RUN hf download org/m config.json model.safetensors --local-dir /models"),
        [("DLM107", 3)],
    ),
    ("--revision=main", df("RUN hf download org/m --revision=main"), [("DLM107", 3)]),
    ("--revision main", df("RUN huggingface-cli download org/m --revision main"), [("DLM107", 3)]),
    ("a tag", df("RUN hf download org/m --revision v1.0"), [("DLM107", 3)]),
    ("a short hash", df("RUN hf download org/m --revision 0123456"), [("DLM107", 3)]),
    ("a PR ref", df("RUN hf download org/m --revision refs/pr/1"), [("DLM107", 3)]),
    ("--revision=SHA", df(f"RUN hf download org/m --revision={SHA}"), []),
    (
        "--revision SHA",
        df(f"RUN huggingface-cli download org/m --revision {SHA} --local-dir /m"),
        [],
    ),
    ("upper-case SHA", df(f"RUN hf download org/m --revision {SHA.upper()}"), []),
    (
        "--revision before the repo",
        df(f"RUN hf download --revision {SHA} --repo-type dataset org/d"),
        [],
    ),
    ("repo after options", df("RUN hf download --repo-type dataset org/d"), [("DLM107", 3)]),
    ("ARG commit", df(f"ARG REV={SHA}", "RUN hf download org/m --revision $REV"), []),
    ("ARG branch", df("ARG REV=main", "RUN hf download org/m --revision ${REV}"), [("DLM107", 4)]),
    ("ARG without default", df("ARG REV", "RUN hf download org/m --revision $REV"), []),
    ("unset variable", df("RUN hf download org/m --revision=$REV"), []),
    ("ENV commit", df(f"ENV MODEL_REV={SHA}", 'RUN hf download org/m --revision "$MODEL_REV"'), []),
    (
        "ENV branch in a parent stage",
        "FROM python:3.12-slim AS base\nENV REV=main\nFROM base\n"
        "RUN hf download org/m --revision $REV\n",
        [("DLM107", 4)],
    ),
    (
        "ARG commit of a global ARG redeclared",
        f"ARG REV={SHA}\nFROM python:3.12-slim\nARG REV\nRUN hf download org/m --revision $REV\n",
        [],
    ),
    (
        "exported in the script",
        df(f"RUN export REV={SHA} && hf download org/m --revision $REV"),
        [],
    ),
    ("variable repo", df("ARG MODEL", "RUN hf download $MODEL --local-dir /m"), [("DLM107", 4)]),
    ("through sh -c", df("RUN sh -c 'hf download org/m'"), [("DLM107", 3)]),
    ("through uvx", df("RUN uvx hf download org/m"), [("DLM107", 3)]),
    (
        "in a list",
        df("RUN pip install huggingface_hub && hf download org/m && ls"),
        [("DLM107", 3)],
    ),
    ("exec form", df('RUN ["huggingface-cli", "download", "org/m"]'), [("DLM107", 3)]),
    ("heredoc script", df("RUN <<EOF", "set -e", "hf download org/m", "EOF"), [("DLM107", 3)]),
    ("ONBUILD", df("ONBUILD RUN hf download org/m"), [("DLM107", 3)]),
    ("once per RUN", df("RUN hf download a/b && hf download c/d"), [("DLM107", 3)]),
    ("login", df("RUN huggingface-cli login --token $HF_TOKEN"), []),
    ("upload", df("RUN hf upload org/m ./out"), []),
    ("CMD", df('CMD ["hf", "download", "org/m"]'), []),
    ("download with no repo", df("RUN hf download --help"), []),
]

PYTHON_CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    (
        "from_pretrained",
        df(py(TF + "AutoModel.from_pretrained('bert-base-uncased')")),
        [("DLM107", 3)],
    ),
    (
        "revision main",
        df(py(TF + "AutoModel.from_pretrained('org/m', revision='main')")),
        [("DLM107", 3)],
    ),
    (
        "revision tag",
        df(py(TF + "AutoModel.from_pretrained('org/m', revision='v2.0')")),
        [("DLM107", 3)],
    ),
    (
        "revision None",
        df(py(TF + "AutoModel.from_pretrained('org/m', revision=None)")),
        [("DLM107", 3)],
    ),
    ("revision commit", df(py(TF + f"AutoModel.from_pretrained('org/m', revision='{SHA}')")), []),
    (
        "revision computed",
        df(py("import os; " + TF + "AutoModel.from_pretrained('org/m', revision=os.environ['R'])")),
        [],
    ),
    (
        "revision from ARG commit",
        df(f"ARG R={SHA}", py(TF + "AutoModel.from_pretrained('org/m', revision='$R')")),
        [],
    ),
    (
        "revision from ARG branch",
        df("ARG R=main", py(TF + "AutoModel.from_pretrained('org/m', revision='${R}')")),
        [("DLM107", 4)],
    ),
    ("revision unresolvable", df(py(TF + "AutoModel.from_pretrained('org/m', revision='$R')")), []),
    (
        "repo keyword",
        df(py(TF + "AutoModel.from_pretrained(pretrained_model_name_or_path='org/m')")),
        [("DLM107", 3)],
    ),
    ("absolute path", df(py(TF + "AutoModel.from_pretrained('/models/bert')")), []),
    ("./ path", df(py(TF + "AutoModel.from_pretrained('./bert')")), []),
    ("../ path", df(py(TF + "AutoModel.from_pretrained('../bert')")), []),
    ("~ path", df(py(TF + "AutoModel.from_pretrained('~/bert')")), []),
    ("dot", df(py(TF + "AutoModel.from_pretrained('.')")), []),
    ("not a hub id", df(py(TF + "AutoModel.from_pretrained('a/b/c')")), []),
    (
        "non-literal repo",
        df(py("import os; " + TF + "AutoModel.from_pretrained(os.environ['M'])")),
        [],
    ),
    ("variable repo unresolved", df(py(TF + "AutoModel.from_pretrained('$MODEL')")), []),
    (
        "variable repo resolved",
        df("ARG MODEL=org/m", py(TF + "AutoModel.from_pretrained('$MODEL')")),
        [("DLM107", 4)],
    ),
    (
        "variable repo in exec form",
        df('RUN ["python", "-c", "' + TF + "AutoModel.from_pretrained('$M')" + '"]'),
        [],
    ),
    (
        "copied directory",
        df("COPY models/ ./models/", py(TF + "AutoModel.from_pretrained('models/bert')")),
        [],
    ),
    (
        "uncopied org",
        df("COPY app.py ./", py(TF + "AutoModel.from_pretrained('google/bert')")),
        [("DLM107", 4)],
    ),
    (
        "directory made by an earlier RUN",
        df("RUN mkdir -p models/bert", py(TF + "AutoModel.from_pretrained('models/bert')")),
        [],
    ),
    (
        "directory filled by an earlier download",
        df(
            f"RUN hf download org/m --revision {SHA} --local-dir ./weights/m",
            py(TF + "AutoModel.from_pretrained('weights/m')"),
        ),
        [],
    ),
    (
        "a later RUN does not count",
        df(py(TF + "AutoModel.from_pretrained('models/bert')"), "RUN mkdir -p models/bert"),
        [("DLM107", 3)],
    ),
    (
        "local_files_only",
        df(py(TF + "AutoModel.from_pretrained('org/m', local_files_only=True)")),
        [],
    ),
    (
        "local_files_only False",
        df(py(TF + "AutoModel.from_pretrained('org/m', local_files_only=False)")),
        [("DLM107", 3)],
    ),
    (
        "HF_HUB_OFFLINE in ENV",
        df("ENV HF_HUB_OFFLINE=1", py(TF + "AutoModel.from_pretrained('org/m')")),
        [],
    ),
    (
        "TRANSFORMERS_OFFLINE in the command",
        df('RUN TRANSFORMERS_OFFLINE=1 python -c "' + TF + "AutoModel.from_pretrained('org/m')\""),
        [],
    ),
    (
        "HF_HUB_OFFLINE=0",
        df("ENV HF_HUB_OFFLINE=0", py(TF + "AutoModel.from_pretrained('org/m')")),
        [("DLM107", 4)],
    ),
    ("**kwargs", df(py(TF + "kw = {}; AutoModel.from_pretrained('org/m', **kw)")), []),
    (
        "tokenizer",
        df(py("from transformers import AutoTokenizer as T; T.from_pretrained('gpt2')")),
        [("DLM107", 3)],
    ),
    (
        "module import",
        df(
            py(
                "import transformers; transformers.pipeline; "
                "transformers.AutoModel.from_pretrained('gpt2')"
            )
        ),
        [("DLM107", 3)],
    ),
    (
        "sentence-transformers",
        df(
            py(
                "from sentence_transformers import SentenceTransformer as S; "
                "S.from_pretrained('org/m')"
            )
        ),
        [("DLM107", 3)],
    ),
    (
        "diffusers",
        df(
            py(
                "from diffusers import DiffusionPipeline; "
                "DiffusionPipeline.from_pretrained('org/sd')"
            )
        ),
        [("DLM107", 3)],
    ),
    (
        "star import",
        df(py("from transformers import *; AutoModel.from_pretrained('gpt2')")),
        [("DLM107", 3)],
    ),
    (
        "not the hub's from_pretrained",
        df(
            py(
                "from efficientnet_pytorch import EfficientNet; "
                "EfficientNet.from_pretrained('efficientnet-b0')"
            )
        ),
        [],
    ),
    ("unbound receiver", df(py("AutoModel.from_pretrained('gpt2')")), []),
    (
        "SentenceTransformer",
        df(py(ST + "SentenceTransformer('sentence-transformers/all-MiniLM-L6-v2')")),
        [("DLM107", 3)],
    ),
    (
        "SentenceTransformer bare name",
        df(py(ST + "SentenceTransformer('all-MiniLM-L6-v2')")),
        [("DLM107", 3)],
    ),
    (
        "SentenceTransformer keyword",
        df(py(ST + "SentenceTransformer(model_name_or_path='org/m', device='cpu')")),
        [("DLM107", 3)],
    ),
    (
        "SentenceTransformer branch",
        df(py(ST + "SentenceTransformer('org/m', revision='main')")),
        [("DLM107", 3)],
    ),
    (
        "SentenceTransformer commit",
        df(py(ST + f"SentenceTransformer('org/m', revision='{SHA}')")),
        [],
    ),
    (
        "SentenceTransformer alias",
        df(py("from sentence_transformers import SentenceTransformer as S; S('org/m')")),
        [("DLM107", 3)],
    ),
    (
        "SentenceTransformer module",
        df(py("import sentence_transformers as st; st.SentenceTransformer('org/m')")),
        [("DLM107", 3)],
    ),
    (
        "SentenceTransformer star import",
        df(py("from sentence_transformers import *; SentenceTransformer('org/m')")),
        [("DLM107", 3)],
    ),
    ("SentenceTransformer local", df(py(ST + "SentenceTransformer('/models/st')")), []),
    (
        "SentenceTransformer many positional",
        df(py(ST + "SentenceTransformer('org/m', None, 'cpu', None)")),
        [],
    ),
    (
        "another SentenceTransformer",
        df(py("from mylib import SentenceTransformer; SentenceTransformer('org/m')")),
        [],
    ),
    (
        "hub function alias",
        df(py("from huggingface_hub import snapshot_download as sd; sd('org/m')")),
        [("DLM107", 3)],
    ),
    (
        "snapshot_download",
        df(py(HUB + "snapshot_download(repo_id='org/d', repo_type='dataset', local_dir='/d')")),
        [("DLM107", 3)],
    ),
    ("snapshot_download positional", df(py(HUB + "snapshot_download('org/m')")), [("DLM107", 3)]),
    (
        "snapshot_download commit",
        df(py(HUB + f"snapshot_download('org/m', revision='{SHA}', local_dir='/m')")),
        [],
    ),
    (
        "snapshot_download old positional revision",
        df(py(HUB + "snapshot_download('org/m', 'main')")),
        [],
    ),
    ("hf_hub_download", df(py(HUB + "hf_hub_download('org/m', 'model.bin')")), [("DLM107", 3)]),
    (
        "hf_hub_download keywords",
        df(py(HUB + "hf_hub_download(repo_id='org/m', filename='f', revision='main')")),
        [("DLM107", 3)],
    ),
    (
        "hf_hub_download commit",
        df(py(HUB + f"hf_hub_download(repo_id='org/m', filename='f', revision='{SHA}')")),
        [],
    ),
    (
        "huggingface_hub module",
        df(py("import huggingface_hub as h; h.snapshot_download('org/m')")),
        [("DLM107", 3)],
    ),
    (
        "modelscope's snapshot_download",
        df(py("from modelscope import snapshot_download; snapshot_download('org/m')")),
        [],
    ),
    (
        "python3.11",
        df('RUN python3.11 -c "' + HUB + "snapshot_download('org/m')\""),
        [("DLM107", 3)],
    ),
    (
        "sh -c",
        df("RUN sh -c \"python3 -c '" + HUB + 'snapshot_download(\\"org/m\\")\'"'),
        [("DLM107", 3)],
    ),
    (
        "exec form",
        df('RUN ["python3", "-c", "' + HUB + "snapshot_download('org/m')" + '"]'),
        [("DLM107", 3)],
    ),
    (
        "continuation lines",
        df('RUN python -c "\\', HUB + "\\", "snapshot_download('org/m')\""),
        [("DLM107", 3)],
    ),
    (
        "python3 - <<EOF",
        df("RUN python3 - <<EOF", HUB.rstrip("; "), "snapshot_download('org/m')", "EOF"),
        [("DLM107", 3)],
    ),
    (
        "<<EOF python3",
        df(
            "RUN <<'EOF' python3",
            HUB.rstrip("; "),
            "for f in ('a', 'b'):",
            "    hf_hub_download('org/m', f)",
            "EOF",
        ),
        [("DLM107", 3)],
    ),
    (
        "heredoc commit",
        df(
            "RUN python3 <<EOF",
            HUB.rstrip("; "),
            f"snapshot_download('org/m', revision='{SHA}')",
            "EOF",
        ),
        [],
    ),
    (
        "heredoc written, not run",
        df("RUN cat > dl.py <<EOF", HUB.rstrip("; "), "snapshot_download('org/m')", "EOF"),
        [],
    ),
    (
        "CLI and python in one RUN",
        df('RUN hf download a/b && python -c "' + HUB + "snapshot_download('c/d')\""),
        [("DLM107", 3)],
    ),
    ("syntax error", df(py(HUB + "snapshot_download('org/m'")), []),
    ("CMD", df('CMD python -c "' + HUB + "snapshot_download('org/m')\""), []),
    ("ONBUILD", df("ONBUILD " + py(HUB + "snapshot_download('org/m')")), [("DLM107", 3)]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES]
)
def test_cli(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in PYTHON_CASES], ids=[c[0] for c in PYTHON_CASES]
)
def test_python(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_cli_message_and_fix() -> None:
    [f] = findings(df("RUN huggingface-cli download org/m --local-dir /m"), select=["DLM107"])
    assert f.message == (
        "`huggingface-cli download` fetches `org/m` from the Hub without a commit pin: rebuilds "
        "may get other files."
    )
    assert f.fix == (
        "Pin a commit: `--revision <40-character commit sha>` (the repository's history on the "
        "Hub lists them)."
    )
    assert f.severity.label == "warning"


def test_branch_message_shows_the_resolved_revision() -> None:
    [f] = findings(df("ARG REV=v1.0", "RUN hf download org/m --revision=$REV"), select=["DLM107"])
    assert f.message == (
        "`hf download` fetches `org/m` at `v1.0`, a branch or tag that moves: rebuilds may get "
        "other files."
    )


def test_python_message_counts_the_other_downloads() -> None:
    text = df(
        "RUN python3 - <<EOF",
        "from huggingface_hub import hf_hub_download",
        "hf_hub_download('org/m', 'a.bin')",
        "hf_hub_download('org/m', 'b.bin', revision='main')",
        f"hf_hub_download('org/m', 'c.bin', revision='{SHA}')",
        "EOF",
    )
    [f] = findings(text, select=["DLM107"])
    assert f.message == (
        "`hf_hub_download()` fetches `org/m` from the Hub without a commit pin: rebuilds may "
        "get other files (1 more unpinned download in this RUN)."
    )
    assert f.fix == (
        'Pin a commit: `revision="<40-character commit sha>"` (the repository\'s history on the '
        "Hub lists them)."
    )
