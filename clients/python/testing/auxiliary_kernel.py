"""The numpy example kernels, keeping a copy of x-hat as saved auxiliary
values and computing backward from it: NormCheck's test that auxiliary
values travel back to backward unchanged (Protocol.md, "Replies")."""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples"))
import numpy_kernels  # noqa: E402
import normcheck_kernel as nk  # noqa: E402

plain_forward = numpy_kernels.make_forward()


def forward(r):
    result = plain_forward(r)
    rows = numpy_kernels.sets(numpy_kernels.to_nchw(r.x, r), r)
    xhat = numpy_kernels.unsets((rows - result["mean"][:, None]) * result["rstd"][:, None], r)
    result["auxiliary"] = numpy_kernels.from_nchw(xhat, r)
    return result


def backward(r):
    if r.auxiliary is None or r.auxiliary.size != r.x.size:
        raise nk.InvalidInput("the auxiliary values saved by forward did not come back")
    rows = numpy_kernels.sets(numpy_kernels.to_nchw(r.x, r), r)
    xhat = numpy_kernels.unsets((rows - r.mean[:, None]) * r.rstd[:, None], r)
    if not np.array_equal(numpy_kernels.from_nchw(xhat, r), r.auxiliary):
        raise nk.InvalidInput("the auxiliary values came back changed")
    return numpy_kernels.backward(r)


if __name__ == "__main__":
    numpy_kernels.serve("numpy-norms-auxiliary", forward, backward)
