# Sourced by ./run and ./check: make .venv on first use, reinstall when pyproject.toml changed.
# Leaves the interpreter to use in $PY.
VENV="${RENDA_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  BASE=""
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      BASE="$candidate"; break
    fi
  done
  if [ -z "$BASE" ]; then
    echo "需要 Python 3.11 或更新版本（python3.11 / python3）。请先安装 Python。" >&2
    exit 1
  fi
  echo "首次使用：正在建立虚拟环境 $VENV（需要联网下载依赖，只需一次）…" >&2
  "$BASE" -m venv "$VENV"
fi
STAMP="$VENV/.renda-installed"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
  touch "$STAMP"
fi
PY="$VENV/bin/python"
