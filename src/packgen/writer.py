"""The one place that touches the output folder: a lock, a staging folder, all-or-nothing commits and
a manifest of what is there.

A build takes the folder's lock (a second build waits for it), clears what a killed build left
behind, and gets a staging folder inside the output folder, so on the same filesystem. Workers
write each document there as they make it (``stage``), so the parent holds no document in memory.
Only when every document is made does ``commit`` move the changed ones into place, then the
manifest; if any step fails, the files already moved are put back and the folder is as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from .errors import PackgenError, Problem

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: builds there are not locked
    fcntl = None

MANIFEST = ".packgen-manifest.json"
STAMPS = ".stamps"
"""The manifest's record of the last successful build of each selection: its input stamp and outputs."""
LOCK = ".packgen-lock"
STAGING_PREFIX = ".packgen-staging-"
_STALE_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
"""A temporary file of an older packgen's per-file writes (.name.XXXXXXXX.tmp), left by a killed build."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class WriteError(PackgenError):
    """The output folder could not be written; it is as it was before the build."""


def write_problem(out_dir: Path, exc: OSError, doing: str, *, name_file: bool = False) -> Problem:
    """One line saying what could not be written and why, without a raw OSError."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    name = f" {Path(exc.filename).name}" if name_file and exc.filename else ""
    return Problem(
        out_dir.as_posix(), 0, 0, f"{doing}{name}: {reason}; the folder is as it was before the build", "build.write"
    )


@dataclass(frozen=True)
class Committed:
    """What a commit did, as paths relative to the output folder."""

    written: list[str]  # their bytes changed
    unchanged: list[str]  # made again with the same bytes
    removed: list[str]  # stale outputs deleted
    kept: list[str]  # stale outputs left in place: changed since packgen wrote them, no longer in the manifest


@dataclass(frozen=True)
class Staged:
    """A document a worker wrote into the staging folder."""

    path: PurePosixPath  # relative to the output folder
    sha256: str
    fetched: tuple[str, ...] = ()  # project files (relative, posix) the renderer read while making it


