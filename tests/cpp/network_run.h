// A simulator network for a test: created (failing the test with the engine's reason if refused) and run.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "actlab/network.h"

namespace actlab::testing {

// The network of config, run once; nullptr (and a test failure) when the engine refuses it.
inline std::unique_ptr<Network> created_and_run(const NetworkConfig& config) {
  std::string error;
  std::unique_ptr<Network> net = Network::create(config, &error);
  EXPECT_NE(net, nullptr) << error;
  if (net) net->run();
  return net;
}

}  // namespace actlab::testing
