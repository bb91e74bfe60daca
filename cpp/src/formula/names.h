// The formula language's names: built-in functions, what a name could have
// been meant as (for "did you mean ...?"), and the small texts messages share.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "actlab/catalog.h"
#include "actlab/formula.h"

namespace actlab::formula {

// A built-in function: its operation and how many arguments it takes.
struct Function {
  const char* name;
  Op op;
  int arity;
};

// The built-in function called name, or nullptr.
const Function* find_function(std::string_view name);

// "unknown name 'sigmod' at column 5; did you mean sigmoid?" (the nearest known name, if near enough).
std::string unknown_name_message(std::string_view name, int column, const std::vector<Parameter>& params);

// Why catalogue name is not usable in a formula (a row operation, a gated unit), or "".
std::string not_elementwise_message(std::string_view name);

// Why name cannot be a parameter (reserved, a function, declared twice), or "".
std::string check_parameter_name(std::string_view name, const std::vector<Parameter>& declared);

// " (alpha)" or " (alpha_p, alpha_n, beta)": a catalogue activation's parameter names.
std::string parameter_list(const Activation& activation);

// A number as a message shows it (shortest form that reads back the same).
std::string number_text(double value);

// The catalogue parameters of a kCatalog instruction: defaults, then its literals and declared parameters.
void catalog_values(const Instruction& instruction, const float* values, float* params);

}  // namespace actlab::formula
