#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for Outcry's tests (aiosmtpd), and DKIM helpers (dkimpy).

    sink.py serve DIR       listen on a free port, print "PORT <n>", write each accepted
                            message to DIR/<n>.eml with DIR/<n>.json (envelope) beside it
    sink.py serve-discard   the same server, keeping nothing (for benchmarks)
    sink.py blast PORT N C  the reference client for benchmarks: send N small messages over C
                            connections with smtplib, print "SENT <n> IN <seconds>"
    sink.py verify FILE TXT check FILE's DKIM signature against the TXT record TXT (no DNS):
                            prints "pass" or "fail"
    sink.py ed25519         print a new Ed25519 key: the seed and the public key, in base64

How the server answers depends on the recipient's local part, so one server plays every
fault a test needs:
    defer…   RCPT gets 451 4.7.1 (greylisting)
    throttle… RCPT gets 421 4.7.0 and the connection is closed (too many connections)
    reject…  RCPT gets 550 5.1.1 (no such user)
    full…    DATA gets 452 4.2.2 (mailbox full)
    drop…    the connection is closed in the middle of DATA, with no answer
    slow…    RCPT is answered (250) after 1.5 seconds: a relay that keeps Outcry waiting
    anything else is accepted with 250.
"""

import asyncio
import base64
import json
import os
import sys


def serve(directory):
    from aiosmtpd.smtp import SMTP

    if directory is not None:
        os.makedirs(directory, exist_ok=True)

    class Sink:
        def __init__(self):
            self.seq = 0

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            local = address.split("@", 1)[0].lower()
            if local.startswith("defer"):
                return "451 4.7.1 Greylisted, please try again later"
            if local.startswith("throttle"):
                # 421 is "closing the channel": say it, then close.
                await server.push("421 4.7.0 Too many connections, slow down")
                server.transport.close()
                return "421 4.7.0 Too many connections, slow down"
            if local.startswith("slow"):
                await asyncio.sleep(1.5)
            if local.startswith("reject"):
                return "550 5.1.1 No such user here"
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 OK"

        async def handle_DATA(self, server, session, envelope):
            if any(r.split("@", 1)[0].lower().startswith("full") for r in envelope.rcpt_tos):
                return "452 4.2.2 Mailbox full"
            if any(r.split("@", 1)[0].lower().startswith("drop") for r in envelope.rcpt_tos):
                # Nothing is answered: the client cannot know whether the message arrived.
                server.transport.abort()
                return "250 2.0.0 never sent"
            self.seq += 1
            if directory is None:
                return "250 2.0.0 Ok: queued as %08d" % self.seq
            name = os.path.join(directory, "%08d" % self.seq)
            meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}
            # Written under a temporary name and renamed, so a reader never sees half a file.
            for suffix, data in ((".eml", envelope.original_content or envelope.content),
                                 (".json", json.dumps(meta).encode())):
                with open(name + suffix + ".tmp", "wb") as f:
                    f.write(data)
                os.replace(name + suffix + ".tmp", name + suffix)
            return "250 2.0.0 Ok: queued as %08d" % self.seq

    handler = Sink()

    async def main():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(handler, hostname="sink.test", enable_SMTPUTF8=True,
                         decode_data=False),
            host="127.0.0.1", port=0)
        port = server.sockets[0].getsockname()[1]
        print("PORT %d" % port, flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def verify(path, txt):
    import dkim

    with open(path, "rb") as f:
        message = f.read()

    def dns(name, timeout=5):
        return txt.encode()

    # A key of the wrong type makes dkimpy raise rather than answer False: either way the
    # signature does not verify.
    try:
        ok = dkim.verify(message, dnsfunc=dns)
    except Exception as e:  # noqa: BLE001 - any failure to verify is a failure
        print("fail: %s" % e, file=sys.stderr)
        ok = False
    print("pass" if ok else "fail")


def blast(port, count, connections):
    import smtplib
    import threading
    import time

    body = ("From: bench@sink.test\r\nTo: official@official.example\r\n"
            "Subject: reference\r\n\r\n" + "An appeal of ordinary length.\r\n" * 30)
    share = [count // connections + (1 if i < count % connections else 0)
             for i in range(connections)]
    sent = [0] * connections

    def run(i):
        with smtplib.SMTP("127.0.0.1", port) as client:
            for _ in range(share[i]):
                client.sendmail("bench@sink.test", ["official@official.example"], body)
                sent[i] += 1

    start = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("SENT %d IN %.3f" % (sum(sent), time.monotonic() - start))


def ed25519():
    import nacl.signing

    key = nacl.signing.SigningKey.generate()
    print(base64.b64encode(bytes(key)).decode())
    print(base64.b64encode(bytes(key.verify_key)).decode())


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "serve" and len(sys.argv) == 3:
        serve(sys.argv[2])
    elif command == "serve-discard" and len(sys.argv) == 2:
        serve(None)
    elif command == "blast" and len(sys.argv) == 5:
        blast(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif command == "verify" and len(sys.argv) == 4:
        verify(sys.argv[2], sys.argv[3])
    elif command == "ed25519":
        ed25519()
    else:
        sys.exit(__doc__)
