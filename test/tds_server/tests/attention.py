#!/usr/bin/env python3
"""ATTENTION (cancel) as SQL Server answers it, checked on the wire with a raw
TDS client (no driver in between to hide a malformed reply):
- while rows stream, the reply stops at a token boundary (every ROW complete,
  every packet as long as its header says), ends with a DONE and EOM, and the
  attention is acknowledged by a separate message holding only DONE(ATTN);
- the same while a statement waits (delay fault) and when the reply had
  already ended;
- the connection answers the next batch.
TAP output. Needs the TDS test server (MSSQL_* environment, MSSQL_IS_TEST_SERVER=1)."""
import os
import random
import socket
import struct
import subprocess
import sys
import time

tap = 0
failed = 0


def ok(condition, text):
    global tap, failed
    tap += 1
    if not condition:
        failed += 1
    print(("ok" if condition else "not ok") + " %d - %s" % (tap, text))
    sys.stdout.flush()
    return condition


def mssql(sql):
    here = os.path.dirname(os.path.abspath(__file__))
    return subprocess.run(["/usr/bin/python3", os.path.join(here, "../../integration/mssql_exec.py"), sql],
                          check=True, capture_output=True, text=True).stdout


def backend(sql):
    subprocess.run(["psql", "-X", "-q", "-d", "tds_backend", "-c", sql], check=True, capture_output=True)


class WireError(Exception):
    pass


class Client:
    """One TDS connection; reads whole packets and keeps them per message."""

    def __init__(self):
        self.sock = socket.create_connection((os.environ["MSSQL_HOST"], int(os.environ["MSSQL_PORT"])), timeout=10)
        self.buffer = b""

    def send(self, packet_type, payload):
        self.sock.sendall(struct.pack(">BBHHBB", packet_type, 1, 8 + len(payload), 0, 1, 0) + payload)

    def read_packet(self):
        while len(self.buffer) < 8 or len(self.buffer) < struct.unpack(">H", self.buffer[2:4])[0]:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise WireError("connection closed inside a packet (%d bytes buffered)" % len(self.buffer))
            self.buffer += chunk
        length = struct.unpack(">H", self.buffer[2:4])[0]
        packet, self.buffer = self.buffer[:length], self.buffer[length:]
        return packet[1], packet[8:]

    def read_message(self):
        payload = b""
        while True:
            status, data = self.read_packet()
            payload += data
            if status & 1:
                return payload

    def login(self, program="attention.py"):
        self.send(0x12, bytes([0, 0, 6, 0, 6, 0xFF, 0x0F, 0, 0x07, 0xD0, 0, 0]))
        self.read_message()
        fields = [("host", "attention.py"), ("user", os.environ["MSSQL_USER"]),
                  ("password", os.environ["MSSQL_PASSWORD"]), ("app", program), ("server", ""),
                  ("extension", ""), ("library", "raw"), ("language", ""),
                  ("database", os.environ["MSSQL_DATABASE"])]
        fixed = bytearray(94)
        struct.pack_into("<IIIIII", fixed, 4, 0x74000004, 4096, 7, os.getpid(), 0, 0)
        variable = b""
        for i, (name, text) in enumerate(fields):
            data = text.encode("utf-16-le")
            if name == "password":
                data = bytes((((b << 4) | (b >> 4)) & 0xFF) ^ 0xA5 for b in data)
            struct.pack_into("<HH", fixed, 36 + 4 * i, 94 + len(variable), len(text))
            variable += data
        struct.pack_into("<HH", fixed, 78, 94 + len(variable), 0)  # SSPI
        struct.pack_into("<HH", fixed, 82, 94 + len(variable), 0)  # AtchDBFile
        struct.pack_into("<HH", fixed, 86, 94 + len(variable), 0)  # ChangePassword
        message = bytes(fixed) + variable
        message = struct.pack("<I", len(message)) + message[4:]
        self.send(0x10, message)
        reply = self.read_message()
        if b"\xad" not in reply:
            raise WireError("login refused")

    def batch(self, sql):
        headers = struct.pack("<IIHQI", 22, 18, 2, 0, 1)
        self.send(0x01, headers + sql.encode("utf-16-le"))

    def attention(self):
        self.sock.sendall(bytes([6, 1, 0, 8, 0, 0, 1, 0]))


def parse_tokens(payload):
    """The tokens of one reply, for results of (int NOT NULL, nvarchar) columns.
    Returns a list of (token, info); raises WireError when a token is cut or unknown."""
    tokens, at, columns = [], 0, []

    def need(n):
        if at + n > len(payload):
            raise WireError("token cut at byte %d of %d" % (at, len(payload)))

    while at < len(payload):
        token = payload[at]
        at += 1
        if token == 0x81:  # COLMETADATA
            need(2)
            count = struct.unpack_from("<H", payload, at)[0]
            at += 2
            columns = []
            for _ in range(count):
                need(7)
                type_code = payload[at + 6]
                at += 7
                if type_code == 0x26:
                    need(1)
                    at += 1
                elif type_code == 0xE7:
                    need(7)
                    at += 7
                else:
                    raise WireError("unexpected column type 0x%02x" % type_code)
                need(1)
                at += 1 + 2 * payload[at]
                columns.append(type_code)
            tokens.append(("COLMETADATA", count))
        elif token == 0xD1:  # ROW
            for type_code in columns:
                if type_code == 0x26:
                    need(1)
                    at += 1 + payload[at]
                else:
                    need(2)
                    length = struct.unpack_from("<H", payload, at)[0]
                    at += 2 + (0 if length == 0xFFFF else length)
                need(0)
            tokens.append(("ROW", None))
        elif token in (0xFD, 0xFE, 0xFF):  # DONE, DONEPROC, DONEINPROC
            need(12)
            status = struct.unpack_from("<H", payload, at)[0]
            at += 12
            tokens.append(("DONE", status))
        elif token in (0xAA, 0xAB, 0xE3):  # ERROR, INFO, ENVCHANGE
            need(2)
            at += 2 + struct.unpack_from("<H", payload, at)[0]
            tokens.append(("MSG", token))
        else:
            raise WireError("unknown token 0x%02x at byte %d (a token was cut before it)" % (token, at - 1))
    return tokens


