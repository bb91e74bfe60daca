// Names of the formula language and the texts its messages share.
#include "names.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace actlab::formula {
namespace {
constexpr Function kFunctions[] = {
    {"exp", Op::kExp, 1},   {"expm1", Op::kExpm1, 1}, {"log", Op::kLog, 1}, {"log1p", Op::kLog1p, 1},
    {"sqrt", Op::kSqrt, 1}, {"abs", Op::kAbs, 1},     {"sin", Op::kSin, 1}, {"cos", Op::kCos, 1},
    {"erf", Op::kErf, 1},   {"min", Op::kMin, 2},     {"max", Op::kMax, 2},
    {"where", Op::kWhere, 3},
};
constexpr const char* kRowOperations[] = {"softmax", "softmin", "log_softmax", "maxout"};

// Levenshtein distance of a and b (both short: names).
size_t distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
}  // namespace

const Function* find_function(std::string_view name) {
  for (const Function& f : kFunctions)
    if (name == f.name) return &f;
  return nullptr;
}

std::string unknown_name_message(std::string_view name, int column, const std::vector<Parameter>& params) {
  std::vector<std::string> known = {"x", "pi", "e"};
  for (const Function& f : kFunctions) known.push_back(f.name);
  for (const Activation& a : activations()) known.push_back(a.id);
  for (const Parameter& p : params) known.push_back(p.name);
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;  // near enough: at most 2 edits, or a third of the name
  for (const std::string& candidate : known) {
    const size_t d = distance(name.substr(0, 64), candidate);
    if (d < best_distance) best = candidate, best_distance = d;
  }
  std::string shown(name.substr(0, 40));
  if (name.size() > 40) shown += "...";
  std::string message = "unknown name '" + shown + "' at column " + std::to_string(column);
  if (!best.empty()) return message + "; did you mean " + best + "?";
  return message + " (use x, a number, a function such as exp or sigmoid, or a parameter declared after ';')";
}

std::string not_elementwise_message(std::string_view name) {
  for (const char* row : kRowOperations)
    if (name == row) return std::string(row) + " is a row operation (it mixes the entries of a row), not a function of one x";
  if (find_gated_unit(name)) return std::string(name) + " is a gated unit of two inputs (gate and value), not a function of one x";
  return "";
}

std::string check_parameter_name(std::string_view name, const std::vector<Parameter>& declared) {
  const std::string n(name);
  if (name == "x" || name == "pi" || name == "e" || name == "in") return "'" + n + "' is reserved and cannot be a parameter";
  if (find_function(name) || find_activation(name)) return "'" + n + "' is a function and cannot be a parameter";
  for (const Parameter& p : declared)
    if (p.name == name) return "parameter '" + n + "' is declared twice";
  return "";
}

std::string parameter_list(const Activation& activation) {
  if (activation.param_count == 0) return "";
  std::string list = " (";
  for (int i = 0; i < activation.param_count; ++i) list += std::string(i ? ", " : "") + activation.params[i].name;
  return list + ")";
}

std::string number_text(double value) {
  char buf[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  return buf;
}

void catalog_values(const Instruction& instruction, const float* values, float* params) {
  default_params(activations()[instruction.index], params);
  for (size_t i = 0; i < instruction.catalog_params.size(); ++i) {
    const int slot = instruction.catalog_params[i];
    params[i] = slot < 0 ? static_cast<float>(instruction.catalog_literals[-slot - 1]) : values[slot];
  }
}

}  // namespace actlab::formula
