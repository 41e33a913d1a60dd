@echo off
rem Run every check headless: ruff, then the whole test suite (Qt offscreen).
setlocal
cd /d "%~dp0"
call build_scripts\venv.bat || exit /b 1
set QT_QPA_PLATFORM=offscreen
"%PY%" -m ruff check . || exit /b 1
"%PY%" -m pytest %*
