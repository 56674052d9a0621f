@echo off
rem Offline install of xnplan: runs install.ps1 beside this file with the arguments given.
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0install.ps1" %*
pause
