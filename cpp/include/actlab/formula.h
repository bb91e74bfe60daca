// Activations typed as formulas: a small expression language in x, compiled
// to a straight-line program that is evaluated in float32 four lanes at a
// time (SIMD128 in the SIMD build), its derivative by forward-mode automatic
// differentiation over the same instructions, and a double-precision twin of
// the same program as its reference. Nothing typed is ever run as code.
//
// The language (one string):
//   formula [; parameter declarations]
//   x * tanh(softplus(x))
//   where(x > 0, x, a * expm1(x)); a in [0, 5] = 1
// Numbers (1, 0.5, 2e-3; beyond float range is an error), x, pi, e, declared
// parameters; + - * / ^ (^ binds tightest and to the right: -x^2 = -(x^2),
// 2^3^2 = 2^9); comparisons < <= > >= == != give 1 or 0; where(c, p, q) is
// p where c != 0, else q. Functions: exp expm1 log log1p sqrt abs sin cos erf
// (one argument), min max (two), where (three), and every elementwise
// catalogue activation by id (tanh(x), sigmoid(2*x), gelu(x), elu(x, 0.5):
// extra arguments are its parameters in catalogue order, numbers or declared
// parameters).
// A declaration is `name in [min, max] = value`, separated by ';' or ','.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace actlab::formula {

// Limits, each named in the message of a formula that passes it.
constexpr size_t kMaxLength = 1000;       // characters of the whole text
constexpr int kMaxDepth = 64;             // nesting of parentheses, calls and operators
constexpr size_t kMaxInstructions = 256;  // instructions of the compiled program
constexpr size_t kMaxParameters = 8;          // declared parameters

// What an instruction computes from its operands a, b, c (register numbers).
enum class Op : uint8_t {
  kConst, kX, kParam,                      // value, x, parameter[index]
  kAdd, kSub, kMul, kDiv, kPowInt, kPow,   // kPowInt: a ^ integer (index), by products
  kNeg, kLess, kLessEq, kGreater, kGreaterEq, kEqual, kNotEqual, kWhere,
  kExp, kExpm1, kLog, kLog1p, kSqrt, kAbs, kSin, kCos, kErf, kMin, kMax,
  kCatalog,                                // catalogue activation[index] of a
};

// One instruction: it writes register `out` (its own position in the program).
struct Instruction {
  Op op;
  int a = 0, b = 0, c = 0;   // operand registers
  int index = 0;             // parameter, integer power or catalogue index
  double value = 0;          // kConst
  std::vector<int> catalog_params = {};  // kCatalog: for each catalogue parameter, -1 - literal slot or a parameter index
  std::vector<double> catalog_literals = {};
};

// A declared parameter with its range and the value it starts at.
struct Parameter {
  std::string name;
  double min, max, value;
};

// A compiled formula: the program (the result is the last register) and its parameters.
struct Program {
  std::vector<Instruction> code;
  std::vector<Parameter> params;
  std::string text;  // the formula as compiled (for messages)
};

// The outcome of compile(): a program, or a message with the 1-based column
// (in characters) where the problem is, 0 when it is the text as a whole.
struct Compiled {
  bool ok = false;
  Program program;
  std::string message;
  int column = 0;
};

// Parses, checks and compiles text; never throws for any input.
Compiled compile(std::string_view text);

// "" when values (one per declared parameter, in order) are within their
// ranges and every catalogue call's parameters within the catalogue's;
// otherwise a message naming the parameter, the value and the range.
std::string check_values(const Program& program, const float* values);

// y = f(x) (derivative false) or f'(x) (true; NaN wherever f is NaN) for n floats, four lanes at a
// time; values: the declared parameters (check_values first). x == y is allowed.
void evaluate(const Program& program, const float* values, bool derivative, size_t n, const float* x, float* y);

// The catalogue's double reference f or f' of activation `index` (the twin's catalogue calls).
using CatalogReference = double (*)(int index, bool derivative, double x, const double* params);

// The double twin at one x: f(x), and f'(x) in *derivative (forward-mode AD in double).
double evaluate_double(const Program& program, const double* values, double x, CatalogReference reference,
                       double* derivative);

}  // namespace actlab::formula
