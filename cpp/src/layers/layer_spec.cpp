// Layer specs: their names, their output shapes and the checks that refuse
// a spec that cannot apply (with the layer, the setting and the allowed range).
#include <cstdio>
#include <string>

#include "../shared/ranges.h"
#include "actlab/layers.h"
#include "layer_types.h"

namespace actlab {
namespace {

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// "4 x 4" for a shape's rows and columns.
std::string plane(Shape s) { return std::to_string(s.height) + " x " + std::to_string(s.width); }

// "" or "<where>: <name> = v is outside the allowed range [lo, hi]".
std::string check(const std::string& where, const char* name, double v, double lo, double hi) {
  const std::string message = shared::check_setting({name, lo, hi, true}, v);
  return message.empty() ? "" : where + ": " + message;
}

// "" or why a gated unit cannot apply to an input of this shape.
std::string check_gated(const std::string& where, const std::string& id, Shape in) {
  if (!find_gated_unit(id)) {
    std::string ids;
    for (const GatedUnit& g : gated_units()) ids += std::string(ids.empty() ? "" : ", ") + g.id;
    return where + ": unknown gated unit '" + id + "' (known: " + ids + ")";
  }
  if (in.channels % 2)
    return where + ": its input has " + std::to_string(in.channels) + (in.height * in.width > 1 ? " channels" : " features") +
           "; a gated unit splits them into a value half and a gate half, so it needs an even number (allowed: 2, 4, 6, ...)";
  return "";
}

}  // namespace

std::string describe(const LayerSpec& s) {
  switch (s.kind) {
    case LayerKind::dense: return "dense " + std::to_string(s.units);
    case LayerKind::conv2d:
      return "conv2d " + std::to_string(s.filters) + " " + std::to_string(s.kernel) + "x" + std::to_string(s.kernel) +
             (s.padding == Padding::same ? " same" : " valid");
    case LayerKind::maxpool: return "maxpool " + std::to_string(s.pool);
    case LayerKind::flatten: return "flatten";
    case LayerKind::activation: return s.activation.id;
    case LayerKind::dropout: return "dropout " + number(s.rate);
    case LayerKind::alpha_dropout: return "alphadropout " + number(s.rate);
    case LayerKind::batch_norm: return "batchnorm";
    case LayerKind::layer_norm: return "layernorm";
    case LayerKind::rms_norm: return "rmsnorm";
    case LayerKind::gated: return s.gated;
  }
  return "";
}

std::string layer_shapes(const std::vector<LayerSpec>& specs, Shape input, std::vector<Shape>* shapes) {
  shapes->clear();
  Shape in = input;
  for (size_t i = 0; i < specs.size(); ++i) {
    const LayerSpec& s = specs[i];
    const std::string where = "layer " + std::to_string(i + 1) + " (" + describe(s) + ")";
    const int side = std::min(in.height, in.width);
    Shape out = in;
    std::string message;
    switch (s.kind) {
      case LayerKind::dense:
        message = check(where, "units", s.units, 1, 4096);
        out = {s.units, 1, 1};
        break;
      case LayerKind::conv2d:
        message = check(where, "filters", s.filters, 1, 1024);
        if (message.empty() && s.kernel > side && s.kernel >= 1)
          message = where + ": kernel = " + std::to_string(s.kernel) + " is larger than the " + plane(in) + " input (allowed [1, " +
                    std::to_string(side) + "])";
        if (message.empty()) message = check(where, "kernel", s.kernel, 1, side);
        if (message.empty() && s.padding == Padding::same && s.kernel % 2 == 0)
          message = where + ": kernel = " + std::to_string(s.kernel) + " must be odd with 'same' padding (allowed: 1, 3, 5, ...)";
        out = {s.filters, in.height, in.width};
        if (s.padding == Padding::valid) out.height -= s.kernel - 1, out.width -= s.kernel - 1;
        break;
      case LayerKind::maxpool:
        if (s.pool > side && s.pool >= 1)
          message = where + ": pool = " + std::to_string(s.pool) + " is larger than the " + plane(in) + " input (allowed [1, " +
                    std::to_string(side) + "])";
        if (message.empty()) message = check(where, "pool", s.pool, 1, side);
        if (message.empty() && (in.height % s.pool || in.width % s.pool)) {
          std::string divisors;
          for (int d = 1; d <= side; ++d)
            if (in.height % d == 0 && in.width % d == 0) divisors += (divisors.empty() ? "" : ", ") + std::to_string(d);
          message = where + ": pool = " + std::to_string(s.pool) + " does not divide the " + plane(in) +
                    " input (allowed: " + divisors + ")";
        }
        if (message.empty()) out = {in.channels, in.height / s.pool, in.width / s.pool};
        break;
      case LayerKind::flatten: out = {static_cast<int>(in.size()), 1, 1}; break;
      case LayerKind::activation: message = shared::check_activation(s.activation, in.channels, where); break;
      case LayerKind::dropout:
      case LayerKind::alpha_dropout:
        if (!(s.rate >= 0 && s.rate < 1)) message = where + ": rate = " + number(s.rate) + " is outside the allowed range [0, 1)";
        break;
      case LayerKind::gated:
        message = check_gated(where, s.gated, in);
        out = {in.channels / 2, in.height, in.width};
        break;
      case LayerKind::batch_norm:
      case LayerKind::layer_norm:
      case LayerKind::rms_norm:
        if (s.eps != 0) message = check(where, "eps", s.eps, 1e-12, 1);
        break;
    }
    if (message.empty() && out.size() > (size_t{1} << 24))
      message = where + ": its output has " + std::to_string(out.size()) + " values per sample; at most 16777216";
    if (!message.empty()) return message;
    shapes->push_back(out);
    in = out;
  }
  return "";
}

std::unique_ptr<Layer> make_layer(const LayerSpec& spec, Shape in, Shape out, int index) {
  using namespace layers_detail;
  switch (spec.kind) {
    case LayerKind::dense: return make_dense(spec, in, out, index);
    case LayerKind::conv2d: return make_conv2d(spec, in, out, index);
    case LayerKind::maxpool: return make_maxpool(spec, in, out, index);
    case LayerKind::flatten: return make_flatten(spec, in, out, index);
    case LayerKind::activation: return make_activation(spec, in, out, index);
    case LayerKind::dropout: return make_dropout(spec, in, out, index);
    case LayerKind::alpha_dropout: return make_alpha_dropout(spec, in, out, index);
    case LayerKind::batch_norm:
    case LayerKind::layer_norm:
    case LayerKind::rms_norm: return make_norm(spec, in, out, index);
    case LayerKind::gated: return make_gated(spec, in, out, index);
  }
  return nullptr;
}

}  // namespace actlab
