"""Copying the document store (local MEDIA_ROOT or the S3 bucket) to and from one tar file.

Works through Django's storage API, so the same code backs up whichever store the settings
select. The archive holds every stored file under its storage name plus ``MANIFEST.json``
(name, size, SHA-256 of each): a restore checks every file against it and stops at the first
mismatch. The database half of a backup is ``pg_dump`` (see ``make backup``).
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage

MANIFEST = "MANIFEST.json"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Copied:
    files: int
    bytes: int


def stored_names(storage: Storage = default_storage, folder: str = "") -> Iterator[str]:
    """Every file name in ``storage``, walking its folders (S3 prefixes or directories)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local store nothing was ever saved to
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _digest(handle) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    while chunk := handle.read(_CHUNK):
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size


def backup_documents(stream, storage: Storage = default_storage) -> Copied:
    """Write every stored document and the manifest to ``stream`` as a tar archive."""
    manifest = []
    with tarfile.open(fileobj=stream, mode="w|") as archive:
        for name in stored_names(storage):
            with storage.open(name, "rb") as handle:
                sha, size = _digest(handle)
                handle.seek(0)
                info = tarfile.TarInfo(name)
                info.size = size
                archive.addfile(info, handle)
            manifest.append({"name": name, "size": size, "sha256": sha})
        data = json.dumps({"files": manifest}, indent=1).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return Copied(files=len(manifest), bytes=sum(f["size"] for f in manifest))


def restore_documents(stream, storage: Storage = default_storage) -> Copied:
    """Put every document of a ``backup_documents`` archive back under its own name.

    A file already stored with the same content is left alone; one stored with other content
    stops the restore (it never overwrites). Each restored file is checked against the
    manifest, and every file of the manifest must be present in the archive.
    """
    restored, total = set(), 0
    expected = None
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for member in archive:
            if not member.isfile():
                continue
            handle = archive.extractfile(member)
            if member.name == MANIFEST:
                expected = {f["name"]: f for f in json.load(handle)["files"]}
                continue
            name = member.name
            if name.startswith("/") or ".." in name.split("/"):
                raise BackupError(f"Unsafe name in the archive: {name}")
            data = handle.read()
            sha = hashlib.sha256(data).hexdigest()
            if storage.exists(name):
                with storage.open(name, "rb") as existing:
                    if _digest(existing)[0] != sha:
                        raise BackupError(f"{name} is already stored with other content.")
            else:
                saved = storage.save(name, File(io.BytesIO(data), name=name))
                if saved != name:
                    raise BackupError(f"{name} was stored as {saved}.")
            restored.add((name, sha, len(data)))
            total += len(data)
    if expected is None:
        raise BackupError(f"The archive has no {MANIFEST}: it is not a document backup.")
    found = {name: (sha, size) for name, sha, size in restored}
    for name, entry in expected.items():
        if found.get(name) != (entry["sha256"], entry["size"]):
            raise BackupError(f"{name} is missing from the archive or differs from its manifest.")
    return Copied(files=len(found), bytes=total)
