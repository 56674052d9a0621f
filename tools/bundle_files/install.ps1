# 离线安装 xnplan（全程不连网）。用法：双击 install.bat；或
#   powershell -ExecutionPolicy Bypass -File install.ps1 [-EnvDir 环境文件夹] [-Python python.exe的路径]
# 默认环境文件夹：%LOCALAPPDATA%\xnplan\env。需要 Python 3.11（64 位）。
param(
    [string]$EnvDir = (Join-Path $env:LOCALAPPDATA "xnplan\env"),
    [string]$Python = ""
)
$ErrorActionPreference = "Stop"
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path

function Stop-Install([string]$Message) {
    Write-Host $Message -ForegroundColor Red
    exit 1
}

function Invoke-Step([string]$Title, [scriptblock]$Block) {
    Write-Host $Title
    & $Block
    if ($LASTEXITCODE -ne 0) { Stop-Install "失败：$Title" }
}

# The Python to build the environment with: -Python, else the py launcher's 3.11, else python on PATH.
if ($Python) { $exe = $Python; $pyArgs = @() }
elseif (Get-Command py -ErrorAction SilentlyContinue) { $exe = "py"; $pyArgs = @("-3.11") }
elseif (Get-Command python -ErrorAction SilentlyContinue) { $exe = "python"; $pyArgs = @() }
else { Stop-Install "未找到 Python 3.11：请先安装 Python 3.11（64 位），或用 -Python 指定 python.exe" }
& $exe @pyArgs -c "import sys; sys.exit(sys.version_info[:2] != (3, 11) or sys.maxsize < 2**32)"
if ($LASTEXITCODE -ne 0) { Stop-Install "需要 64 位 Python 3.11：$exe $pyArgs 不是（用 -Python 指定 python.exe）" }

$envPython = Join-Path $EnvDir "Scripts\python.exe"
$wheels = Join-Path $Here "wheels"
Invoke-Step "1/4 创建环境：$EnvDir" { & $exe @pyArgs -m venv $EnvDir }
Invoke-Step "2/4 安装软件包（不连网，校验每个文件的 sha256）" {
    # The lock is the whole environment (--no-deps): it leaves out what pyproject.toml's [tool.uv]
    # excludes, which some package's metadata still names.
    & $envPython -m pip install --quiet --disable-pip-version-check --no-index --no-deps `
        --find-links $wheels --require-hashes -r (Join-Path $Here "requirements.txt")
}
$project = Get-ChildItem $wheels -Filter "xnplan-*.whl" | Select-Object -First 1
Invoke-Step "    xnplan" {
    & $envPython -m pip install --quiet --disable-pip-version-check --no-index --no-deps $project.FullName
}
Invoke-Step "3/4 注册 Jupyter 内核 xnplan" {
    & $envPython -m ipykernel install --sys-prefix --name xnplan --display-name "Python (xnplan)" | Out-Null
}
Invoke-Step "4/4 自检：xnplan check 示例文件" {
    & (Join-Path $EnvDir "Scripts\xnplan.exe") check (Join-Path $Here "examples\observations_public.csv")
}
Write-Host "安装完成。命令：$(Join-Path $EnvDir 'Scripts\xnplan.exe')（或先运行 $(Join-Path $EnvDir 'Scripts\Activate.ps1')）"
