"""BatchNorm, LayerNorm and GroupNorm in numpy (float32), as a kernel process.

    normcheck gate --kernel-cmd 'python3 clients/python/examples/numpy_kernels.py'

BatchNorm (Ioffe & Szegedy 2015) in training, with the running-statistics
update (PyTorch convention, unbiased batch variance), and in inference from
the running statistics; LayerNorm (Ba et al. 2016) over (C, H, W) with
per-channel gamma and beta; GroupNorm (Wu & He 2018). Forward and backward,
NCHW and NHWC. The statistics are two-pass (mean, then the mean of squared
deviations) in float32: robust for data with a large mean, unlike
E[x^2] - E[x]^2. The formulas are those of NormCheck's Docs/Normalizers.md
and Docs/Backward.md.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import normcheck_kernel as nk  # noqa: E402


def to_nchw(values, r):
    n, c, h, w = r.shape
    if r.layout == "nchw":
        return values.reshape(n, c, h, w)
    return values.reshape(n, h, w, c).transpose(0, 3, 1, 2)


def from_nchw(values, r):
    return (values if r.layout == "nchw" else values.transpose(0, 2, 3, 1)).reshape(-1)


def sets(x, r):
    """The (sets, elements) view of an NCHW tensor: one row per normalization
    set, rows in NormCheck's statistics order (BN: c; LN: n; GN: n*G + g)."""
    n, c, h, w = r.shape
    if r.kind == "batch":
        return x.transpose(1, 0, 2, 3).reshape(c, n * h * w)
    if r.kind == "layer":
        return x.reshape(n, c * h * w)
    if r.kind == "group":
        return x.reshape(n * r.groups, (c // r.groups) * h * w)
    raise nk.Unsupported(r.kind)


def unsets(rows, r):
    """The inverse of sets: NCHW from one row per set."""
    n, c, h, w = r.shape
    if r.kind == "batch":
        return rows.reshape(c, n, h, w).transpose(1, 0, 2, 3)
    return rows.reshape(n, c, h, w)


def biased_variance(rows, mean):
    """The population variance of each row: mean((x - mean)^2)."""
    return np.mean(np.square(rows - mean[:, None]), axis=1)


def channel(values):
    return values.reshape(1, -1, 1, 1)


def make_forward(variance=biased_variance):
    def forward(r):
        x = to_nchw(r.x, r)
        rows = sets(x, r)
        eps = np.float32(r.eps)
        if r.mode == "inference":
            mean, var = r.runningMean, r.runningVar
        else:
            mean = np.mean(rows, axis=1)
            with np.errstate(over="ignore", invalid="ignore", under="ignore"):
                var = variance(rows, mean)
            nk.check_float_range(mean, var + eps)
        rstd = np.float32(1) / np.sqrt(var + eps)
        xhat = unsets((rows - mean[:, None]) * rstd[:, None], r)
        y = channel(r.gamma) * xhat + channel(r.beta)
        result = {"y": from_nchw(y, r), "mean": mean, "rstd": rstd}
        if r.mode == "training" and r.runningMean is not None:
            m = rows.shape[1]
            momentum = np.float32(r.momentum)
            result["runningMean"] = (1 - momentum) * r.runningMean + momentum * mean
            result["runningVar"] = (1 - momentum) * r.runningVar + momentum * var * np.float32(m / (m - 1))
        return result
    return forward


def backward(r):
    """Training: dx = rstd (g - mean_S(g) - xhat mean_S(g xhat)) with g = gamma dy.
    Inference (BN): dx = gamma dy rstd, the statistics being constants."""
    x, dy = to_nchw(r.x, r), to_nchw(r.dy, r)
    xhat = unsets((sets(x, r) - r.mean[:, None]) * r.rstd[:, None], r)
    g = channel(r.gamma) * dy
    if r.mode == "inference":
        dx = g * unsets(np.broadcast_to(r.rstd[:, None], sets(x, r).shape), r)
    else:
        g_rows, xhat_rows = sets(g, r), sets(xhat, r)
        mean_g = np.mean(g_rows, axis=1)[:, None]
        mean_gx = np.mean(g_rows * xhat_rows, axis=1)[:, None]
        dx = unsets(r.rstd[:, None] * (g_rows - mean_g - xhat_rows * mean_gx), r)
    return {"dx": from_nchw(dx, r), "dgamma": np.sum(dy * xhat, axis=(0, 2, 3)), "dbeta": np.sum(dy, axis=(0, 2, 3))}


def serve(name="numpy-norms", forward=None, backward=backward):
    nk.serve(name, forward or make_forward(), backward, normalizers=["batch", "layer", "group"],
             modes=["training", "inference"], layouts=["nchw", "nhwc"])


if __name__ == "__main__":
    serve()
