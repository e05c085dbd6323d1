"""Lint command-line paths: discovery, configuration, reading, parsing, the engine, then
suppression (pragmas, per-file-ignores, severity overrides, baseline); problems collected.

`run()` is what `dockerlint-ml PATHS` and `dockerlint_ml.lint_paths` call. It never prints
and never raises for a bad input: every path that cannot be linted becomes a `Problem`, and
the other paths are still linted. Bad arguments raise `UsageError`, and a configuration or
baseline file that cannot be used raises `SetupError`, both before anything is read. The
caller renders `RunResult.files` and prints `RunResult.problems`, then exits with
`RunResult.exit_code()` (each file's own fail-on).
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, BinaryIO

from dockerlint_ml.run.results import (
    INTERNAL,
    PLUGIN,
    FileReport,
    Problem,
    RunResult,
    SetupError,
    UsageError,
)

if TYPE_CHECKING:
    from dockerlint_ml.dockerfile.model import Dockerfile, Finding
    from dockerlint_ml.engine.registry import Registry
    from dockerlint_ml.engine.rule import Context, Rule
    from dockerlint_ml.facts.context import BuildContext
    from dockerlint_ml.run.config import Config, Settings
    from dockerlint_ml.run.discovery import Target
    from dockerlint_ml.run.fixing import FixMode
    from dockerlint_ml.run.pragmas import CheckOptions
    from dockerlint_ml.run.shellcheck_jobs import FileScripts
    from dockerlint_ml.run.sources import Source


# Files read and parsed before their scripts go to ShellCheck together: enough for full
# batches on every core, few enough that memory stays bounded on a huge tree.
CHUNK_FILES = 256


@dataclass(slots=True)
class _Prepared:
    """One input read, parsed and given its rules, waiting for ShellCheck and the engine."""

    target: Target
    display: str
    cfg: Config
    settings: Settings
    dockerfile: Dockerfile
    checks: CheckOptions
    rules: list[Rule]
    codes: Collection[str]
    ctx: Context
    scripts: FileScripts | None
    where: str | None
    source: Source


def check_selectors(registry: Registry, selectors: Mapping[str, Sequence[str] | None]) -> None:
    """Raise UsageError naming the first option (`select`, `extend_select`, ...) that holds
    an empty selector (`--select ''`, `--select A,`), or selectors matching no rule."""
    for option, given in selectors.items():
        flag = option.replace("_", "-")
        if any(not s.strip() for s in given or []):
            raise UsageError(f"empty rule selector in --{flag}")
        unknown = registry.unknown(given or [], ignoring=option == "ignore")
        if unknown:
            from dockerlint_ml.run.config import suggest_rule

            names = ", ".join(repr(s) for s in unknown)
            hint = suggest_rule(registry, unknown[0]) if len(unknown) == 1 else ""
            raise UsageError(f"unknown rule selector in --{flag}: {names}{hint}")


def _root_of(display: str, roots: Sequence[str]) -> str | None:
    """The searched directory a discovered file came from (the longest that prefixes it)."""
    best: str | None = None
    for root in roots:
        below = display.startswith(root) and (
            root.endswith(os.sep) or display[len(root) : len(root) + 1] == os.sep
        )
        if below and (best is None or len(root) > len(best)):
            best = root
    return best


def _rule_failure(display: str, error: str, registry: Registry) -> Problem:
    """The problem for a rule that failed on a file: a bug of ours to report, or of the
    plugin that brought the rule (its authors are the ones to tell)."""
    rule = registry.by_code(error.split(" ", 1)[0])
    if rule is None or rule.__module__.split(".", 1)[0] == "dockerlint_ml":
        return Problem(display, f"internal error: {error}", INTERNAL)
    where = rule.__module__.split(".", 1)[0]
    return Problem(
        display, f"plugin rule failed: {error}; report it to the authors of {where!r}", PLUGIN
    )


def _fixable_only(finding: Finding, settings: Settings, dockerfile: Dockerfile) -> Finding:
    """The finding without its fix when the configuration marks its code unfixable or a
    parse error (DLM000) is on its instruction: a fix there would edit what was misread."""
    if finding.autofix is None:
        return finding
    anchor = finding.anchor
    broken = any(anchor.line <= e.line <= anchor.end_line for e in dockerfile.errors)
    if broken or not settings.fixable(finding.code):
        return replace(finding, autofix=None)
    return finding


def _build_context(
    path: str | None,
    dockerfile: Dockerfile,
    config: Config,
    context: str | None,
    no_context: bool,
) -> BuildContext | None:
    """The build context of one input (`path` None: standard input), or None."""
    from dockerlint_ml.facts.context import BuildContext, detect_context

    if no_context:
        return None
    if context is not None:
        return BuildContext(context, path)
    if path is None or config.no_context:
        return None  # standard input is placed only by --context
    configured = config.context_for(path)
    if configured is not None:
        return BuildContext(configured, path)
    return detect_context(path, dockerfile)


def run(
    paths: Sequence[str] = (),
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    fail_on: str | None = None,
    config: str | None = None,
    isolated: bool = False,
    force_exclude: bool = False,
    pragmas: bool = True,
    baseline: str | None = None,
    write_baseline: str | None = None,
    stdin_filename: str | None = None,
    stdin: BinaryIO | None = None,
    plugins: bool = True,
    max_file_size: int | None = None,
    trusted_registries: Iterable[str] = (),
    require_labels: Mapping[str, str] | None = None,
    cache: bool = True,
    as_of: datetime.date | None = None,
    context: str | None = None,
    no_context: bool = False,
    fix: FixMode | None = None,
) -> RunResult:
    """Lint files, directories and standard input as `dockerlint-ml PATHS` does.

    - `paths`: files, directories (searched for Dockerfiles, see `discovery`) and `-` for
      standard input. Empty means `./Dockerfile`, or standard input when `stdin_filename`
      is given.
    - `select` / `extend_select` / `ignore`: rule selectors (codes, names, code prefixes,
      peer aliases or ALL), layered over the configuration file's as `dockerlint_ml.run.config`
      describes; ignore wins. An empty or unknown selector raises `UsageError` naming the
      option, before anything is read.
    - `options`: a rule's code or name -> its options, e.g. `{"DLM001": {"pin": "digest"}}`,
      over the configuration's; a value a rule refuses raises `UsageError`.
    - `fail_on`: error, warning, info, style or never; replaces each file's configured
      fail-on (the default of `RunResult.exit_code`).
    - `config`: one configuration file for every input (a `.yaml`/`.yml` one is hadolint's,
      read in drop-in mode); `isolated`: no configuration file at all; otherwise each file
      gets the nearest one (`dockerlint_ml.run.config`), and a file no configuration applies
      to gets hadolint's when there is one (`dockerlint_ml.run.hadolint_config`). A
      configuration that cannot be used raises `config.ConfigError` before anything is read.
    - `trusted_registries`, `require_labels` (label -> type): added to the shared options
      `trusted-registries` and `label-schema` (hadolint's `--trusted-registry` and
      `--require-label`).
    - `force_exclude`: apply `exclude` to paths named explicitly too (and to stdin's name).
    - `pragmas`: honour inline `# dockerlint-ml ignore=...` comments (and the peers').
    - `baseline`: report only findings not recorded in this baseline file (a file that
      cannot be read raises `baseline.BaselineError`); `write_baseline`: record the
      findings (after pragmas and configuration, before any baseline filter) in this file.
    - `stdin_filename`: the name standard input gets in reports (default `-`); it also
      places stdin for configuration discovery and globs.
    - `stdin`: a binary stream to read instead of `sys.stdin.buffer`.
    - `plugins`: load third-party rules from the `dockerlint_ml.rules` entry points.
    - `cache`: answer ShellCheck from the cache in the user's cache directory
      (`DOCKERLINT_ML_CACHE_DIR`, else platformdirs') and fill it; False: `--no-cache`.
    - `as_of`: the reference date of date-dependent rules, over the configuration's `as-of`
      (default today).
    - `context`: the build context directory of every input (standard input too), over the
      configuration's `context` / `contexts`; `no_context`: no context at all (the context
      rules are silent). Otherwise each file gets its configured context, else its own
      directory when that looks like one (`facts.context.detect_context`); standard input
      has none. A `context` that is no directory raises `SetupError`.
    - `max_file_size`: the size limit in bytes of each input and of the baseline (default
      `sources.DEFAULT_MAX_FILE_SIZE`); a larger input is a problem, a larger baseline a
      `SetupError`.

    - `fix`: apply the fixes of the reported findings (`run.fixing`): safe ones, unsafe ones
      too with `FixMode.unsafe`, never those of a finding silenced by a pragma, an ignore,
      the baseline or an `unfixable` selector, nor of one on an instruction with a parse
      error; then lint again, at most `fixing.MAX_ROUNDS` times. Each FileReport then holds
      the findings of the fixed text, `original` and `fixed` texts and the `applied` fixes;
      with `FixMode.write` the fixed files are written (standard input never is).

    Per file, after the engine: pragmas (on the raw findings, so that unused-suppression is
    exact), then per-file-ignores, then severity overrides, then the baseline filter.

    Every path that cannot be linted, every plugin that failed to load and every internal
    error (a rule that raised: DLM999) becomes a `Problem`; the other paths are still linted.
    Fresh rule instances are created for each file.
    """
    from dockerlint_ml.dockerfile.parser import parse
    from dockerlint_ml.engine.lint import (
        UnbuiltRule,
        drop_subsumed,
        drop_superseded,
        error_message,
        lint,
        make_rule,
    )
    from dockerlint_ml.engine.registry import SHELLCHECK_CODE, load_registry
    from dockerlint_ml.engine.rule import Context
    from dockerlint_ml.run.config import (
        FAIL_ON,
        Config,
        ConfigFinder,
        Overrides,
        cli_shared_options,
        resolve,
    )
    from dockerlint_ml.run.discovery import Problem as PathProblem
    from dockerlint_ml.run.discovery import discover
    from dockerlint_ml.run.hadolint_config import starting_configs
    from dockerlint_ml.run.shellcheck import ShellCheckUnavailable
    from dockerlint_ml.run.shellcheck_jobs import ShellCheckRun
    from dockerlint_ml.run.sources import SourceError, read_path, read_stdin

    started = time.perf_counter()
    select = list(select) if select is not None else None
    ignore = list(ignore) if ignore is not None else None
    extend_select = list(extend_select) if extend_select is not None else None
    registry = load_registry(plugins=plugins)
    check_selectors(registry, {"select": select, "extend_select": extend_select, "ignore": ignore})
    if fail_on is not None and fail_on.strip().lower() not in FAIL_ON:
        raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, got {fail_on!r}")
    if config is not None and isolated:
        raise UsageError("--config and --isolated cannot be used together")
    if context is not None and no_context:
        raise UsageError("--context and --no-context cannot be used together")
    if context is not None and not os.path.isdir(context):
        reason = "not a directory" if os.path.exists(context) else "no such directory"
        raise SetupError(f"{context}: cannot use as the build context: {reason}")
    if options:
        for rule_cls in registry.rules:
            given = options.get(rule_cls.code) or options.get(rule_cls.name)
            if given:
                built = make_rule(rule_cls, given)  # a plugin's SystemExit included
                if isinstance(built, UnbuiltRule):
                    raise UsageError(
                        f"invalid options for rule {rule_cls.code} {rule_cls.name}:"
                        f" {error_message(built.error)}"
                    )
    overrides = Overrides(
        select=tuple(select) if select is not None else None,
        extend_select=tuple(extend_select or ()),
        ignore=tuple(ignore or ()),
        fail_on=fail_on.strip().lower() if fail_on is not None else None,
        options=options,
        shared_options=cli_shared_options(registry, trusted_registries, require_labels),
    )
    fixed, fallback = starting_configs(config, isolated, registry, max_bytes=max_file_size)
    finder = ConfigFinder(registry, max_bytes=max_file_size, fallback=fallback)

    loaded_baseline = None
    if baseline is not None:
        from dockerlint_ml.run.baseline import BaselineError, load_baseline

        try:
            loaded_baseline = load_baseline(baseline, max_file_size)
        except BaselineError as exc:
            raise SetupError(str(exc)) from None
    from dockerlint_ml.run.pragmas import (
        apply_pragmas,
        check_options,
        checks_as_errors,
        experimental_rules,
    )

    result = RunResult()
    result.problems.extend(Problem(None, error, PLUGIN) for error in registry.errors)

    if not paths:
        paths = ["-"] if stdin_filename is not None else ["Dockerfile"]
    explicit = {p for p in paths if p != "-" and not os.path.isdir(p)}
    roots = [p for p in paths if p != "-" and os.path.isdir(p)]

    # The configuration of every input first: a bad one stops the run before anything is read.
    planned: list[PathProblem | tuple[Target, str, Config]] = []
    for target in discover(paths).items:
        if isinstance(target, PathProblem):
            planned.append(target)
            continue
        display = target.display
        if target.is_stdin and stdin_filename is not None:
            display = stdin_filename
        if target.path is not None:
            where = target.path
        elif stdin_filename is not None:
            where = stdin_filename
        else:
            where = None
        if fixed is not None:
            cfg = fixed
        else:
            start = os.path.dirname(os.path.abspath(where)) if where is not None else os.getcwd()
            cfg = finder.config_for(start)
        if where is not None:
            if target.is_stdin or display in explicit or force_exclude:
                skip = force_exclude and cfg.excluded(where) is not None
            else:
                skip = cfg.excluded(where, below=_root_of(target.display, roots)) is not None
            if skip:
                continue
        planned.append((target, display, cfg))

    settings_by_config: dict[int, Settings] = {}

    def settings_for(cfg: Config) -> Settings:
        found = settings_by_config.get(id(cfg))
        if found is None:
            found = resolve(cfg, registry, overrides)
            settings_by_config[id(cfg)] = found
        return found

    to_write: list[FileReport] = []
    shellcheck = ShellCheckRun(cache=cache)
    shellcheck_said: set[str] = set()  # the missing-ShellCheck line, once per run
    shellcheck_ran = False

    def prepare(
        item: PathProblem | tuple[Target, str, Config], fixed: Source | None = None
    ) -> _Prepared | None:
        """Read and parse one input (or, `fixed`, a fixed text of it), choose its rules,
        and gather its scripts for ShellCheck; None when it cannot be linted (its problem is
        recorded)."""
        nonlocal shellcheck_ran
        if isinstance(item, PathProblem):
            result.problems.append(Problem(item.path, item.reason))
            return None
        target, display, cfg = item
        settings = settings_for(cfg)
        try:
            if fixed is not None:
                source = fixed
            elif target.path is None:
                source = read_stdin(display, stdin, max_bytes=max_file_size)
            else:
                source = read_path(target.path, display, max_bytes=max_file_size)
        except SourceError as exc:
            result.problems.append(Problem(exc.path, exc.reason))
            return None
        where = target.path if target.path is not None else stdin_filename
        try:
            dockerfile = parse(source.text, display, invalid_utf8=source.invalid_utf8)
            checks = check_options(dockerfile)
            rules = settings.make_rules()
            codes: Collection[str] = settings.codes
            extra = experimental_rules(checks, registry, settings.unwanted)
            extra = [r for r in extra if r.code not in settings.codes]
            if extra:  # `# check=experimental=...` selects those checks for this file
                rules += [make_rule(r, settings.options.get(r.code)) for r in extra]
                codes = {*codes, *(r.code for r in extra)}
            ctx = Context(dockerfile, settings.config.images, as_of=as_of or settings.config.as_of)
            if any(r.needs_context or r.reads_context for r in rules):
                # Only a selected context rule makes the directory worth looking at.
                ctx.build_context = _build_context(
                    target.path, dockerfile, settings.config, context, no_context
                )
            scripts = None
            if SHELLCHECK_CODE in codes:
                configured = settings.config.shellcheck_path
                if configured is not None and config is None:
                    # A configuration found beside the linted files is the repository's:
                    # it must not make the linter run a program of its choosing.
                    said = (
                        f"{settings.config.path}: 'shellcheck-path' is used only from a file"
                        " named by --config; the installed ShellCheck runs instead"
                    )
                    if said not in shellcheck_said:
                        shellcheck_said.add(said)
                        result.notices.append(said)
                    configured = None
                try:
                    service = shellcheck.service(configured)
                except ShellCheckUnavailable as exc:
                    # Without ShellCheck the SC rule cannot run: the rest of the file is
                    # linted, and pragmas naming SC codes are not judged (DLM901).
                    rules = [r for r in rules if r.code != SHELLCHECK_CODE]
                    codes = [c for c in codes if c != SHELLCHECK_CODE]
                    explicit = configured is not None or settings.names_family(SHELLCHECK_CODE)
                    said = f"{exc.reason}: {'error' if explicit else 'notice'}"
                    if said not in shellcheck_said:
                        shellcheck_said.add(said)
                        if explicit:
                            result.problems.append(
                                Problem(None, f"{exc.reason}, and the SC rules are selected")
                            )
                        else:
                            result.notices.append(
                                f"{exc.reason}: the SC rules (ShellCheck inside RUN) are skipped"
                            )
                else:
                    shellcheck_ran = True
                    scripts = shellcheck.gather(service, ctx, display, shellcheck.rcfile(where))
                    ctx.shellcheck = scripts.checker()
        except Exception as exc:  # the parser must never raise; if it does, go on
            detail = f"{type(exc).__name__}: {exc}"
            result.problems.append(Problem(display, f"internal error: {detail}", INTERNAL))
            return None
        return _Prepared(
            target,
            display,
            cfg,
            settings,
            dockerfile,
            checks,
            rules,
            codes,
            ctx,
            scripts,
            where,
            source,
        )

    def judge(p: _Prepared, problems: list[Problem]) -> FileReport | None:
        """Lint one prepared input, then its suppressions, ignores, levels and the baseline;
        None when the engine failed. Problems go to `problems`."""
        display, cfg, settings, dockerfile = p.display, p.cfg, p.settings, p.dockerfile
        try:
            linted = lint(dockerfile, p.rules, settings.config.images, context=p.ctx)
            findings = linted.findings
            if settings.families:
                findings = [f for f in findings if settings.keeps(f.code)]
            findings = drop_superseded(findings, registry.superseders())
            honour = pragmas and cfg.pragmas
            selected = settings.selected_codes(p.codes)
            findings = apply_pragmas(dockerfile, findings, registry, selected, honour)
            if p.checks.error:
                findings = checks_as_errors(findings)
            findings = [f if f.path == display else replace(f, path=display) for f in findings]
            selectors = list(cfg.ignored)  # hadolint's `ignored`, for every file
            if p.where is not None:
                selectors += [s for _, group in cfg.file_ignores(p.where) for s in group]
            if selectors:
                dropped = settings.ignored_codes(selectors)
                findings = [f for f in findings if f.code not in dropped]
            findings = drop_subsumed(findings)
            if settings.severity:
                relevelled = []
                for f in findings:
                    level = settings.level_of(f.code)
                    relevelled.append(
                        f if level is None or level == f.severity else replace(f, severity=level)
                    )
                findings = relevelled
        except Exception as exc:  # the engine must never raise; if it does, go on
            detail = f"{type(exc).__name__}: {exc}"
            problems.append(Problem(display, f"internal error: {detail}", INTERNAL))
            return None
        problems.extend(_rule_failure(display, error, registry) for error in linted.internal_errors)
        failed = p.scripts.failure() if p.scripts is not None else None
        if failed is not None:
            problems.append(Problem(display, f"ShellCheck failed: {failed}"))
        findings = [_fixable_only(f, settings, dockerfile) for f in findings]
        report = FileReport(display, findings, dockerfile, settings.fail_on)
        report.recorded = list(findings)
        report.from_stdin = p.target.is_stdin
        if loaded_baseline is not None:
            report.findings = loaded_baseline.filter(report)
        return report

    def finish(p: _Prepared) -> None:
        problems: list[Problem] = []
        report = judge(p, problems)
        if report is not None and fix is not None:
            report = fixed_report(p, report, problems)
        result.problems.extend(problems)
        if report is None:
            return
        if write_baseline is not None:
            to_write.append(
                FileReport(report.path, report.recorded, report.dockerfile, report.fail_on)
            )
        result.files.append(report)

    def fixed_report(p: _Prepared, report: FileReport, problems: list[Problem]) -> FileReport:
        """Apply the fixes of the file's reported findings, round after round, and write the
        result; the report of the fixed text (the original's when nothing could be
        written), with what was applied."""
        assert fix is not None
        from dockerlint_ml.run.fixing import (
            MAX_ROUNDS,
            FixWriteError,
            apply_edits,
            choose,
            fixes_of,
            write_fixed,
        )

        original = p.source.text
        report.original = original
        if p.source.bad_utf8 is not None:
            return report  # the text holds U+FFFD where the bytes were: never written back
        first, text, current = report, original, report
        last_problems = problems
        applied: list[Finding] = []
        errors = len(p.dockerfile.errors)
        for _ in range(MAX_ROUNDS):
            wanted = {id(f.autofix): f for f in current.findings if f.autofix is not None}
            chosen = choose(text, fixes_of(current.findings, fix))
            if not chosen:
                break
            new_text = apply_edits(text, [e for c in chosen for e in c.edits])
            if new_text == text:
                break  # edits that write what is there: nothing more to do
            again = prepare((p.target, p.display, p.cfg), replace(p.source, text=new_text))
            if again is None:
                break  # its problem is recorded; the last good text stands
            if len(again.dockerfile.errors) > errors:
                # A fix that breaks the parse is a bug of that rule: keep the last good text.
                result.notices.append(f"{p.display}: a fix left the file unparsable; not applied")
                break
            if again.scripts is not None:
                shellcheck.check([again.scripts])
            round_problems: list[Problem] = []
            relinted = judge(again, round_problems)
            if relinted is None:
                problems.extend(round_problems)
                break
            applied += [wanted[id(c)] for c in chosen]
            text, current, p, last_problems = new_text, relinted, again, round_problems
        else:
            if choose(text, fixes_of(current.findings, fix)):
                result.notices.append(
                    f"{p.display}: fixes did not converge after {MAX_ROUNDS} rounds;"
                    " the findings left are reported"
                )
        if current is not first:
            problems[:] = last_problems
        current.original, current.applied = original, applied
        current.fixed = text if text != original else None
        if current.fixed is not None and fix.write and p.target.path is not None:
            try:
                write_fixed(p.target.path, original.encode("utf-8"), text)
            except FixWriteError as exc:
                problems.append(Problem(p.display, str(exc)))
                first.original = original
                return first
        return current

    # Files go in chunks: each chunk's scripts are checked by ShellCheck in shared batches
    # (a process per script would cost ~100 ms each), then its files are linted.
    for offset in range(0, len(planned), CHUNK_FILES):
        prepared = [prepare(item) for item in planned[offset : offset + CHUNK_FILES]]
        ready = [p for p in prepared if p is not None]
        shellcheck.check([p.scripts for p in ready if p.scripts is not None])
        for p in ready:
            finish(p)
    result.notices.extend(shellcheck.cache_warnings())

    if write_baseline is not None:
        from dockerlint_ml.run.baseline import BaselineError
        from dockerlint_ml.run.baseline import write_baseline as write

        try:
            write(write_baseline, to_write)
        except (OSError, BaselineError) as exc:
            if isinstance(exc, OSError) and exc.strerror:
                reason = exc.strerror[:1].lower() + exc.strerror[1:]
            else:
                reason = str(exc)
            result.problems.append(Problem(write_baseline, f"cannot write baseline: {reason}"))

    for first in (fixed, fallback):
        if first is not None:
            result.notices.extend(first.notices)
    used = {id(s.config): s for s in settings_by_config.values()}
    if not used:
        default = settings_for(fixed if fixed is not None else Config())
        used = {id(default.config): default}
    ran = {code for s in used.values() for code in s.codes}
    if not shellcheck_ran:
        ran.discard(SHELLCHECK_CODE)
    result.rules = [r for r in registry.rules if r.code in ran]
    result.elapsed = time.perf_counter() - started
    return result
