#!/usr/bin/env python3
"""Derives the small data sets the training lab downloads on demand.

  fashion-mnist-12k.bin.gz  10,000 training + 2,000 test images of Fashion-MNIST
                         (Debian package dataset-fashion-mnist, MIT licence),
                         the first images of each official split, 28x28 grey.
  digits-8x8.bin.gz      the 1,797 8x8 handwritten digits bundled with
                         scikit-learn (Debian package python3-sklearn; the
                         data come from the UCI ML repository, CC BY 4.0),
                         first 1,500 for training, the rest for testing.

Each file is gzip-compressed (browsers open it with DecompressionStream);
the format inside (little-endian): the 8 bytes "ACTLABDS", then uint32 train
count, uint32 test count, uint32 features, uint32 classes, float32 scale,
then (train + test) x features uint8 values (feature = value / scale), then
(train + test) uint8 labels. Run: /usr/bin/python3 web/data/make_datasets.py
"""
import gzip
import struct
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
    print(f"{name}: {len(train_y)} + {len(test_y)} samples, {features} features, {len(header) + len(body)} bytes")


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


if __name__ == "__main__":
    fashion()
    digits()
