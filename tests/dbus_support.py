"""A private D-Bus bus for tests (Debian package dbus-daemon): services faked in child
processes register on it, and the code under test gets a connection to it injected (the
process-wide session and system buses cannot be re-pointed once Qt has read them)."""

from __future__ import annotations

import selectors
import subprocess

BUS_CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmpdir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def read_line(process: subprocess.Popen, timeout: float) -> str:
    """The child's first stdout line, or "" if none came within `timeout` seconds."""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            return ""
    return process.stdout.readline().strip()


def stop_process(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


class FakeServices:
    """Fake D-Bus services, each a Python script run in a child process on the private bus
    (it prints "ready" once registered); `stop_all` ends them and waits until the bus has
    dropped their names, so that the next test finds none."""

    def __init__(self, bus, address: str, folder) -> None:
        self._bus = bus
        self._address = address
        self._folder = folder
        self._started: list[tuple[subprocess.Popen, str]] = []

    def start(self, script: str, service: str, *args) -> subprocess.Popen:
        import sys

        path = self._folder / f"fake_{len(self._started)}.py"
        path.write_text(script)
        process = subprocess.Popen(
            [sys.executable, str(path), self._address, *map(str, args)],
            stdout=subprocess.PIPE,
            text=True,
        )
        self._started.append((process, service))
        line = read_line(process, 30)
        assert line == "ready", line
        return process

    def stop_all(self) -> None:
        import time

        for process, _ in self._started:
            stop_process(process)
        names = {service for _, service in self._started}
        deadline = time.monotonic() + 5
        while any(self.registered(name) for name in names) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not any(self.registered(name) for name in names)

    def registered(self, service: str) -> bool:
        reply = self._bus.interface().isServiceRegistered(service)
        assert reply.isValid(), reply.error().message()
        return bool(reply.value())