def attention_reply(client, read_before):
    """Reads the reply to a cancelled request (read_before: the payload of its
    packets read before the attention) and the acknowledgement."""
    reply = parse_tokens(read_before + client.read_message())
    ack = parse_tokens(client.read_message())
    return reply, ack


ATTN, MORE = 0x20, 0x01


def check_cancelled(client, what, read_before=b""):
    try:
        started = time.monotonic()
        reply, ack = attention_reply(client, read_before)
        elapsed = time.monotonic() - started
    except (WireError, socket.timeout) as e:
        ok(False, what + ": the reply parses token by token (%s)" % e)
        return None
    ok(reply[-1][0] == "DONE" and not reply[-1][1] & (ATTN | MORE) and
       all(t != "DONE" or not s & ATTN for t, s in reply),
       what + ": the reply ends with a final DONE of its own, at a token boundary")
    ok(ack == [("DONE", ATTN)], what + ": then a separate message, DONE(ATTN) alone (got %s)" % ack)
    ok(elapsed < 2, what + ": acknowledged within 2 s (%.0f ms)" % (elapsed * 1000))
    return reply


def check_usable(client, what):
    client.batch("SELECT 42 AS answer")
    try:
        tokens = parse_tokens(client.read_message())
    except (WireError, socket.timeout) as e:
        ok(False, what + ": the next batch is answered (%s)" % e)
        return
    ok([t for t, _ in tokens] == ["COLMETADATA", "ROW", "DONE"], what + ": the next batch is answered")


def main():
    if not os.environ.get("MSSQL_HOST"):
        print("1..0 # SKIP no TDS test server (MSSQL_HOST unset)")
        return 0
    if os.environ.get("MSSQL_IS_TEST_SERVER") != "1":
        print("1..0 # SKIP tests of the TDS test server itself")
        return 0
    mssql("IF OBJECT_ID('dbo.AttnRows') IS NOT NULL DROP TABLE dbo.AttnRows")
    mssql("CREATE TABLE dbo.AttnRows (Id int NOT NULL PRIMARY KEY, V nvarchar(50))")
    backend("INSERT INTO dbo.attnrows SELECT g, 'row number ' || g FROM generate_series(1, 200000) g")

    # Cancel while rows stream, at random points: the client reads some of the
    # reply first (so the attention lands mid-stream), then sends ATTENTION.
    rng = random.Random(int(os.environ.get("ATTENTION_SEED", "0")) or None)
    for round_number in range(5):
        client = Client()
        client.login()
        client.batch("SELECT Id, V FROM dbo.AttnRows")
        read_before = b""
        for _ in range(rng.randint(1, 40)):
            read_before += client.read_packet()[1]
        client.attention()
        what = "cancel mid-stream, round %d" % (round_number + 1)
        reply = check_cancelled(client, what, read_before)
        if reply is not None:
            rows = sum(1 for t, _ in reply if t == "ROW")
            ok(0 < rows < 200000, what + ": the reply stopped early (%d rows, all complete)" % rows)
        check_usable(client, what)
        client.sock.close()

    # Cancel while the statement waits (delay fault), after an earlier statement's DONE.
    mssql("EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 5000")
    try:
        client = Client()
        client.login()
        client.batch("SET NOCOUNT ON SELECT Id FROM dbo.AttnRows WHERE Id = 1")
        time.sleep(0.3)
        client.attention()
        reply = check_cancelled(client, "cancel while a statement waits")
        if reply is not None:
            ok(not any(t == "ROW" for t, _ in reply), "cancel while a statement waits: no rows")
        check_usable(client, "cancel while a statement waits")
    finally:
        mssql("EXEC tds_test_fault @kind = 'clear'")

    # An attention after the reply had ended: acknowledged on its own.
    client.batch("SELECT 1 AS one")
    parse_tokens(client.read_message())
    client.attention()
    try:
        ok(parse_tokens(client.read_message()) == [("DONE", ATTN)], "an attention after the reply: DONE(ATTN) alone")
    except (WireError, socket.timeout) as e:
        ok(False, "an attention after the reply: DONE(ATTN) alone (%s)" % e)
    check_usable(client, "an attention after the reply")
    client.sock.close()

    # A client that goes away while its statement waits: the session ends at
    # once (sys.dm_exec_sessions lists the live ones), not when the wait is over.
    def sessions(program):
        return mssql("SELECT COUNT(*) FROM sys.dm_exec_sessions WHERE program_name = '%s'" % program).strip()

    mssql("EXEC tds_test_fault @kind = 'delay_per_statement_ms', @count = 30000")
    try:
        client = Client()
        client.login("attention.py gone")
        ok(sessions("attention.py gone") == "1", "sys.dm_exec_sessions lists a logged-in session")
        client.batch("SELECT 1 AS one")
        time.sleep(0.3)
        client.sock.close()
        deadline = time.monotonic() + 3
        while sessions("attention.py gone") != "0" and time.monotonic() < deadline:
            time.sleep(0.1)
        ok(sessions("attention.py gone") == "0", "a client closing its connection mid-statement ends its session")
    finally:
        mssql("EXEC tds_test_fault @kind = 'clear'")
    print("1..%d" % tap)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
