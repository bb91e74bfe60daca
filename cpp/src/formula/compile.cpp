// The formula compiler: declarations, then the expression by recursive
// descent with a depth limit (so no input can exhaust the stack), emitted
// straight into the instruction list. Every error names its column. No C++
// exceptions (the wasm builds have none): the first error is kept, and from
// then on the token stream reads as ended, so every rule returns at once.
#include <algorithm>
#include <cmath>

#include "actlab/catalog.h"
#include "actlab/formula.h"
#include "lexer.h"
#include "names.h"

namespace actlab::formula {
namespace {

class Compiler {
 public:
  Compiler(std::vector<Token> tokens, std::string_view text) : tokens_(std::move(tokens)) { program_.text = text; }

  // The program, or false with the first error in *message / *column.
  bool run(Program* out, std::string* message, int* column) {
    size_t split = 0;
    while (tokens_[split].kind != TokenKind::kEnd && tokens_[split].text != ";") ++split;
    if (tokens_[split].text == ";") {
      at_ = split + 1;
      declarations();
      tokens_[split] = {TokenKind::kEnd, "", 0, tokens_[split].column};
    }
    at_ = 0;
    if (peek().kind == TokenKind::kEnd) fail("the formula is empty: write an expression in x, such as x * sigmoid(x)", 0);
    if (!failed_) expression(0);
    if (peek().kind != TokenKind::kEnd) fail("unexpected " + describe(peek()) + " at column " + std::to_string(peek().column) + "; expected an operator or the end", peek().column);
    check_every_parameter_used();
    if (failed_) {
      *message = std::move(message_), *column = column_;
      return false;
    }
    *out = std::move(program_);
    return true;
  }

 private:
  // The current token; after an error, always the end.
  const Token& peek() const { return failed_ ? tokens_.back() : tokens_[at_]; }
  const Token& next() { return failed_ ? tokens_.back() : tokens_[at_ == tokens_.size() - 1 ? at_ : at_++]; }
  bool accept(const char* op) {
    if (peek().kind != TokenKind::kOperator || peek().text != op) return false;
    ++at_;
    return true;
  }
  void expect(const char* op, const char* what) {
    if (accept(op)) return;
    const std::string where = std::string(what).ends_with(";") ? " found " + describe(peek()) + " at column " + std::to_string(peek().column)
                                                                : " at column " + std::to_string(peek().column) + ", found " + describe(peek());
    fail(std::string("expected '") + op + "' " + what + where, peek().column);
  }
  // Records the first error; returns register 0 so a rule can `return fail(...)`.
  int fail(std::string message, int column) {
    if (!failed_) failed_ = true, message_ = std::move(message), column_ = column;
    return 0;
  }
  static std::string describe(const Token& t) {
    if (t.kind == TokenKind::kEnd) return "the end of the formula";
    if (t.kind == TokenKind::kNumber) return "number " + t.text;
    if (t.kind == TokenKind::kName) return "'" + t.text + "'";
    return "'" + t.text + "'";
  }

  // Appends one instruction; its register is its position.
  int emit(Instruction instruction, int column) {
    if (failed_) return 0;
    if (program_.code.size() >= kMaxInstructions)
      return fail("the formula needs more than " + std::to_string(kMaxInstructions) + " instructions (the limit) at column " + std::to_string(column) + "; shorten it", column);
    program_.code.push_back(std::move(instruction));
    return static_cast<int>(program_.code.size()) - 1;
  }
  int emit(Op op, int a, int b, int column) { return emit(Instruction{op, a, b}, column); }

  // Counts nesting (parentheses and arguments, signs, exponents); past kMaxDepth the formula is refused before the stack grows further.
  struct Nest {
    Compiler& c;
    Nest(Compiler& compiler, int column) : c(compiler) {
      if (++c.depth_ > kMaxDepth)
        c.fail("the formula nests deeper than " + std::to_string(kMaxDepth) + " levels (the limit) at column " + std::to_string(column), column);
    }
    ~Nest() { --c.depth_; }
  };

  // A signed number literal (declarations, catalogue parameters).
  double signed_number(const char* what) {
    const int column = peek().column;
    const double sign = accept("-") ? -1.0 : (accept("+"), 1.0);
    if (peek().kind != TokenKind::kNumber) return fail(std::string("expected a number ") + what + " at column " + std::to_string(column) + ", found " + describe(peek()), column);
    return sign * next().value;
  }

