#!/usr/bin/env python3
"""A real SMTP server for the email tests (aiosmtpd, Debian's python3-aiosmtpd).

Every accepted message is appended to --out as one JSON line, decoded with
Python's email package: envelope sender and recipients, Subject, Message-ID,
From, the text and HTML parts, and each part's transfer encoding. Faults can
be injected to test retries:

  --fail-first N     answer 451 (temporary) to the first N messages
  --drop-first N     close the connection instead of answering the first N
  --reject REGEX     answer 550 (permanent) to recipients matching REGEX
  --slow-first N     take 3 s to answer the first N messages (then accept them)
  --smtputf8         accept internationalised (UTF-8) addresses

Prints "PORT <n>" on stdout once it listens on 127.0.0.1.
"""

import argparse
import asyncio
import email
import email.policy
import json
import re
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    def __init__(self, args):
        self.args = args
        self.seen = 0
        self.lock = threading.Lock()
        self.reject = re.compile(args.reject) if args.reject else None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject.search(address):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            n = self.seen
        if n <= self.args.drop_first:
            # The client has sent the whole message and hears nothing back.
            server.transport.close()
            return "421 closing"
        if n <= self.args.drop_first + self.args.fail_first:
            return "451 4.3.0 try again later"
        if n <= self.args.drop_first + self.args.fail_first + self.args.slow_first:
            await asyncio.sleep(3)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parts = {}
        encodings = {}
        for part in msg.walk():
            ctype = part.get_content_type()
            if ctype in ("text/plain", "text/html") and ctype not in parts:
                parts[ctype] = part.get_content()
                encodings[ctype] = part.get("Content-Transfer-Encoding", "")
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "subject": str(msg["Subject"]),
            "headers": envelope.content.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace"),
            "message_id": str(msg["Message-ID"]),
            "text": parts.get("text/plain"),
            "html": parts.get("text/html"),
            "encodings": encodings,
        }
        with self.lock, open(self.args.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 2.0.0 OK"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--drop-first", type=int, default=0)
    p.add_argument("--slow-first", type=int, default=0)
    p.add_argument("--reject")
    p.add_argument("--smtputf8", action="store_true")
    args = p.parse_args()
    port = args.port or free_port()
    controller = Controller(
        Sink(args),
        hostname="127.0.0.1",
        port=port,
        enable_SMTPUTF8=args.smtputf8,
        decode_data=False,
    )
    controller.start()
    print(f"PORT {port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    # Also stop when the test process that started us goes away.
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
