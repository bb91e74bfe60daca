"""Fits the exp polynomials of cpp/include/actlab/vecmath.h and prints their
coefficients and errors: exp(r) - 1 = r + r^2/2 + r^3 Q(r) on |r| <= ln2/2,
Q near-minimax (Lawson's iteratively reweighted least squares) for the error
relative to expm1(r). Four fits: float Q of degree 4 and 3 (expm1_reduced,
Poly::kDegree7 and Poly::kDegree6), double Q of degree 3 (exp_f64<kForward>)
and degree 5 (exp_f64<kDerivative>).
Run with Debian's /usr/bin/python3 (numpy, mpmath)."""
import mpmath as mp
import numpy as np

mp.mp.dps = 40
R = float(mp.log(2) / 2) * 1.0005  # a little past ln2/2: k ties round either way


def q_exact(r):
    """(expm1(r) - r - r^2/2) / r^3, to 40 digits."""
    r = mp.mpf(r)
    if abs(r) < mp.mpf("1e-30"):
        return mp.mpf(1) / 6
    return (mp.expm1(r) - r - r * r / 2) / r**3


def fit(degree, nodes=500, iterations=80):
    x = np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes) * R
    y = np.array([float(q_exact(v)) for v in x])
    weight = np.abs(x) ** 2  # the error of r^3 Q relative to expm1(r) ~ r
    vander = np.vander(x, degree + 1, increasing=True)
    lawson = np.ones(nodes)
    for _ in range(iterations):
        w = np.sqrt(lawson) * weight
        c, *_ = np.linalg.lstsq(vander * w[:, None], y * w, rcond=None)
        lawson *= np.abs((vander @ c - y) * weight)
        lawson /= lawson.sum()
    return c


def errors(c):
    worst_exp = worst_expm1 = 0.0
    for v in np.linspace(-R, R, 6001):
        v = mp.mpf(v)
        q = mp.mpf(0)
        for ci in c[::-1]:
            q = q * v + mp.mpf(ci)
        approx, exact = v + v * v / 2 + v**3 * q, mp.expm1(v)
        worst_exp = max(worst_exp, abs(float((approx - exact) / (exact + 1))))
        if v != 0:
            worst_expm1 = max(worst_expm1, abs(float((approx - exact) / exact)))
    return worst_exp, worst_expm1


def main():
    to_float = lambda v: float(np.float32(v))
    for label, degree, cast in (("float, expm1_reduced<kDegree7>", 4, to_float),
                                ("float, expm1_reduced<kDegree6>", 3, to_float),
                                ("double, exp_f64<kForward>", 3, float),
                                ("double, exp_f64<kDerivative>", 5, float)):
        c = [cast(v) for v in fit(degree)]
        e_exp, e_expm1 = errors(c)
        print(f"{label}: Q coefficients (lowest first) {[repr(v) for v in c]}")
        print(f"    max relative error: exp {e_exp:.3g}, expm1 {e_expm1:.3g}")


if __name__ == "__main__":
    main()