  // name in [min, max] = value, separated by ';' or ','.
  void declarations() {
    do {
      if (peek().kind == TokenKind::kEnd) return;  // a trailing separator
      const Token name = peek();
      if (name.kind != TokenKind::kName) return (void)fail("expected a parameter name at column " + std::to_string(name.column) + ", found " + describe(name), name.column);
      next();
      std::string problem = check_parameter_name(name.text, program_.params);
      if (!problem.empty()) return (void)fail(problem + " at column " + std::to_string(name.column), name.column);
      if (program_.params.size() >= kMaxParameters)
        return (void)fail("more than " + std::to_string(kMaxParameters) + " parameters (the limit) at column " + std::to_string(name.column), name.column);
      if (!(peek().kind == TokenKind::kName && peek().text == "in")) return (void)fail("expected 'in [min, max] = value' after '" + name.text + "' at column " + std::to_string(peek().column), peek().column);
      next();
      expect("[", "to open the range");
      const double lo = signed_number("for the range's minimum");
      expect(",", "between the range's minimum and maximum");
      const double hi = signed_number("for the range's maximum");
      expect("]", "to close the range");
      expect("=", "before the parameter's value");
      const int value_column = peek().column;
      const double value = signed_number("for the parameter's value");
      if (!(lo <= hi)) return (void)fail("the range of '" + name.text + "' is empty: [" + number_text(lo) + ", " + number_text(hi) + "] at column " + std::to_string(name.column), name.column);
      if (!failed_ && !(value >= lo && value <= hi))
        return (void)fail(name.text + " = " + number_text(value) + " is outside its range [" + number_text(lo) + ", " + number_text(hi) + "] at column " + std::to_string(value_column), value_column);
      if (!failed_) program_.params.push_back({name.text, lo, hi, value}), param_columns_.push_back(name.column);
    } while (!failed_ && (accept(";") || accept(",")));
    if (peek().kind != TokenKind::kEnd) fail("unexpected " + describe(peek()) + " at column " + std::to_string(peek().column) + " in the parameter declarations", peek().column);
  }

