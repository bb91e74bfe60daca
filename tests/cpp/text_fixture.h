// Readers for the tab-separated PyTorch fixtures (tests/fixtures/*.txt) and
// the comparison rule the native fixture tests share.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sweep.h"
#include "test_support.h"

namespace actlab::testing {

// The fields of s between separators.
inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, sep);) out.push_back(item);
  return out;
}

// The data lines of tests/fixtures/<name> (not empty, not '#' comments), split at tabs.
inline std::vector<std::vector<std::string>> fixture_rows(const std::string& name) {
  std::ifstream in(source_path("tests/fixtures/" + name));
  EXPECT_TRUE(in.good()) << name;
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') rows.push_back(split(line, '\t'));
  return rows;
}

// True when ours matches torch within rel * |torch| + abs (NaN matches NaN;
// inf matches a float64 value beyond the float range, which rounds to it).
inline bool close(double ours, double torch, double rel, double abs) {
  if (std::isnan(torch) || std::isnan(ours)) return std::isnan(torch) && std::isnan(ours);
  if (std::isinf(ours) && std::isfinite(torch)) return verify::ulp_error(static_cast<float>(ours), torch) == 0;
  if (std::isinf(torch) || std::isinf(ours)) return ours == torch;
  return std::fabs(ours - torch) <= rel * std::fabs(torch) + abs;
}

}  // namespace actlab::testing
