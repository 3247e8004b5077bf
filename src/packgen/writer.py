"""The one place that touches the output folder: atomic writes and a manifest of what is there."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path, PurePosixPath
from typing import Mapping

MANIFEST = ".packgen-manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it over: no half-written file is ever seen."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class Writer:
    """Knows which outputs are current, and writes new ones all together."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.manifest: dict[str, dict[str, str]] = self._load()

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads((self.out_dir / MANIFEST).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def is_current(self, rel: PurePosixPath, digest: str) -> bool:
        """The file is there, unchanged since we wrote it, from the same inputs."""
        entry = self.manifest.get(str(rel))
        if not entry or entry.get("inputs") != digest:
            return False
        try:
            return sha256((self.out_dir / rel).read_bytes()) == entry.get("sha256")
        except OSError:
            return False

    def write(self, files: Mapping[PurePosixPath, tuple[bytes, str]]) -> tuple[list[str], list[str]]:
        """Write each (bytes, input digest); a file whose bytes are already there is left alone.

        Returns (written, unchanged) relative paths.
        """
        written, unchanged = [], []
        for rel, (data, digest) in sorted(files.items()):
            target = self.out_dir / rel
            digest_of_bytes = sha256(data)
            try:
                same = target.is_file() and sha256(target.read_bytes()) == digest_of_bytes
            except OSError:
                same = False
            if same:
                unchanged.append(str(rel))
            else:
                atomic_write(target, data)
                written.append(str(rel))
            self.manifest[str(rel)] = {"inputs": digest, "sha256": digest_of_bytes}
        if files:
            body = json.dumps(dict(sorted(self.manifest.items())), indent=1, sort_keys=True) + "\n"
            atomic_write(self.out_dir / MANIFEST, body.encode("utf-8"))
        return written, unchanged
