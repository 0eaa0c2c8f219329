"""LayerNorm and GroupNorm from torch.nn.functional, as a kernel process:
the same client as the numpy examples, gating PyTorch's own kernels.

    normcheck gate --kernel-cmd 'python3 clients/python/examples/torch_kernels.py'
    normcheck gate --kernel-cmd 'python3 clients/python/examples/torch_kernels.py --device cuda'

With --device cuda the arrays go to the GPU and back, so the GPU kernels are
what NormCheck checks. Backward is autograd's, from x and gamma (it recomputes
the forward; the saved statistics NormCheck sends back are not needed).
"""

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import normcheck_kernel as nk  # noqa: E402

DEVICE = sys.argv[sys.argv.index("--device") + 1] if "--device" in sys.argv else "cpu"


def tensor(values, r, requires_grad=False):
    """An NCHW tensor on DEVICE from a flat array in the request's layout."""
    n, c, h, w = r.shape
    t = torch.from_numpy(np.array(values, dtype=np.float32)).to(DEVICE)
    t = t.reshape(n, c, h, w) if r.layout == "nchw" else t.reshape(n, h, w, c).permute(0, 3, 1, 2)
    return t.contiguous().requires_grad_(requires_grad)


def flat(t, r):
    t = t if r.layout == "nchw" else t.permute(0, 2, 3, 1)
    return t.detach().contiguous().reshape(-1).cpu().numpy()


def normalize(x, gamma, beta, r):
    if r.kind == "layer":
        c, h, w = r.shape[1:]
        return F.layer_norm(x, (c, h, w), gamma[:, None, None].expand(c, h, w),
                            beta[:, None, None].expand(c, h, w), eps=r.eps)
    return F.group_norm(x, r.groups, gamma, beta, eps=r.eps)


def parameters(r, requires_grad=False):
    return (torch.from_numpy(r.gamma).to(DEVICE).requires_grad_(requires_grad),
            torch.from_numpy(r.beta).to(DEVICE).requires_grad_(requires_grad))


def forward(r):
    x = tensor(r.x, r)
    gamma, beta = parameters(r)
    with torch.no_grad():
        y = normalize(x, gamma, beta, r)
        sets = x.reshape(r.shape[0] * (r.groups or 1), -1)
        var, mean = torch.var_mean(sets, dim=1, unbiased=False)
    return {"y": flat(y, r), "mean": mean.cpu().numpy(), "rstd": torch.rsqrt(var + r.eps).cpu().numpy()}


def backward(r):
    x = tensor(r.x, r, requires_grad=True)
    gamma, beta = parameters(r, requires_grad=True)
    y = normalize(x, gamma, beta, r)
    dx, dgamma, dbeta = torch.autograd.grad(y, (x, gamma, beta), tensor(r.dy, r))
    return {"dx": flat(dx, r), "dgamma": dgamma.cpu().numpy(), "dbeta": dbeta.cpu().numpy()}


if __name__ == "__main__":
    nk.serve(f"torch-{DEVICE}", forward, backward, normalizers=["layer", "group"], modes=["training"])
