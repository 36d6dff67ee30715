"""One window per library: a second start brings the running window forward instead.

The running window listens on a local socket named after a hash of the library folder's
resolved path (app/window_link.py), so each library has at most one window. The command line
(add, search, ...) is never blocked; `add` only sends the window a note to refresh.

A window that crashed leaves its socket file behind (on Unix). A second start finds nothing
answering there, removes the stale name and takes over.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from app.window_link import ACTIVATE, CHANGED, server_name

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000


def send(data_dir: Path, message: bytes = ACTIVATE) -> bool:
    """Tell the window running on this library something; False when none answers.

    Blocks for at most about a second (used before any window exists, or by the CLI).
    """
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(message)
    sent = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
    return sent


class InstanceServer(QObject):
    """The running window's side: listens, and reports what other starts asked for.

    Signals:
        activation_requested(): Another start wants this window brought forward.
        library_changed(): Something outside the window (the CLI) changed the library.
    """

    activation_requested = Signal()
    library_changed = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server = QLocalServer(self)
        # Only this user may connect (the socket lives in a shared temporary folder).
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self.on_server_new_connection)

    def listen(self) -> bool:
        """Start listening, taking over a stale name left by a crashed window."""
        if self._server.listen(self.name):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            # Nothing answered (or the caller would not be here): a dead window's leftover.
            QLocalServer.removeServer(self.name)
            if self._server.listen(self.name):
                return True
        log.warning("cannot listen for other starts: %s", self._server.errorString())
        return False

    def is_listening(self) -> bool:
        """Whether other starts can reach this window."""
        return self._server.isListening()

    def close(self) -> None:
        """Stop listening (the window is closing)."""
        self._server.close()

    def on_server_new_connection(self) -> None:
        """Read each new connection's one-line message once it arrives."""
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            socket.readyRead.connect(lambda s=socket: self.on_socket_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self.on_socket_ready_read(socket)

    def on_socket_ready_read(self, socket: QLocalSocket) -> None:
        """Act on a complete message; anything else is ignored."""
        while socket.canReadLine():
            line = bytes(socket.readLine().data())
            if line == ACTIVATE:
                self.activation_requested.emit()
            elif line == CHANGED:
                self.library_changed.emit()
            else:
                log.debug("ignored a message from another start: %r", line[:40])


def claim(data_dir: Path) -> InstanceServer | None:
    """Become the library's window: None when a running window took the request instead.

    Asks a running window to come forward first; when none answers, listens (the returned
    server must stay alive as long as the window).
    """
    if send(data_dir, ACTIVATE):
        return None
    server = InstanceServer(data_dir)
    if not server.listen() and send(data_dir, ACTIVATE):
        return None  # another window started in the same moment and won
    return server
