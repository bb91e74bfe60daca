// Weight initialisation (shared by the simulator, cpp/src/network, and the trainer, cpp/src/train).
#pragma once
#include <cstddef>

#include "actlab/draw_cache.h"
#include "actlab/network.h"

namespace actlab::shared {

// The PCG32 stream of each random tensor: weights of layer l use stream l.
constexpr uint64_t kInputStream = 0x494e505554ULL;      // "INPUT"
constexpr uint64_t kUpstreamStream = 0x5550535452ULL;   // "UPSTR"
constexpr uint64_t kBiasStream = 0x42494153ULL << 24;   // "BIAS" << 24: the biases of layer l use stream kBiasStream + l

// Which draws the config's scheme uses (false: none, for "constant").
bool init_draw_kind(const NetworkConfig& config, DrawCache::Kind* kind);

// Fills w (rows x cols, row-major; rows = fan_out, cols = fan_in) by the
// config's scheme from rows * cols draws of the kind init_draw_kind names
// (nullptr for "constant"), taken in row-major order.
void init_weights(const NetworkConfig& config, size_t rows, size_t cols, const double* draws, float* w);
// The same with the fans given (a convolution's are channels x k x k and filters x k x k).
void init_weights(const NetworkConfig& config, size_t rows, size_t cols, double fan_in, double fan_out, const double* draws, float* w);

// Var of one weight under the config's scheme for a layer with these fans (orthogonal: gain^2 / fan_in,
// what an orthogonal square matrix's entries average); NaN for "constant".
double weight_variance(const NetworkConfig& config, double fan_in, double fan_out);

// gain * Q, rows x cols row-major, with orthonormal columns (rows >= cols) or
// rows (rows < cols): Householder QR of a Gaussian matrix in double, with
// Q's columns signed so R has a positive diagonal (as torch.nn.init.orthogonal_).
void orthogonal_weights(size_t rows, size_t cols, double gain, const double* normals, float* w);

}  // namespace actlab::shared
