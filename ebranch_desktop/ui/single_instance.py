"""A named Windows mutex telling the installer that the program is running; no-op elsewhere."""

from __future__ import annotations

import sys

# Inno Setup's AppMutex (installer/ebranch-desktop.iss) checks for this name; keep them equal
# (tests/installer/test_installer_files.py does).
MUTEX_NAME = "ebranch-desktop-running"
_handles: list[int] = []  # kept open for the life of the process; Windows closes them at exit


def hold_app_mutex() -> bool:
    """Create the mutex in this session and in Global\\ (other users' installers); True on Windows."""
    if sys.platform != "win32" or _handles:
        return bool(_handles)
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    create = kernel32.CreateMutexW
    create.argtypes = [ctypes.c_void_p, wintypes.BOOL, wintypes.LPCWSTR]
    create.restype = wintypes.HANDLE
    for name in (MUTEX_NAME, "Global\\" + MUTEX_NAME):
        handle = create(None, False, name)
        if handle:  # Global\ may be refused on locked-down PCs; the session one is enough there
            _handles.append(handle)
    return bool(_handles)
