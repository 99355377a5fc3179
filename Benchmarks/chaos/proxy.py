#!/usr/bin/env python3
"""A loopback TCP proxy whose link can be cut, for the chaos soak.

It forwards 127.0.0.1:LISTEN to a target byte for byte (TLS passes through untouched), so cutting the proxy
cuts a client's access to a server without stopping the server (the Sandbox keeps its objects and its mesh).
The link follows a state file, read every 100 ms:

  up    forward every connection;
  down  the port refuses connections (the listener is closed) and open connections are reset, as when the
        server is stopped;
  hang  connections are accepted and their bytes read but nothing is forwarded or answered, as a server
        that stopped responding; they are reset when the state changes.

Usage: proxy.py --target HOST:PORT --state-file FILE --port-file FILE [--port N]
The chosen port is written to --port-file once listening (0 picks a free one; later restarts reuse it).
"""
import argparse
import asyncio
import os
import signal
import socket


class Proxy:
    def __init__(self, target_host, target_port, state_file, port):
        self.target = (target_host, target_port)
        self.state_file = state_file
        self.port = port
        self.state = "up"
        self.server = None
        self.connections = set()  # writers of open client connections (and their upstreams)
        self.forwarded = 0
        self.refused_or_held = 0

    def read_state(self):
        try:
            with open(self.state_file) as handle:
                text = handle.read().strip()
        except FileNotFoundError:
            return "up"
        return text if text in ("up", "down", "hang") else "up"

    async def listen(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        sock.listen(128)
        self.server = await asyncio.start_server(self.accept, sock=sock)

    async def close_listener(self):
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.server = None

    def reset_all(self):
        for writer in list(self.connections):
            transport = writer.transport
            if transport is not None:
                transport.abort()  # RST-like: the peer sees the connection drop
        self.connections.clear()

    async def accept(self, reader, writer):
        state = self.state
        if state == "down":
            writer.transport.abort()
            return
        self.connections.add(writer)
        if state == "hang":
            self.refused_or_held += 1
            try:
                while await reader.read(65536):
                    pass
            except (ConnectionError, OSError):
                pass
            finally:
                self.connections.discard(writer)
                writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            self.connections.discard(writer)
            writer.transport.abort()
            return
        self.forwarded += 1
        self.connections.add(up_writer)

        async def pump(source, sink):
            try:
                while True:
                    data = await source.read(65536)
                    if not data:
                        break
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError, asyncio.CancelledError):
                pass
            finally:
                try:
                    if sink.can_write_eof():
                        sink.write_eof()
                except (OSError, RuntimeError):
                    pass

        try:
            await asyncio.gather(pump(reader, up_writer), pump(up_reader, writer))
        finally:
            for side in (writer, up_writer):
                self.connections.discard(side)
                if side.transport is not None:
                    side.transport.abort()

    async def run(self, port_file):
        self.state = self.read_state()
        await self.listen()
        tmp = port_file + ".tmp"
        with open(tmp, "w") as handle:
            handle.write(f"{self.port}\n")
        os.replace(tmp, port_file)
        if self.state == "down":
            await self.close_listener()
        while True:
            await asyncio.sleep(0.1)
            state = self.read_state()
            if state == self.state:
                continue
            previous, self.state = self.state, state
            self.reset_all()
            if state == "down":
                await self.close_listener()
            elif previous == "down":
                for _ in range(100):  # the port may linger a moment after close
                    try:
                        await self.listen()
                        break
                    except OSError:
                        await asyncio.sleep(0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--state-file", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    arguments = parser.parse_args()
    host, _, port = arguments.target.rpartition(":")
    proxy = Proxy(host, int(port), arguments.state_file, arguments.port)
    loop = asyncio.new_event_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, os._exit, 0)  # nothing to flush: connections just drop
    loop.create_task(proxy.run(arguments.port_file))
    loop.run_forever()


if __name__ == "__main__":
    main()
