"""`python -m dockerlint_ml`: the same command line as `dockerlint-ml`."""

from __future__ import annotations

import os
import sys

# `python -m` puts the working directory first on sys.path, so a linted repository's own
# `re.py`, `click.py` or `*.egg-info/entry_points.txt` would be imported as if installed.
# Drop it before anything else loads: `python -m dockerlint_ml` then imports exactly what
# the console script does (this package is already imported, its submodules are found
# through the package itself).
if not getattr(sys.flags, "safe_path", False) and sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from dockerlint_ml.cli import main

if __name__ == "__main__":
    main()
