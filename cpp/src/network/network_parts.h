// The simulator's private parts (network.cpp, network_stats.cpp, jacobian_tasks.cpp):
// its ops, the place of each layer among them, the tasks of a run, the Jacobian's state.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "actlab/layers.h"
#include "actlab/network.h"
#include "../shared/singular_values.h"

namespace actlab {

// One op of the stack: tensors_[i + 1] = layer(tensors_[i]), or, for an add,
// tensors_[i + 1] = tensors_[from] + alpha * tensors_[i].
struct Network::Op {
  std::unique_ptr<Layer> layer;  // nullptr for an add
  int from = -1;                 // add: the tensor the skip starts at
  float alpha = 1.0f;            // add: the branch's scale
};

// Layer l's place among the ops and tensors.
struct Network::Block {
  int dense = 0;       // its dense op
  int act = 0;         // its activation op; tensors_[act] is z
  int out = 0;         // the tensor that is a_l
  bool branch_end = false;
};

struct Network::Task {
  enum class Kind { draw_rows, draw_done, forward, summary, edges, histogram, backward_begin, backward, backward_done, backward_end,
                    jacobian_begin, jacobian_op, jacobian_sweep, jacobian_end, finish };
  Kind kind;
  int index = 0;      // the block (1-based) or the op
  size_t part = 0;    // the part of an op, or the first row drawn
  size_t rows = 0;    // draw_rows: rows drawn up to
  double work = 1;    // multiply-adds, or their equivalent
};

// d a_L / d a_0 of one sample as it is propagated (rows x cols: the current tensor's features x input_width), then its SVD.
struct Network::JacobianState {
  std::vector<double> j, next, skip;  // J of the current tensor, of an op's output, of the pending skip's start
  size_t rows = 0, cols = 0;
  std::vector<char> skip_start;       // per tensor: an add's skip starts there
  int exponent = 0;                   // the true J (and skip) = j * 2^exponent
  bool finite = true;
  std::unique_ptr<shared::JacobiSingularValues> svd;
};

}  // namespace actlab