  // comparison := additive [op additive]
  int expression(int) {
    Nest nest(*this, peek().column);
    int left = additive();
    static const struct { const char* text; Op op; } kComparisons[] = {
        {"<", Op::kLess}, {"<=", Op::kLessEq}, {">", Op::kGreater}, {">=", Op::kGreaterEq}, {"==", Op::kEqual}, {"!=", Op::kNotEqual}};
    for (const auto& comparison : kComparisons) {
      const int column = peek().column;
      if (!accept(comparison.text)) continue;
      const int right = additive();
      for (const auto& again : kComparisons)
        if (peek().kind == TokenKind::kOperator && peek().text == again.text)
          return fail("comparisons do not chain (column " + std::to_string(peek().column) + "): combine them with where(...) or a product of conditions", peek().column);
      return emit(comparison.op, left, right, column);
    }
    return left;
  }
  int additive() {
    int left = term();
    for (;;) {
      const int column = peek().column;
      if (accept("+")) left = emit(Op::kAdd, left, term(), column);
      else if (accept("-")) left = emit(Op::kSub, left, term(), column);
      else return left;
    }
  }
  int term() {
    int left = unary();
    for (;;) {
      const int column = peek().column;
      if (accept("*")) left = emit(Op::kMul, left, unary(), column);
      else if (accept("/")) left = emit(Op::kDiv, left, unary(), column);
      else return left;
    }
  }
  int unary() {
    const int column = peek().column;
    if (accept("+")) {
      Nest nest(*this, column);
      return unary();
    }
    if (accept("-")) {
      Nest nest(*this, column);
      if (peek().kind == TokenKind::kNumber && !(tokens_[at_ + 1].kind == TokenKind::kOperator && tokens_[at_ + 1].text == "^")) {
        Instruction constant{Op::kConst};
        constant.value = -next().value;  // a negative literal is one constant
        return emit(std::move(constant), column);
      }
      return emit(Op::kNeg, unary(), 0, column);
    }
    return power();
  }
  // power := primary ['^' unary]; an integer exponent from -16 to 16 becomes products.
  int power() {
    const int base = primary();
    const int column = peek().column;
    if (!accept("^")) return base;
    Nest nest(*this, column);
    const size_t exponent_at = program_.code.size();
    const int exponent = unary();
    if (failed_) return 0;
    const Instruction& e = program_.code[exponent];
    if (exponent == static_cast<int>(exponent_at) && e.op == Op::kConst && e.value == std::floor(e.value) && std::fabs(e.value) <= 16) {
      Instruction product{Op::kPowInt, base};
      product.index = static_cast<int>(e.value);
      program_.code.pop_back();  // the exponent lives in the instruction
      return emit(std::move(product), column);
    }
    return emit(Op::kPow, base, exponent, column);
  }
  int primary() {
    const Token& token = peek();
    const int column = token.column;
    if (accept("(")) {
      const int inner = expression(0);
      const std::string what = "to close the '(' opened at column " + std::to_string(column) + ";";
      expect(")", what.c_str());
      return inner;
    }
    if (token.kind == TokenKind::kNumber) {
      Instruction constant{Op::kConst};
      constant.value = next().value;
      return emit(std::move(constant), column);
    }
    if (token.kind != TokenKind::kName) {
      const bool star = token.kind == TokenKind::kOperator && token.text == "*";  // x ** 2
      return fail("expected a number, x, a name or '(' at column " + std::to_string(column) + ", found " + describe(token) + (star ? "; for a power write ^ (x^2)" : ""), column);
    }
    const std::string name = next().text;
    if (peek().kind == TokenKind::kOperator && peek().text == "(") {
      bool value = name == "x" || name == "pi" || name == "e";
      for (const Parameter& p : program_.params) value = value || p.name == name;
      if (value) return fail("'" + name + "' at column " + std::to_string(column) + " is not a function: write " + name + " * (...) for a product", column);
      return call(name, column);
    }
    if (name == "x") return emit(Op::kX, 0, 0, column);
    if (name == "pi" || name == "e") {
      Instruction constant{Op::kConst};
      constant.value = name == "pi" ? 3.14159265358979323846 : 2.71828182845904523536;
      return emit(std::move(constant), column);
    }
    for (size_t i = 0; i < program_.params.size(); ++i)
      if (program_.params[i].name == name) {
        Instruction parameter{Op::kParam};
        parameter.index = static_cast<int>(i);
        return emit(std::move(parameter), column);
      }
    if (find_function(name) || find_activation(name)) return fail("'" + name + "' is a function: write " + name + "(...) at column " + std::to_string(column), column);
    return fail(unknown_name_message(name, column, program_.params), column);
  }

  // name(args): a built-in function or a catalogue activation.
  int call(const std::string& name, int column) {
    expect("(", "");
    if (const Function* f = find_function(name)) {
      std::vector<int> args;
      arguments(name, column, [&] { args.push_back(expression(0)); });
      if (static_cast<int>(args.size()) != f->arity)
        return fail("function '" + name + "' takes " + std::to_string(f->arity) + " argument" + (f->arity == 1 ? "" : "s") + ", got " +
                 std::to_string(args.size()) + " at column " + std::to_string(column), column);
      Instruction instruction{f->op, args[0], args.size() > 1 ? args[1] : 0, args.size() > 2 ? args[2] : 0};
      return emit(std::move(instruction), column);
    }
    const Activation* activation = find_activation(name);
    if (!activation) {
      if (name == "pow") return fail("there is no pow at column " + std::to_string(column) + ": write a ^ b for a power (x^2, 2^x)", column);
      std::string problem = not_elementwise_message(name);
      return fail(problem.empty() ? unknown_name_message(name, column, program_.params) : problem + " at column " + std::to_string(column), column);
    }
    Instruction instruction{Op::kCatalog};
    instruction.index = static_cast<int>(activation - activations().data());
    bool first = true;
    arguments(name, column, [&] {
      if (first) {
        instruction.a = expression(0), first = false;
        return;
      }
      const int at = peek().column;
      if (static_cast<int>(instruction.catalog_params.size()) >= activation->param_count)
        return (void)fail((activation->param_count == 0 ? name + " takes one argument, x"
                                                        : name + " takes x and " + std::to_string(activation->param_count) + " parameter" + (activation->param_count == 1 ? "" : "s") + parameter_list(*activation)) +
                 "; too many arguments at column " + std::to_string(at), at);
      if (peek().kind == TokenKind::kName) {
        const std::string param = next().text;
        for (size_t i = 0; i < program_.params.size(); ++i)
          if (program_.params[i].name == param) return instruction.catalog_params.push_back(static_cast<int>(i));
        return (void)fail("a parameter of " + name + " must be a number or a declared parameter; '" + param + "' at column " + std::to_string(at) + " is neither", at);
      }
      instruction.catalog_literals.push_back(signed_number("(a parameter of a catalogue function: a number or a declared parameter)"));
      instruction.catalog_params.push_back(-static_cast<int>(instruction.catalog_literals.size()));
    });
    if (first) return fail(name + "(...) needs its input at column " + std::to_string(column), column);
    check_literal_params(*activation, instruction, column);
    return emit(std::move(instruction), column);
  }

