// Nielsen's measurement (Neural Networks and Deep Learning, ch. 5) on our
// data: four sigmoid hidden layers of 30 units, W ~ N(0, 1/n_in),
// b ~ N(0, 1), cross-entropy, 1000 training images; at initialisation each
// hidden layer's learning speed ||dC/db_l|| is far below the next one's.
// Nielsen reports 0.003, 0.017, 0.070, 0.285 on MNIST; we use Fashion-MNIST.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "actlab/trainer.h"
#include "dataset_file.h"

namespace actlab {
namespace {

TEST(Nielsen, EachHiddenLayerLearnsAtLeastTwiceAsFastAsTheOneBeforeItAtInitialisation) {
  std::string error;
  const testing::DatasetFile data = testing::read_dataset_file(std::string(ACTLAB_SOURCE_DIR) + "/web/data/fashion-mnist-12k.bin.gz", &error);
  ASSERT_EQ(error, "");
  std::vector<size_t> first_1000(1000);
  std::iota(first_1000.begin(), first_1000.end(), size_t{0});
  std::vector<std::vector<double>> speeds(4);  // per hidden layer, one per seed
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    TrainConfig c;
    c.input_width = 784, c.classes = 10, c.seed = seed;
    c.hidden.assign(4, HiddenLayer{30, {"sigmoid", {}, {}}});
    c.init = InitScheme::lecun_normal;  // N(0, 1/n_in)
    c.bias_std = 1.0;
    std::unique_ptr<Trainer> t = Trainer::create(c, &error);
    ASSERT_TRUE(t) << error;
    t->compute_gradients(data.train, first_1000.data(), first_1000.size());
    for (int l = 1; l <= 4; ++l) {
      double squares = 0;
      for (float g : t->grad_biases(l)) squares += static_cast<double>(g) * g;
      speeds[l - 1].push_back(std::sqrt(squares));
    }
  }
  std::vector<double> median(4);
  for (int l = 0; l < 4; ++l) {
    std::vector<double> v = speeds[l];
    std::nth_element(v.begin(), v.begin() + 2, v.end());
    median[l] = v[2];
  }
  std::printf("||dC/db_l|| at initialisation, median of 5 seeds: %.4f %.4f %.4f %.4f (Nielsen, MNIST: 0.003 0.017 0.070 0.285)\n",
              median[0], median[1], median[2], median[3]);
  for (int l = 1; l < 4; ++l) EXPECT_GE(median[l], 2 * median[l - 1]) << "layer " << l + 1 << " vs layer " << l;
}

}  // namespace
}  // namespace actlab
