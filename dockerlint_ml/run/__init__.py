"""One run of the linter over paths: discovery, reading, configuration, the engine, then
pragmas, per-file-ignores, severity overrides and the baseline. Above the rules; below the
reporters and the command line."""