  // Reads comma-separated arguments up to ')' with one(); at least one.
  template <class One>
  void arguments(const std::string& name, int column, One one) {
    if (accept(")")) return;
    do one();
    while (!failed_ && accept(","));
    const std::string what = "to close the call of " + name + " opened at column " + std::to_string(column) + ";";
    expect(")", what.c_str());
  }

  // Literal catalogue parameters are checked now; declared ones when values are set (check_values).
  void check_literal_params(const Activation& activation, const Instruction& instruction, int column) {
    float values[kMaxParameters];
    default_params(activation, values);
    bool all_literal = true;
    for (size_t i = 0; i < instruction.catalog_params.size(); ++i) {
      const int slot = instruction.catalog_params[i];
      if (slot < 0) values[i] = static_cast<float>(instruction.catalog_literals[-slot - 1]);
      else all_literal = false;
    }
    if (!all_literal) return;
    std::string problem = check_params(activation, values, activation.param_count);
    if (!problem.empty()) return (void)fail(problem + " (at column " + std::to_string(column) + ")", column);
  }

  // A declared parameter the formula never reads would get a slider that does nothing: refused.
  void check_every_parameter_used() {
    for (size_t i = 0; i < program_.params.size() && !failed_; ++i) {
      bool used = false;
      for (const Instruction& in : program_.code) {
        if (in.op == Op::kParam && in.index == static_cast<int>(i)) used = true;
        for (int slot : in.catalog_params) used = used || slot == static_cast<int>(i);
      }
      if (!used)
        fail("parameter '" + program_.params[i].name + "' at column " + std::to_string(param_columns_[i]) +
                 " is declared but the formula does not use it; use it or remove its declaration",
             param_columns_[i]);
    }
  }

  std::vector<Token> tokens_;
  std::vector<int> param_columns_;  // where each declared parameter's name is
  size_t at_ = 0;
  int depth_ = 0;
  Program program_;
  bool failed_ = false;
  std::string message_;
  int column_ = 0;
};
}  // namespace

Compiled compile(std::string_view text) {
  Compiled out;
  // Characters are UTF-8 code points, as the lexer's columns: every byte but a continuation byte starts one.
  const size_t characters = static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
  if (characters > kMaxLength) {
    out.message = "the formula has " + std::to_string(characters) + " characters; the limit is " + std::to_string(kMaxLength);
    return out;
  }
  std::vector<Token> tokens = tokenize(text, &out.message, &out.column);
  if (!out.message.empty()) return out;
  out.ok = Compiler(std::move(tokens), text).run(&out.program, &out.message, &out.column);
  return out;
}

std::string check_values(const Program& program, const float* values) {
  for (size_t i = 0; i < program.params.size(); ++i) {
    const Parameter& p = program.params[i];
    if (!(values[i] >= p.min && values[i] <= p.max))
      return p.name + " = " + number_text(values[i]) + " is outside its range [" + number_text(p.min) + ", " + number_text(p.max) + "]";
  }
  for (const Instruction& instruction : program.code) {
    if (instruction.op != Op::kCatalog) continue;
    const Activation& activation = activations()[instruction.index];
    float params[kMaxParameters];
    catalog_values(instruction, values, params);
    std::string problem = check_params(activation, params, activation.param_count);
    if (!problem.empty()) return problem;
  }
  return "";
}

}  // namespace actlab::formula
