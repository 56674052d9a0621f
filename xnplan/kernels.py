"""Jupyter kernels for the batch runner's workers and for ``xnplan assess``: on Unix-domain sockets
where the platform has them, else on loopback TCP."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator

# ZeroMQ's ipc transport is a Unix-domain socket, which libzmq has on POSIX systems; Windows uses TCP.
UNIX_SOCKETS = os.name == "posix"
# A socket's path must fit sockaddr_un.sun_path: 108 bytes on Linux, 104 on macOS, with its NUL.
SOCKET_PATH_BYTES = 100
LOOPBACK = "127.0.0.1"


def transport(folder: str) -> dict[str, str]:
    """The kernel's transport and address: Unix-domain sockets in ``folder`` if the platform has them
    and their paths fit (jupyter_client appends ``-<n>`` to the address per channel), else loopback
    TCP with ports jupyter_client picks."""
    address = os.path.join(folder, "kernel")
    fits = len(os.fsencode(address + "-99999")) <= SOCKET_PATH_BYTES
    if UNIX_SOCKETS and fits:
        return {"transport": "ipc", "ip": address}
    return {"transport": "tcp", "ip": LOOPBACK}


@contextlib.contextmanager
def kernel_sockets() -> Iterator[object]:
    """Kernel configuration: the transport of :func:`transport`, and the connection file in a private
    directory that is removed afterwards, so a stopped run leaves nothing in the temporary folder.

    Unix sockets where possible: with TCP, jupyter_client picks free ports and releases them before
    the kernel binds them, so two kernels starting at once (parallel runs, or anyone else's Jupyter
    on the machine) can pick the same port; the loser dies at start-up while the client waits 60 s
    for it. Sockets in a directory of our own cannot collide. (/tmp, not the output directory:
    socket paths are limited to about 100 bytes.)
    """
    from traitlets.config import Config

    folder = tempfile.mkdtemp(prefix="xnplan-kernel-")
    try:
        manager = {**transport(folder), "connection_file": os.path.join(folder, "kernel.json")}
        yield Config({"KernelManager": manager})
    finally:
        # A run stopped while its kernel was still binding sockets: the kernel may add a file
        # after rmtree listed the folder; it is killed (or notices its parent gone) within moments.
        for _ in range(30):
            shutil.rmtree(folder, ignore_errors=True)
            if not os.path.exists(folder):
                break
            time.sleep(0.1)
