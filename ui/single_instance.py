"""One window per ledger: a second start of the app hands what it was asked (a file to open) to
the window already running on that ledger and ends, as qutebrowser's ipc does.

The window listens on a local socket (a named pipe on Windows) whose name comes from the user and
the ledger's path; only the same user can connect. What arrives is hostile until checked: one line
of JSON, at most MAX_MESSAGE bytes, an object whose "open" is a path or null.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

MAX_MESSAGE = 64 * 1024
TIMEOUT_MS = 2000
ANSWER = b"ok\n"


def server_name(ledger: Path) -> str:
    """The socket's name for a ledger: the same for every start by this user on this file."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        user = ""
    key = f"{user}\n{ledger.expanduser().resolve()}".encode()
    return f"FacilityLedger-{hashlib.sha256(key).hexdigest()[:24]}"


def hand_over(name: str, file: Path | None) -> bool:
    """Ask the window running under `name` to come forward (and open `file`); True if it said
    it will, False if none answers (then this start opens its own window)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    message = {"open": str(file.resolve()) if file is not None else None}
    socket.write(json.dumps(message).encode() + b"\n")
    answered = (socket.waitForBytesWritten(TIMEOUT_MS) and socket.waitForReadyRead(TIMEOUT_MS)
                and bytes(socket.readAll().data()) == ANSWER)
    socket.disconnectFromServer()
    return answered


def parse(data: bytes) -> Path | None:
    """The file a message asks to open (None: none, just come forward); ValueError if the
    message is not one of ours."""
    if len(data) > MAX_MESSAGE or not data.endswith(b"\n"):
        raise ValueError("not one line within the size limit")
    try:
        message = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError("not JSON") from exc
    if not isinstance(message, dict) or set(message) != {"open"}:
        raise ValueError("not an object with just 'open'")
    wanted = message["open"]
    if wanted is None:
        return None
    if not isinstance(wanted, str) or not wanted or "\0" in wanted:
        raise ValueError("'open' is not a path")
    return Path(wanted)


class Listener(QObject):
    """Listens for later starts of the app on the same ledger."""

    asked = Signal(object)
    """A later start asked the window to come forward; carries the file to open, or None."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}
        if not self._server.listen(name):
            # a socket file left by a crash (Unix): nothing answered on it, so it is stale
            QLocalServer.removeServer(name)
            if not self._server.listen(name):
                log.warning("cannot listen for later starts on %s: %s", name,
                            self._server.errorString())

    @property
    def listening(self) -> bool:
        """Whether later starts can reach this window."""
        return self._server.isListening()

    def close(self) -> None:
        """Stop listening (the window is closing)."""
        self._server.close()

    @Slot()
    def _on_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            self._buffers[socket] = b""
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(self._on_disconnected)
            socket.disconnected.connect(socket.deleteLater)

    @Slot()
    def _on_ready_read(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket) or socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        if b"\n" not in data and len(data) <= MAX_MESSAGE:
            self._buffers[socket] = data  # the rest is still on its way
            return
        del self._buffers[socket]
        try:
            wanted = parse(data)
        except ValueError as exc:
            log.warning("ignored a message that is not one of ours (%d bytes): %s",
                        len(data), exc)
            socket.abort()
            return
        socket.write(ANSWER)
        socket.flush()
        self.asked.emit(wanted)

    @Slot()
    def _on_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._buffers.pop(socket, None)
