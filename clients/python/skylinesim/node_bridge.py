"""The Node child behind the vector env: where it is, how it starts, and the wire between us.

The child (``sim/bridge/vector-env-bridge.node.ts`` in a Skyline checkout) owns one ``BatchEnv``.
Requests and answers are a 9-byte header (a kind byte, the JSON length and the binary length as
little-endian u32), then JSON for control, then raw bytes. The arrays themselves travel through
a shared file this process maps (``transport='shm'``: /dev/shm on Linux; actions are written in
place and results read in place) or inline on the pipes (``transport='pipe'``).

Where the Node side is found, first match wins:
1. ``root=`` given to the env, or the ``SKYLINE_ROOT`` environment variable (a Skyline checkout
   or installed npm package, with ``node_modules`` installed by ``npm ci``);
2. the checkout this file sits in (``clients/python/skylinesim`` inside the repository: a plain
   ``PYTHONPATH`` or an editable install);
3. an installed ``skyline`` command on ``PATH`` (``npm install -g``, ``npm link``): its package;
4. the current directory or one of its parents.
Node itself is ``SKYLINE_NODE`` or ``node`` on ``PATH``.
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import struct
import subprocess
import tempfile
import threading
import uuid
import weakref
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

BRIDGE_SCRIPT = Path('sim') / 'bridge' / 'vector-env-bridge.node.ts'
PROTOCOL = 'skyline-vector-env/1'
_HEADER = struct.Struct('<cII')


class SkylineBridgeError(RuntimeError):
    """The Node child could not start, died, or refused a request.

    ``field`` names the option or array that was wrong (``num_envs``, ``actions``, ...) when the
    child said so; ``returncode`` and ``stderr`` are set when the child has exited.
    """

    def __init__(self, message: str, field: Optional[str] = None, returncode: Optional[int] = None, stderr: str = '') -> None:
        super().__init__(message)
        self.field = field
        self.returncode = returncode
        self.stderr = stderr


def _is_skyline_root(path: Path) -> bool:
    return (path / BRIDGE_SCRIPT).is_file() and (path / 'package.json').is_file()


def find_skyline_root(root: Optional[str] = None) -> Path:
    """The directory holding Skyline's Node sources (see the module's docstring for the order)."""
    tried: List[str] = []
    explicit = root or os.environ.get('SKYLINE_ROOT')
    if explicit:
        path = Path(explicit).expanduser().resolve()
        if _is_skyline_root(path):
            return path
        raise SkylineBridgeError(f'{"root" if root else "SKYLINE_ROOT"} = {explicit}: no {BRIDGE_SCRIPT} there; accepted: a Skyline checkout (git clone, then npm ci)', field='root')
    here = Path(__file__).resolve()
    for parent in here.parents:
        if _is_skyline_root(parent):
            return parent
    tried.append(f'the folders above {here.parent}')
    command = shutil.which('skyline')
    if command:
        package = Path(command).resolve().parent.parent  # .../skyline/bin/skyline.mjs
        if _is_skyline_root(package):
            return package
        tried.append(f'the package of {command}')
    cwd = Path.cwd().resolve()
    for candidate in (cwd, *cwd.parents):
        if _is_skyline_root(candidate):
            return candidate
    tried.append(f'{cwd} and its parents')
    raise SkylineBridgeError('cannot find the Skyline Node sources (' + '; '.join(tried) + '); set SKYLINE_ROOT to a Skyline checkout where `npm ci` has run, or pass root=', field='root')


def find_node() -> str:
    node = os.environ.get('SKYLINE_NODE') or shutil.which('node')
    if not node:
        raise SkylineBridgeError('cannot find node (Node.js 20 or newer) on PATH; install it or set SKYLINE_NODE to its path', field='node')
    return node


def shared_file_dir() -> str:
    """/dev/shm where it exists (memory, never disk), else the temporary directory."""
    return '/dev/shm' if os.path.isdir('/dev/shm') and os.access('/dev/shm', os.W_OK) else tempfile.gettempdir()


# Every live child, so that interpreter exit stops them even when nobody called close().
_LIVE: 'weakref.WeakSet[NodeBridge]' = weakref.WeakSet()


@atexit.register
def _close_all() -> None:  # pragma: no cover - runs at exit
    for bridge in list(_LIVE):
        bridge.close()


class NodeBridge:
    """One Node child running one batch; the owner of its process, pipes and shared file."""

    def __init__(self, request: Dict[str, Any], transport: str = 'shm', root: Optional[str] = None) -> None:
        if transport not in ('shm', 'pipe'):
            raise ValueError(f'transport = {transport!r}; accepted: "shm" (a shared file, the default) or "pipe"')
        self.root = find_skyline_root(root)
        self.transport = transport
        self.closed = False
        self._lock = threading.Lock()
        self._shm_path: Optional[str] = None
        self._stderr = tempfile.TemporaryFile()
        hello = dict(request, transport=transport)
        if transport == 'shm':
            self._shm_path = os.path.join(shared_file_dir(), f'skyline-vector-env-{os.getpid()}-{uuid.uuid4().hex[:12]}.bin')
            fd = os.open(self._shm_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            hello['path'] = self._shm_path
        try:
            self.process = subprocess.Popen(
                [find_node(), '--import', 'tsx', str(BRIDGE_SCRIPT)], cwd=str(self.root),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, bufsize=0,
                start_new_session=False,
            )
        except OSError as error:
            self._remove_shared_file()
            raise SkylineBridgeError(f'cannot start node in {self.root}: {error}') from error
        _LIVE.add(self)
        self._in = self.process.stdin
        self._out = self.process.stdout
        self._header = bytearray(_HEADER.size)
        try:
            info, _ = self.request(b'H', hello)
        except BaseException:
            self.close()
            raise
        self.info = info
        self.map: Any = None
        if transport == 'shm':
            import mmap
            with open(self._shm_path, 'r+b') as handle:  # type: ignore[arg-type]
                self.map = mmap.mmap(handle.fileno(), info['layout']['fileBytes'])
            self._remove_shared_file()  # both sides hold it open; nothing is left behind whatever happens next

    @property
    def pid(self) -> int:
        return self.process.pid

    def request(self, kind: bytes, body: Optional[Dict[str, Any]] = None, data: Optional[memoryview] = None, into: Optional[memoryview] = None) -> Tuple[Dict[str, Any], int]:
        """Sends one request and waits for its answer; binary answers land in ``into``."""
        if self.closed:
            raise SkylineBridgeError('the environment is closed; create a new one')
        text = json.dumps(body).encode() if body is not None else b''
        try:
            self._in.write(_HEADER.pack(kind, len(text), 0 if data is None else data.nbytes) + text)
            if data is not None:
                self._in.write(data)
            header = self._read_exactly(self._header, _HEADER.size)
        except (BrokenPipeError, ConnectionResetError, OSError) as error:
            raise self._died(f'while sending {kind.decode()}') from error
        status, json_length, binary_length = _HEADER.unpack(header)
        answer: Dict[str, Any] = {}
        if json_length:
            answer = json.loads(bytes(self._read_exactly(bytearray(json_length), json_length)))
        if binary_length:
            if into is None or into.nbytes < binary_length:
                raise SkylineBridgeError(f'the child sent {binary_length} bytes where none were expected')
            self._read_exactly(into, binary_length)
        if status == b'E':
            raise SkylineBridgeError(answer.get('message', 'the Node child refused the request'), field=answer.get('field'))
        return answer, binary_length

    def _read_exactly(self, buffer: Any, length: int) -> Any:
        view = memoryview(buffer)
        done = 0
        while done < length:
            got = self._out.readinto(view[done:length])
            if not got:
                raise self._died('while waiting for its answer')
            done += got
        return buffer

    def _died(self, when: str) -> SkylineBridgeError:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        stderr = self.stderr_tail()
        self.close()
        how = f'exited with code {code}' if code is not None and code >= 0 else f'was killed by signal {-code}' if code is not None else 'stopped answering'
        message = f'the Skyline Node child (pid {self.process.pid}) {how} {when}'
        if stderr:
            message += f'; its last output: {stderr}'
        return SkylineBridgeError(message, returncode=code, stderr=stderr)

    def stderr_tail(self, lines: int = 8) -> str:
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode(errors='replace')
        except (OSError, ValueError):
            return ''
        return ' | '.join(text.strip().splitlines()[-lines:])

    def close(self) -> None:
        """Stops the child (quit, then end of input, then kill) and frees the shared memory."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
        _LIVE.discard(self)
        process = self.process
        try:
            if process.poll() is None:
                try:
                    self._in.write(_HEADER.pack(b'Q', 0, 0))
                except OSError:
                    pass
            for stream in (self._in, self._out):
                try:
                    stream.close()
                except OSError:
                    pass
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        finally:
            mapping = getattr(self, 'map', None)
            if mapping is not None:
                try:
                    mapping.close()
                except BufferError:
                    pass  # numpy views the caller still holds keep the mapping alive until they go
            self._remove_shared_file()
            try:
                self._stderr.close()
            except OSError:
                pass

    def _remove_shared_file(self) -> None:
        if self._shm_path:
            try:
                os.unlink(self._shm_path)
            except FileNotFoundError:
                pass
            self._shm_path = None
