"""Kernels on Unix-domain sockets where the platform has them, else on loopback TCP: both branches
start a real kernel through papermill, as the runner and ``xnplan assess`` do, in folders whose
names have Chinese characters and spaces, and leave no folder behind."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import nbformat
import pytest

from xnplan import kernels

pytestmark = pytest.mark.notebook


def _run_notebook(folder: Path) -> tuple[str, dict]:
    """Run a notebook in ``folder`` on the kernel ``xnplan``: the first cell's output, and the
    connection the kernel itself reports (ipykernel.get_connection_info)."""
    import papermill

    source = folder / "笔记 本.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("print('结果', 6 * 7)"),
        nbformat.v4.new_code_cell("import ipykernel\nprint(ipykernel.get_connection_info())"),
    ]
    nbformat.write(notebook, source)
    with kernels.kernel_sockets() as config:
        private = Path(config.KernelManager.connection_file).parent
        executed = papermill.execute_notebook(
            str(source),
            str(folder / "运行 后.ipynb"),
            kernel_name="xnplan",
            cwd=str(folder),
            progress_bar=False,
            config=config,
        )
    assert not private.exists()  # the private folder is gone
    connection = json.loads(executed.cells[1].outputs[0]["text"])
    return executed.cells[0].outputs[0]["text"], connection


@pytest.fixture
def chinese_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "评估 报告"
    folder.mkdir()
    return folder


def test_unix_sockets_on_posix(chinese_folder: Path) -> None:
    text, connection = _run_notebook(chinese_folder)
    assert text == "结果 42\n"
    assert connection["transport"] == "ipc"
    assert connection["ip"].startswith(tempfile.gettempdir())


def test_loopback_tcp_where_there_are_no_unix_sockets(
    chinese_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kernels, "UNIX_SOCKETS", False)  # as on Windows
    text, connection = _run_notebook(chinese_folder)
    assert text == "结果 42\n"
    assert connection["transport"] == "tcp"
    assert connection["ip"] == "127.0.0.1"
    assert connection["shell_port"] > 0


def test_a_temporary_folder_too_long_for_a_socket_path_gives_tcp(tmp_path: Path, monkeypatch) -> None:
    # 12 Chinese characters are 36 bytes in UTF-8; three such folder names (108 bytes) alone exceed
    # the 100 bytes a socket path may have.
    deep = (
        tmp_path / "临时文件夹名称很长的一层甲" / "临时文件夹名称很长的一层乙" / "临时文件夹名称很长的一层丙"
    )
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    with kernels.kernel_sockets() as config:
        assert config.KernelManager.transport == "tcp"
        assert Path(config.KernelManager.connection_file).parent.parent == deep


def test_the_socket_path_limit_is_counted_in_bytes(monkeypatch) -> None:
    # SOCKET_PATH_BYTES is 100 and jupyter_client's address is "<folder>/kernel-<n>" ("/kernel-99999"
    # is 13 bytes): a folder of 87 bytes fits, 88 does not; 29 Chinese characters are 87 bytes.
    monkeypatch.setattr(kernels, "UNIX_SOCKETS", True)
    assert kernels.transport("/" + "a" * 86)["transport"] == "ipc"
    assert kernels.transport("/" + "a" * 87)["transport"] == "tcp"
    assert kernels.transport("/" + "短" * 28 + "aa")["transport"] == "ipc"  # 1 + 84 + 2 = 87 bytes
    assert kernels.transport("/" + "短" * 29)["transport"] == "tcp"  # 1 + 87 = 88 bytes