def stage(staging: Path, rel: PurePosixPath, data: bytes) -> str:
    """Write one document into the staging folder, durably; returns the digest of its bytes."""
    target = staging / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(target, 0o644)
    return sha256(data)


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
    """Knows which outputs are current; stages new ones and swaps them in all together.

    Use it as a context manager (or ``open()`` and ``close()``): between the two it holds the
    output folder's lock and a staging folder inside it.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.manifest: dict[str, dict[str, object]] = {}
        self.staging: Path | None = None
        self._lock: int | None = None
        self._created = False  # this build made the output folder

    # --- the session: lock, stale files, staging folder -----------------------------------

    def open(self, on_wait: Callable[[], None] | None = None) -> Writer:
        """Check the folder can be written, take its lock (calling ``on_wait`` first if another
        build holds it), clear what killed builds left, and make the staging folder."""
        out = self.out_dir
        try:
            if out.exists() and not out.is_dir():
                raise NotADirectoryError(20, "it is not a folder", str(out))
            self._created = not out.exists()
            out.mkdir(parents=True, exist_ok=True)
            self._take_lock(on_wait)
            self._clean_stale()
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        except OSError as exc:
            self.close(failed=True)
            raise WriteError([write_problem(out, exc, "cannot write to the output folder")]) from None
        except BaseException:
            self.close(failed=True)
            raise
        self.manifest = self._load()
        return self

    def _take_lock(self, on_wait: Callable[[], None] | None) -> None:
        path = self.out_dir / LOCK
        waited = False
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by children (PEP 446)
            self._lock = fd
            if fcntl is None:
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait and not waited:
                    on_wait()
                waited = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                if os.stat(path).st_ino == os.fstat(fd).st_ino:
                    return
            except FileNotFoundError:
                pass
            # The build we waited for failed on a folder it had made, and removed it with its lock: again.
            os.close(fd)
            self._lock = None
            self.out_dir.mkdir(parents=True, exist_ok=True)

    def close(self, *, failed: bool = False) -> None:
        """Remove the staging folder and release the lock. A build that failed on a folder it made
        leaves no folder behind."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        if self._lock is not None:
            if failed and self._created:
                try:
                    if [p.name for p in self.out_dir.iterdir()] == [LOCK]:
                        (self.out_dir / LOCK).unlink()
                        self.out_dir.rmdir()
                except OSError:
                    pass
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def __enter__(self) -> Writer:
        return self if self._lock is not None else self.open()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close(failed=kind is not None)

    def _clean_stale(self) -> None:
        """Staging folders and temporary files that a killed build left: with the lock held, no build owns them."""
        for entry in self.out_dir.iterdir():
            if entry.name.startswith(STAGING_PREFIX) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
        for folder, dirs, files in os.walk(self.out_dir):
            dirs[:] = [d for d in dirs if not d.startswith(STAGING_PREFIX)]
            for name in files:
                if _STALE_TEMP.match(name):
                    try:
                        os.unlink(os.path.join(folder, name))
                    except FileNotFoundError:
                        pass

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads((self.out_dir / MANIFEST).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    # --- what is current --------------------------------------------------------------------

    def is_current(
        self, rel: PurePosixPath, digest: str, fetched_digest: Callable[[str], str | None] = lambda _: None
    ) -> bool:
        """The file is there, unchanged since we wrote it, from the same inputs: the same digest,
        and every project file its renderer fetched (``fetched_digest`` gives one's digest now) the same."""
        entry = self.manifest.get(str(rel))
        if not isinstance(entry, dict) or entry.get("inputs") != digest:
            return False
        fetched = entry.get("fetched") or {}
        if not isinstance(fetched, dict) or any(fetched_digest(path) != sha for path, sha in fetched.items()):
            return False
        try:
            return file_sha256(self.out_dir / rel) == entry.get("sha256")
        except OSError:
            return False

    def warnings_of(self, selection: str) -> list[Problem]:
        """The checks' warnings recorded by the last build of ``selection`` (see commit)."""
        record = (self.manifest.get(STAMPS) or {}).get(selection)
        rows = record.get("warnings") if isinstance(record, dict) else None
        if not isinstance(rows, list):
            return []
        return [
            Problem(str(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4]), "warning")
            for r in rows
            if isinstance(r, list) and len(r) == 5
        ]

    def unchanged_since(self, selection: str, stamp: str) -> list[str] | None:
        """The outputs of the last build of ``selection`` when it read the same inputs (``stamp``) and
        every one of them is still there as written; None when anything differs."""
        record = (self.manifest.get(STAMPS) or {}).get(selection)
        if not isinstance(record, dict) or record.get("inputs") != stamp or not isinstance(record.get("outputs"), list):
            return None
        pinned = record.get("pinned") or {}
        if not isinstance(pinned, dict):
            return None
        for rel in record["outputs"]:
            entry = self.manifest.get(rel)
            try:
                if not isinstance(entry, dict) or file_sha256(self.out_dir / rel) != entry.get("sha256"):
                    return None
                if rel in pinned and file_sha256(self.out_dir / rel) != pinned[rel]:
                    return None  # e.g. a site page another selection's build wrote since
            except OSError:
                return None
        return list(record["outputs"])

    def stale(self, in_scope: Callable[[str], bool], made: Iterable[str]) -> list[str]:
        """Outputs the manifest says packgen wrote here that this build does not make, among those
        ``in_scope`` (the build's selection would make them if the data still had them)."""
        made = set(made)
        return sorted(rel for rel in self.manifest if not rel.startswith(".") and rel not in made and in_scope(rel))

    # --- committing ---------------------------------------------------------------------------

    def commit(
        self,
        staged: Iterable[Staged],
        digests: Mapping[PurePosixPath, str],
        fetched_digest: Callable[[str], str | None],
        stamp: tuple[str, str, list[str]] | None = None,
        remove: Iterable[str] = (),
        warnings: Sequence[Problem] = (),
        pinned: Mapping[str, str] | None = None,
    ) -> Committed:
        """Move every staged document whose bytes differ from what is there into place, delete the
        stale outputs of ``remove``, then write the manifest (with ``stamp``: the selection, its
        input stamp and all its outputs, the checks' ``warnings`` of that data, which a build with
        nothing to do shows again, and ``pinned``: files whose bytes, by digest, must be the same for
        the selection to be up to date). All or nothing: on any failure the files moved or deleted so
        far are put back and WriteError is raised.

        Only what packgen wrote is deleted: a stale output is deleted when its bytes are still those
        the manifest records; one changed since is left in place and forgotten (``kept``)."""
        assert self.staging is not None, "commit() needs open()"
        manifest = dict(self.manifest)
        removed, kept, deletions = [], [], []
        for rel in sorted(set(remove)):
            entry = manifest.pop(rel, None)
            target = self.out_dir / rel
            if not target.exists() and not target.is_symlink():
                continue  # already gone: only the manifest forgets it
            try:
                ours = (
                    target.is_file()
                    and not target.is_symlink()
                    and isinstance(entry, dict)
                    and file_sha256(target) == entry.get("sha256")
                )
            except OSError:
                ours = False
            if ours:
                deletions.append(target)
                removed.append(rel)
            else:
                kept.append(rel)
        if stamp is not None:
            selection, inputs, outputs = stamp
            stamps = dict(manifest.get(STAMPS) or {})
            stamps[selection] = {
                "inputs": inputs,
                "outputs": sorted(outputs),
                "warnings": [[w.path, w.line, w.col, w.message, w.code] for w in warnings],
            }
            if pinned:
                stamps[selection]["pinned"] = dict(sorted(pinned.items()))
            manifest[STAMPS] = stamps
        moves: list[tuple[Path, Path]] = []
        written, unchanged = [], []
        for doc in sorted(staged, key=lambda s: s.path):
            target = self.out_dir / doc.path
            try:
                same = target.is_file() and file_sha256(target) == doc.sha256
            except OSError:
                same = False
            if same:
                unchanged.append(str(doc.path))
            else:
                moves.append((self.staging / doc.path, target))
                written.append(str(doc.path))
            entry: dict[str, object] = {"inputs": digests[doc.path], "sha256": doc.sha256}
            if doc.fetched:
                entry["fetched"] = {path: fetched_digest(path) for path in doc.fetched}
            manifest[str(doc.path)] = entry
        if not moves and not deletions and manifest == self.manifest:
            return Committed(written, unchanged, removed, kept)
        body = json.dumps(dict(sorted(manifest.items())), indent=1, sort_keys=True) + "\n"
        try:
            stage(self.staging, PurePosixPath(MANIFEST), body.encode("utf-8"))
        except OSError as exc:
            raise WriteError([write_problem(self.out_dir, exc, "could not write", name_file=True)]) from None
        moves.append((self.staging / MANIFEST, self.out_dir / MANIFEST))
        self._swap_in(moves, deletions)
        self.manifest = manifest
        self._remove_empty_folders(deletions)
        return Committed(written, unchanged, removed, kept)

    def _remove_empty_folders(self, deleted: list[Path]) -> None:
        """The folders the deletions left empty, up to the output folder; a folder holding anything is kept."""
        out = self.out_dir.resolve()
        for path in deleted:
            folder = path.parent
            while folder.resolve() != out and out in folder.resolve().parents:
                try:
                    folder.rmdir()
                except OSError:
                    break
                folder = folder.parent

    def _swap_in(self, moves: list[tuple[Path, Path]], deletions: Sequence[Path] = ()) -> None:
        """Move each file to delete aside, then rename each staged file over its target, keeping the
        old ones until all are in."""
        assert self.staging is not None
        backups = self.staging / ".previous"
        done: list[tuple[Path, Path | None]] = []
        try:
            for number, target in enumerate(deletions):
                backup = backups / f"removed-{number}"
                backup.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, backup)
                done.append((target, backup))
            for number, (source, target) in enumerate(moves):
                target.parent.mkdir(parents=True, exist_ok=True)
                backup = None
                if target.exists():
                    backup = backups / str(number)
                    backup.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        os.link(target, backup)  # the old file stays in place until the new one replaces it
                    except OSError:
                        os.replace(target, backup)
                done.append((target, backup))
                os.replace(source, target)
        except BaseException as exc:
            for target, backup in reversed(done):
                try:
                    if backup is not None:
                        os.replace(backup, target)
                    elif target.exists():
                        os.unlink(target)
                except OSError:
                    pass
            if isinstance(exc, OSError):
                raise WriteError([write_problem(self.out_dir, exc, "could not write", name_file=True)]) from None
            raise
