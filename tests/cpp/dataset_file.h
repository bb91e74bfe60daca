// Reads the training lab's data set files (web/data/*.bin.gz, format in
// web/data/make_datasets.py) for native tests, with zlib.
#pragma once
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "actlab/trainer.h"

namespace actlab::testing {

// The training and test parts of a data set file; empty sets (and *error) when it cannot be read.
struct DatasetFile {
  Dataset train, test;
};

inline DatasetFile read_dataset_file(const std::string& path, std::string* error) {
  DatasetFile out;
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) {
    *error = "cannot open " + path;
    return out;
  }
  std::vector<unsigned char> bytes;
  unsigned char buffer[1 << 16];
  for (int n; (n = gzread(file, buffer, sizeof buffer)) > 0;) bytes.insert(bytes.end(), buffer, buffer + n);
  gzclose(file);
  if (bytes.size() < 28 || std::memcmp(bytes.data(), "ACTLABDS", 8) != 0) {
    *error = path + ": not an ActLab data set";
    return out;
  }
  uint32_t train, test, features, classes;
  float scale;
  std::memcpy(&train, &bytes[8], 4), std::memcpy(&test, &bytes[12], 4), std::memcpy(&features, &bytes[16], 4);
  std::memcpy(&classes, &bytes[20], 4), std::memcpy(&scale, &bytes[24], 4);
  const size_t total = train + test, labels_at = 28 + total * features;
  if (bytes.size() != labels_at + total) {
    *error = path + ": wrong size";
    return out;
  }
  for (size_t i = 0; i < total; ++i) {
    Dataset& d = i < train ? out.train : out.test;
    d.features = static_cast<int>(features), d.classes = static_cast<int>(classes);
    for (size_t f = 0; f < features; ++f) d.x.push_back(bytes[28 + i * features + f] / scale);
    d.labels.push_back(bytes[labels_at + i]);
  }
  return out;
}

}  // namespace actlab::testing
