"""A test keyring that refuses what Windows' Credential Locker refuses: over 2,560 bytes per entry.

keyring's WinVaultKeyring hands the password to CredWrite as UTF-16; a blob over
CRED_MAX_CREDENTIAL_BLOB_SIZE (5 × 512 bytes) fails with Windows error 1783, "The stub received
bad data". Stored in the JSON file of FileKeyring, so CLI processes share it like an OS keyring
(PYTHON_KEYRING_BACKEND=limited_keyring.CredentialLockerKeyring, EBRANCH_TEST_KEYRING_FILE=…).
"""

from __future__ import annotations

from file_keyring import FileKeyring

CRED_MAX_CREDENTIAL_BLOB_SIZE = 5 * 512


class CredWriteError(OSError):
    """What pywin32-ctypes raises from CredWrite (pywintypes.error), as an OSError."""


class CredentialLockerKeyring(FileKeyring):
    priority = 1

    def set_password(self, service: str, username: str, password: str) -> None:
        if len(password.encode("utf-16-le")) > CRED_MAX_CREDENTIAL_BLOB_SIZE:
            raise CredWriteError(1783, "CredWrite: The stub received bad data.")
        super().set_password(service, username, password)
