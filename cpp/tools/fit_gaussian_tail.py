"""Fits h(a) = Phi(-a) * exp(a^2 / 2) on [0, 14.5] as a polynomial in
u = affine(t), t = 1 / (1 + a / 3), and prints the coefficients used by
cpp/src/ops/gaussian.cpp: `fit_gaussian_tail.py 13` (the derivative's fit,
2.2e-10) and `fit_gaussian_tail.py 9` (the forward's, 1.7e-8). Run with
Debian's /usr/bin/python3 (numpy, mpmath)."""
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 40
A, C = 14.5, 3.0
DEGREE = int(sys.argv[1]) if len(sys.argv) > 1 else 13


def h(a):
    """The scaled Gaussian tail, to 40 digits."""
    a = mp.mpf(a)
    return mp.erfc(a / mp.sqrt(2)) / 2 * mp.exp(a * a / 2)


def main():
    t_min = 1 / (1 + A / C)
    nodes = np.cos(np.pi * (np.arange(600) + 0.5) / 600)
    t = t_min + (1 - t_min) * (nodes + 1) / 2
    values = np.array([float(h(C * (1 / ti - 1))) for ti in t])
    fit = np.polynomial.chebyshev.Chebyshev.fit(t, values, DEGREE, domain=[t_min, 1])
    coefficients = np.polynomial.chebyshev.cheb2poly(fit.coef)
    scale, shift = 2 / (1 - t_min), -(1 + t_min) / (1 - t_min)
    check = np.linspace(t_min, 1, 2001)
    u = check * scale + shift
    approx = np.zeros_like(u)
    for c in coefficients[::-1]:
        approx = approx * u + c
    exact = np.array([float(h(C * (1 / ti - 1))) for ti in check])
    print("max relative error %.3g" % np.max(np.abs(approx / exact - 1)))
    print("scale %.17g shift %.17g" % (scale, shift))
    print(",\n".join("%.17g" % c for c in coefficients[::-1]))


if __name__ == "__main__":
    main()
