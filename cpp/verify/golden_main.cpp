// actlab_golden: prints the golden-hash JSON (./build.sh golden stores it in
// tests/golden/kernels.json).
#include <cstdio>

#include "golden.h"

int main() {
  std::fputs(actlab::verify::golden_json().c_str(), stdout);
  return 0;
}
