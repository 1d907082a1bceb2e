"""Storing uploaded documents once ``easy.lib.uploads.check_document`` has accepted them.

The stored name sits in a random folder so that it cannot be guessed, and the original name is
reduced to safe characters.
"""

from django.core.files.storage import default_storage

from easy.lib.tokens import random_key
from easy.lib.uploads import CheckedFile, check_document, safe_filename

__all__ = ["CheckedFile", "check_document", "safe_filename", "store"]


def store(checked: CheckedFile, application) -> str:
    """Save the file under an unguessable name; returns the storage name."""
    name = f"applications/{application.uuid}/{random_key(18)}/{checked.safe_name}"
    return default_storage.save(name, checked.file)
