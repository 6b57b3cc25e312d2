#!/usr/bin/env bash
# Install doccano, Label Studio and this repo into three venvs under DIR (never inside the repo).
# Usage: bench/peers/install.sh [DIR]   (default: ${TMPDIR:-/tmp}/annotator-peers)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(realpath -m "${1:-${TMPDIR:-/tmp}/annotator-peers}")
case "$dir/" in "$repo"/*) echo "refusing to install inside the repo: $dir" >&2; exit 2;; esac
mkdir -p "$dir"
python=${PYTHON:-python3}

make_venv() {  # name, then pip arguments
    local name=$1; shift
    [ -x "$dir/$name/bin/python" ] || "$python" -m venv "$dir/$name"
    nice -n 19 "$dir/$name/bin/python" -m pip install --quiet --upgrade pip 2> >(grep -v " is ignored: " >&2)
    nice -n 19 "$dir/$name/bin/python" -m pip install --quiet "$@" 2> >(grep -v " is ignored: " >&2)
}

# doccano 1.8.4 pins neither; marshmallow 4 and numpy 2 break its imports.
make_venv doccano 'doccano==1.8.4' 'marshmallow<4' 'numpy<2'
make_venv labelstudio 'label-studio==1.23.2'
make_venv ours "$repo" gunicorn  # the runtime requirements and the server a team runs
du -sh "$dir"/*
