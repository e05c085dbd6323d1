"""`python -m dockerlint_ml`: the same command line as `dockerlint-ml`."""

from __future__ import annotations

from dockerlint_ml.cli import main

if __name__ == "__main__":
    main()
