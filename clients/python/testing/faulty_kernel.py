"""The numpy example kernels, misbehaving on purpose for one normalizer:
NormCheck's tests of its own robustness (a broken kernel never breaks the gate).

    python3 faulty_kernel.py FAULT KIND

FAULT is what the process does on every call whose normalizer is KIND
(batch, layer or group); other calls are answered correctly:
  hang     never answers
  crash    writes a line to stderr and dies by SIGSEGV
  garbage  writes bytes that are no header
  huge     announces a y of 2^40 values
  extra    answers correctly, then writes 4 bytes more
  unsupported  refuses as unsupported what the handshake announced
"""

import io
import os
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples"))
import numpy_kernels  # noqa: E402
import normcheck_kernel as nk  # noqa: E402


def misbehave(fault, r, forward):
    if fault == "unsupported":
        raise nk.Unsupported(f"{r.kind} is not implemented after all")
    if fault == "extra":
        reply = io.BytesIO()
        nk._ok(reply, forward(r))
        nk.wire.write(reply.getvalue() + b"more")  # one write: the extra bytes arrive with the reply
        nk.wire.flush()
    elif fault == "hang":
        time.sleep(3600)
    elif fault == "crash":
        print("faulty kernel: crashing on purpose", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGSEGV)
    elif fault == "garbage":
        nk.wire.write(b"\x00\x01garbage, not a header\n")
        nk.wire.flush()
    elif fault == "huge":
        nk.wire.write(b'{"status":"ok","arrays":[{"name":"y","count":1099511627776}]}\n')
        nk.wire.flush()
    else:
        raise SystemExit(f"unknown fault {fault}")
    time.sleep(3600)  # NormCheck kills the process; never reply twice


def main():
    fault, kind = sys.argv[1], sys.argv[2]
    forward = numpy_kernels.make_forward()

    def faulty_forward(r):
        if r.kind == kind:
            return misbehave(fault, r, forward)
        return forward(r)

    numpy_kernels.serve(f"faulty-{fault}-{kind}", faulty_forward)


if __name__ == "__main__":
    main()
