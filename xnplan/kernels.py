"""Jupyter kernels on Unix-domain sockets: for the batch runner's workers and for ``xnplan assess``."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator


@contextlib.contextmanager
def kernel_sockets() -> Iterator[object]:
    """Kernel configuration: Unix-domain sockets in a private directory instead of TCP ports.

    With TCP, jupyter_client picks free ports and releases them before the kernel binds them, so two
    kernels starting at once (parallel runs, or anyone else's Jupyter on the machine) can pick the
    same port; the loser dies at start-up while the client waits 60 s for it. Sockets in a directory
    of our own cannot collide. (/tmp, not the output directory: socket paths are limited to ~100
    bytes.)
    """
    from traitlets.config import Config

    if os.name == "nt":  # no Unix sockets for ZeroMQ on Windows
        yield Config()
        return
    folder = tempfile.mkdtemp(prefix="xnplan-kernel-")
    try:
        # The connection file too, so a stopped run leaves nothing behind in the temporary folder.
        yield Config(
            {
                "KernelManager": {
                    "transport": "ipc",
                    "ip": os.path.join(folder, "kernel"),
                    "connection_file": os.path.join(folder, "kernel.json"),
                }
            }
        )
    finally:
        # A run stopped while its kernel was still binding sockets: the kernel may add a file
        # after rmtree listed the folder; it is killed (or notices its parent gone) within moments.
        for _ in range(30):
            shutil.rmtree(folder, ignore_errors=True)
            if not os.path.exists(folder):
                break
            time.sleep(0.1)
