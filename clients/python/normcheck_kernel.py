"""Turn a pair of Python functions into a kernel process NormCheck can gate.

NormCheck (``normcheck gate --kernel-cmd 'python3 my_kernel.py'`` or
``ProcessKernel`` in Swift) starts the process and speaks the protocol of
``Protocol.md`` over its stdin and stdout. This module does the protocol;
you write ``forward(request)`` and ``backward(request)``::

    import normcheck_kernel as nk

    def forward(r):   # r.x, r.gamma, r.beta (float32 numpy arrays), r.shape, r.layout, ...
        ...
        return {"y": y, "mean": mean, "rstd": rstd}

    def backward(r):  # also r.mean, r.rstd, r.dy
        ...
        return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta}

    nk.serve("my-kernel", forward, backward, normalizers=["layer"], modes=["training"])

Raise ``Unsupported``, ``InvalidInput`` or ``OutsideFloatRange`` to refuse a
call with a typed error. Anything printed goes to stderr (stdout carries the
protocol), and NormCheck shows the last lines of stderr when the process dies.
Needs only the standard library and numpy.
"""

import json
import sys

import numpy as np

PROTOCOL = "normcheck-kernel"
VERSION = 1
MAX_HEADER_BYTES = 16 << 20

# The binary stream the protocol is written to (set by serve): only for
# clients that must write raw bytes themselves, such as a test of NormCheck's
# own robustness.
wire = None


class Unsupported(Exception):
    """The kernel does not implement this call (the handshake should not have announced it)."""


class InvalidInput(Exception):
    """The kernel rejects the input."""


class OutsideFloatRange(Exception):
    """The data lies where Float32 cannot meet the kernel's accuracy (statistic: the set index)."""

    def __init__(self, statistic, message):
        super().__init__(message)
        self.statistic = statistic


def check_float_range(mean, total):
    """Raises OutsideFloatRange for the first set whose float32 mean is not
    finite or whose var + eps (``total``) lies outside [2^-100, 2^100]: the
    range where float32 squares and rstd^2 stay normal. NormCheck accepts
    the refusal only on data near float32's limits (Protocol.md, "Errors"; FloatLimits);
    computing Inf, NaN or zeros there instead fails the gate."""
    mean, total = np.asarray(mean, dtype=np.float32), np.asarray(total, dtype=np.float32)
    bad = ~np.isfinite(mean) | ~np.isfinite(total) | (total < 2.0 ** -100) | (total > 2.0 ** 100)
    if bad.any():
        statistic = int(np.argmax(bad))
        raise OutsideFloatRange(statistic, f"mean {mean[statistic]}, var + eps {total[statistic]}: "
                                           "outside float32's range [2^-100, 2^100]")


class Request:
    """One call: ``call`` ("forward" or "backward"), ``kind`` ("batch", "layer", ...),
    ``normalizer`` (the whole object, e.g. with "groups"), ``mode``, ``eps``,
    ``momentum``, ``shape`` (N, C, H, W), ``layout`` ("nchw" or "nhwc"), and
    every array by name as a flat float32 array: x, gamma, beta, runningMean,
    runningVar (or None), and for backward mean, rstd, auxiliary (or None), dy."""

    def __init__(self, header, arrays):
        self.call = header["request"]
        self.normalizer = header["normalizer"]
        self.kind = self.normalizer["kind"]
        self.groups = self.normalizer.get("groups")
        self.mode = header["mode"]
        self.eps = header["eps"]
        self.momentum = header["momentum"]
        self.shape = tuple(int(d) for d in header["shape"])
        self.layout = header["layout"]
        self.arrays = arrays
        for name in ("x", "gamma", "beta", "runningMean", "runningVar", "mean", "rstd", "auxiliary", "dy"):
            setattr(self, name, arrays.get(name))

    def __repr__(self):
        return f"<{self.call} {self.kind} {self.mode} shape={self.shape} {self.layout}>"


def _read_exactly(stream, count):
    data = stream.read(count)
    if data is None or len(data) != count:
        raise EOFError(f"stdin ended after {0 if data is None else len(data)} of {count} bytes")
    return data


def _reply(stream, header, arrays=()):
    stream.write(json.dumps(header, allow_nan=False, separators=(",", ":")).encode() + b"\n")
    for values in arrays:
        stream.write(values.tobytes())
    stream.flush()


def _ok(stream, result):
    names, arrays = [], []
    for name, values in result.items():
        if values is None:
            continue
        values = np.ascontiguousarray(values, dtype="<f4").reshape(-1)
        names.append({"name": name, "count": int(values.size)})
        arrays.append(values)
    _reply(stream, {"status": "ok", "arrays": names}, arrays)


def _error(stream, kind, message, statistic=None):
    header = {"status": "error", "error": kind, "message": str(message)}
    if statistic is not None:
        header["statistic"] = int(statistic)
    _reply(stream, header)


def serve(name, forward, backward, normalizers, modes=("training", "inference"),
          layouts=("nchw", "nhwc"), capabilities=None):
    """Announce the kernel, then answer requests until stdin ends."""
    global wire
    source = sys.stdin.buffer
    wire = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the protocol
    handshake = {
        "protocol": PROTOCOL, "version": VERSION, "name": name, "dtypes": ["float32"],
        "supports": {"normalizers": list(normalizers), "modes": list(modes), "layouts": list(layouts)},
    }
    if capabilities is not None:
        handshake["capabilities"] = capabilities
    _reply(wire, handshake)
    calls = {"forward": forward, "backward": backward}
    while True:
        line = source.readline(MAX_HEADER_BYTES)
        if not line:
            return
        header = json.loads(line)
        arrays = {}
        for announced in header["arrays"]:
            count = int(announced["count"])
            arrays[announced["name"]] = np.frombuffer(_read_exactly(source, 4 * count), dtype="<f4").astype(np.float32)
        request = Request(header, arrays)
        try:
            result = calls[request.call](request)
        except Unsupported as error:
            _error(wire, "unsupported", error)
        except InvalidInput as error:
            _error(wire, "invalid-input", error)
        except OutsideFloatRange as error:
            _error(wire, "outside-float-range", error, error.statistic)
        else:
            _ok(wire, result)
