"""The numpy example kernels with one bug: the unbiased variance
sum((x - mean)^2) / (m - 1) in place of the population variance that
BatchNorm, LayerNorm and GroupNorm normalize with. The gate must catch it.

    normcheck gate --kernel-cmd 'python3 clients/python/examples/buggy_numpy_kernels.py'
"""

import numpy as np

import numpy_kernels


def unbiased_variance(rows, mean):
    return np.sum(np.square(rows - mean[:, None]), axis=1) / np.float32(max(rows.shape[1] - 1, 1))


if __name__ == "__main__":
    numpy_kernels.serve("numpy-norms-unbiased", numpy_kernels.make_forward(unbiased_variance))
