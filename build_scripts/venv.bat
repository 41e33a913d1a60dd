@chcp 65001 >nul
@rem Called by run.bat and check.bat: make .venv on first use, reinstall when pyproject.toml changed.
if not exist .venv\Scripts\python.exe (
  echo 首次使用：正在建立虚拟环境 .venv（需要联网下载依赖，只需一次）…
  py -3 -m venv .venv 2>nul || python -m venv .venv || (
    echo 需要 Python 3.11 或更新版本。请先从 python.org 安装 Python。
    exit /b 1
  )
)
.venv\Scripts\python.exe -c "import os,sys; s='.venv/.renda-installed'; sys.exit(0 if os.path.exists(s) and os.path.getmtime(s) >= os.path.getmtime('pyproject.toml') else 1)"
if errorlevel 1 (
  .venv\Scripts\python.exe -m pip install --quiet --upgrade pip || exit /b 1
  .venv\Scripts\python.exe -m pip install --quiet -e ".[dev]" || exit /b 1
  type nul > .venv\.renda-installed
)
set PY=.venv\Scripts\python.exe
exit /b 0
