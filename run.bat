@echo off
rem Start renda. With no arguments: on the demo township (made on first use).
setlocal
cd /d "%~dp0"
call build_scripts\venv.bat || exit /b 1
if "%~1"=="" (
  "%PY%" -m ui --demo
) else (
  "%PY%" -m ui %*
)
