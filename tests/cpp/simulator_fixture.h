// What the simulator's PyTorch comparisons share (simulator_pytorch_test.cpp,
// simulator_layers_pytorch_test.cpp): our runs over the fixture's seeds and
// their statistics compared with PyTorch's as seed averages.
//
// Our seeds draw different numbers from torch's, so single runs cannot match;
// what must match is the distribution. For each per-layer statistic and each
// headline, a fixture gives PyTorch's mean and standard deviation over its
// seeds, and we compute ours the same way. If both engines sample the same
// distribution, the difference of the two means has standard error
//   se = sqrt((sd_ours^2 + sd_torch^2) / seeds)
// and we require |mean_ours - mean_torch| <= kTolerance * se.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "actlab/draw_cache.h"
#include "actlab/network.h"
#include "json_fixture.h"

namespace actlab::testing {

constexpr double kSimulatorTolerance = 5.0;  // standard errors of the difference of seed means

// One run per seed (our generator, the fixture's seed numbers), drawing through cache when given.
inline std::vector<SimulationResult> simulator_runs(NetworkConfig c, const std::vector<double>& seeds,
                                                    DrawCache* cache = nullptr) {
  std::vector<SimulationResult> out;
  for (double seed : seeds) {
    c.seed = static_cast<uint64_t>(seed);
    out.push_back(simulate(c, cache));
    EXPECT_TRUE(out.back().ok) << out.back().error;
  }
  return out;
}

// A per-layer statistic by its fixture name.
inline double layer_stat(const LayerStats& s, const std::string& name) {
  if (name == "aMean") return s.a_mean;
  if (name == "aStd") return s.a_std;
  if (name == "gradZRms") return s.grad_z_rms;
  if (name == "gradARms") return s.grad_a_rms;
  if (name == "zMean") return s.z_mean;
  if (name == "zStd") return s.z_std;
  if (name == "linearStd") return s.linear_std;
  ADD_FAILURE() << "unknown statistic " << name;
  return NAN;
}

// A headline number of one run, by its fixture name (make_simulator_fixture.py's HEADLINES).
inline double headline(const SimulationResult& r, const std::string& name) {
  const LayerStats &first = r.layers.front(), &last = r.layers.back();
  const double steps = static_cast<double>(r.layers.size() - 1);
  if (name == "gradZRmsFirstOverLast") return first.grad_z_rms / last.grad_z_rms;
  if (name == "lastAMean") return last.a_mean;
  if (name == "lastAStd") return last.a_std;
  if (name == "lastAStdOverFirst") return last.a_std / first.a_std;
  if (name == "aStdFactorPerLayer") return std::pow(last.a_std / first.a_std, 1 / steps);
  if (name == "gradZRmsFactorPerLayer") return std::pow(first.grad_z_rms / last.grad_z_rms, 1 / steps);
  ADD_FAILURE() << "unknown headline " << name;
  return NAN;
}

// Mean and sample standard deviation (n - 1) of values.
struct Spread {
  double mean = 0, sd = 0;
};
inline Spread spread(const std::vector<double>& values) {
  Spread s;
  for (double v : values) s.mean += v / values.size();
  for (double v : values) s.sd += (v - s.mean) * (v - s.mean) / (values.size() - 1);
  s.sd = std::sqrt(s.sd);
  return s;
}

// Our seed mean and spread of a headline.
inline Spread our_headline(const std::vector<SimulationResult>& ours, const std::string& name) {
  std::vector<double> values;
  for (const SimulationResult& r : ours) values.push_back(headline(r, name));
  return spread(values);
}

// How many standard errors our seed mean is from PyTorch's (see the top of this file).
inline double distance(Spread ours, double torch_mean, double torch_sd, double seeds) {
  const double se = std::sqrt((ours.sd * ours.sd + torch_sd * torch_sd) / seeds);
  return std::fabs(ours.mean - torch_mean) / se;
}

// The count of a configuration's per-layer statistics and headlines where our
// seed mean is more than kSimulatorTolerance standard errors from PyTorch's,
// and the largest distance of all (in standard errors).
struct Agreement {
  int disagreements = 0;
  double worst = 0;
};

// torch is a fixture configuration ("name", "layers" and "headlines", each a
// {"mean", "sd"} over seeds); ours are our runs of it. With report set, every
// disagreement fails the test and the headlines and the worst distance are printed.
inline Agreement compare_with_torch(const Json& torch, const std::vector<SimulationResult>& ours, bool report) {
  const double seeds = static_cast<double>(ours.size());
  Agreement out;
  auto check = [&](const std::string& what, Spread mine, double torch_mean, double torch_sd) {
    const double d = distance(mine, torch_mean, torch_sd, seeds);
    out.worst = std::max(out.worst, d);
    if (d <= kSimulatorTolerance) return;
    ++out.disagreements;
    if (report)
      ADD_FAILURE() << torch["name"].text << " " << what << ": ours " << mine.mean << " (sd " << mine.sd
                    << "), PyTorch " << torch_mean << " (sd " << torch_sd << "), " << d << " standard errors";
  };
  for (const auto& [name, stat] : torch["layers"].members) {
    const std::vector<double> mean = stat["mean"].numbers(), sd = stat["sd"].numbers();
    EXPECT_EQ(mean.size(), ours.front().layers.size()) << name;
    for (size_t l = 0; l < mean.size() && l < ours.front().layers.size(); ++l) {
      std::vector<double> values;
      for (const SimulationResult& r : ours) values.push_back(layer_stat(r.layers[l], name));
      check(name + " at layer " + std::to_string(l + 1), spread(values), mean[l], sd[l]);
    }
  }
  for (const auto& [name, h] : torch["headlines"].members) {
    const Spread mine = our_headline(ours, name);
    check(name, mine, h["mean"].number, h["sd"].number);
    if (report)
      std::cout << "  " << name << ": ours " << mine.mean << " (sd " << mine.sd << "), PyTorch " << h["mean"].number
                << " (sd " << h["sd"].number << ")\n";
  }
  if (report) std::cout << "  " << torch["name"].text << ": worst |ours - PyTorch| = " << out.worst << " se\n";
  return out;
}

}  // namespace actlab::testing
