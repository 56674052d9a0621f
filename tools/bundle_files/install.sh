#!/bin/sh
# 离线安装 xnplan（全程不连网）。用法：sh install.sh [环境文件夹]，默认 ~/xnplan-env。
# 需要 Python 3.11；不在 PATH 上时用 PYTHON 指定，例如 PYTHON=/opt/python3.11/bin/python3.11 sh install.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
env_dir=${1:-"$HOME/xnplan-env"}

is_311() {
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1
}

python=${PYTHON:-}
if [ -z "$python" ]; then
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && is_311 "$candidate"; then
            python=$candidate
            break
        fi
    done
fi
if [ -z "$python" ] || ! is_311 "$python"; then
    echo "未找到 Python 3.11：请先安装 Python 3.11，或用 PYTHON=路径 指定（Python 3.11 not found）" >&2
    exit 1
fi

echo "1/4 创建环境：$env_dir"
"$python" -m venv "$env_dir" || {
    echo "无法创建环境：缺少 venv 模块时请安装 python3.11-venv（cannot create the environment）" >&2
    exit 1
}
echo "2/4 安装软件包（不连网，校验每个文件的 sha256）"
# The lock is the whole environment (--no-deps): it leaves out what pyproject.toml's [tool.uv]
# excludes, which some package's metadata still names.
"$env_dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps \
    --find-links "$here/wheels" --require-hashes -r "$here/requirements.txt"
"$env_dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps \
    "$here"/wheels/xnplan-*.whl
echo "3/4 注册 Jupyter 内核 xnplan"
"$env_dir/bin/python" -m ipykernel install --sys-prefix --name xnplan --display-name "Python (xnplan)" >/dev/null
echo "4/4 自检：xnplan check 示例文件"
"$env_dir/bin/xnplan" check "$here/examples/observations_public.csv"
echo "安装完成。命令：$env_dir/bin/xnplan（或先运行 . \"$env_dir/bin/activate\"，再直接用 xnplan）"
