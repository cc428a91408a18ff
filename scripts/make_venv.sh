#!/usr/bin/env bash
# Create the project's virtual environment with Python >= 3.12 (Mesa 3.5 needs it).
# The repo's .python-version makes pyenv's `python` resolve to 3.12; python3.12 on PATH works too.
set -euo pipefail
venv="${1:-.venv}"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
    exit 0
fi
for candidate in python python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
        echo "Creating $venv with $("$candidate" --version)"
        "$candidate" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --upgrade pip
        exit 0
    fi
done
echo "error: Python 3.12 or newer is needed (Mesa 3.5 requires it) and none was found." >&2
echo "       Install it (e.g. 'pyenv install 3.12') so that 'python' in this folder is 3.12+." >&2
exit 1
