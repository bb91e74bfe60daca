// The formula compiler under random and hostile input: random bytes, token
// soup, well-formed formulas and their one-character mutants, very long and
// deeply nested text, unicode, HTML, huge numbers. It
// never crashes, never takes long, and every refusal says where and why.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "actlab/formula.h"

namespace actlab::formula {
namespace {

// A string of n random bytes (any value, NUL and invalid UTF-8 included).
std::string random_bytes(std::mt19937& rng, size_t n) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(byte(rng));
  return s;
}

// n tokens of the language (and near misses), glued with or without spaces: many parse, many do not.
std::string token_soup(std::mt19937& rng, size_t n) {
  static const char* const kTokens[] = {"x", "1", "2.5", "1e3", "1e999", "-", "+", "*", "/", "^", "(", ")", ",", ";", "<", "<=",
                                        "==", "!=", ">", "sigmoid", "exp", "where", "max", "elu", "a", "in", "[", "]", "=", "pi",
                                        "sigmod", "softmax", ".", "e", "0", "gelu", "log", "sqrt", "tanh", "x2", "_", "é", "\t"};
  std::uniform_int_distribution<size_t> pick(0, std::size(kTokens) - 1);
  std::bernoulli_distribution space(0.3);
  std::string s;
  for (size_t i = 0; i < n; ++i) s += std::string(kTokens[pick(rng)]) + (space(rng) ? " " : "");
  return s;
}

// A well-formed formula of about `size` nodes: numbers, x, a parameter, operators, functions, where.
std::string grammar(std::mt19937& rng, int size) {
  static const char* const kCalls[] = {"exp", "log1p", "sqrt", "abs", "sin", "cos", "erf", "tanh", "sigmoid", "gelu", "softplus", "mish"};
  static const char* const kOps[] = {" + ", " - ", " * ", " / ", "^"};
  std::uniform_int_distribution<int> kind(0, size <= 1 ? 2 : 6);
  switch (kind(rng)) {
    case 0: return "x";
    case 1: return "a";
    case 2: return std::to_string(std::uniform_int_distribution<int>(0, 9)(rng));
    case 3: return std::string(kCalls[rng() % std::size(kCalls)]) + "(" + grammar(rng, size - 1) + ")";
    case 4: return "(" + grammar(rng, size / 2) + kOps[rng() % std::size(kOps)] + grammar(rng, size / 2) + ")";
    case 5: return "-" + grammar(rng, size - 1);
    default: return "where(x > " + grammar(rng, 1) + ", " + grammar(rng, size / 2) + ", " + grammar(rng, size / 2) + ")";
  }
}

// text with one character deleted, inserted or replaced at random.
std::string mutated(std::mt19937& rng, std::string text) {
  static const char kAlphabet[] = "x()+-*/^,;<>=[]a1.e ";
  const size_t at = text.empty() ? 0 : rng() % text.size();
  switch (rng() % 3) {
    case 0: if (!text.empty()) text.erase(at, 1); break;
    case 1: text.insert(text.begin() + at, kAlphabet[rng() % (sizeof kAlphabet - 1)]); break;
    default: if (!text.empty()) text[at] = kAlphabet[rng() % (sizeof kAlphabet - 1)]; break;
  }
  return text;
}

std::vector<std::string> hostile() {
  std::vector<std::string> cases = {
      std::string(100000, '('), std::string(100000, '(') + "x" + std::string(100000, ')'), std::string(999, '-') + "x",
      std::string(5000, 'x'), "x" + std::string(1000, '^') + "2", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
      "x\u202e + 1", "\xff\xfe", "\xe2\x82", "x * \xf0\x9f\x98\x80", "1e999", "-1e999", "1e-999", "1e38 * 1e38 * x",
      "0x10", "1..2", ".", "e", "x;", ";", "x; a", "x; a in", "x; a in [", "x; a in [0", "x; a in [0,", "x; a in [0, 1",
      "x; a in [0, 1]", "x; a in [0, 1] =", "x; a in [1, 0] = 0", "x; a in [0, 1] = 2", "where(", "where(x)", "where(x, 1, 2, 3)",
      "elu(x, 1, 2)", "elu()", "sigmoid", "max(,)", "((((", "))))", "+-*/^", "x +* 1", "x ** 2", "x^^2", "NaN", "inf", "x = 1",
      std::string("x\0+1", 4), "\n\t x \r\n", "xielu(x, 1, 2, 3)", "prelu(x, -1)",
  };
  std::string many_params = "x; ";
  for (int i = 0; i < 100; ++i) many_params += "p" + std::to_string(i) + " in [0, 1] = 0, ";
  cases.push_back(many_params);
  return cases;
}

// compile(text) must end quickly and either succeed and evaluate, or say what and (nearly always) where.
// The slowest single compile() of the run, in seconds.
double slowest_compile = 0;

void check(const std::string& text, int* accepted) {
  const auto start = std::chrono::steady_clock::now();
  Compiled c = compile(text);
  slowest_compile = std::max(slowest_compile, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (c.ok) {
    ++*accepted;
    std::vector<float> values;
    for (const Parameter& p : c.program.params) values.push_back(static_cast<float>(p.value));
    EXPECT_EQ(check_values(c.program, values.data()), "") << text;
    const float x[5] = {-2, -0.0f, 0, 1.5f, 1e30f};
    float y[5];
    evaluate(c.program, values.data(), false, 5, x, y);
    evaluate(c.program, values.data(), true, 5, x, y);
    return;
  }
  ASSERT_FALSE(c.message.empty()) << text;
  ASSERT_LT(c.message.size(), 400u) << text;
  const bool whole_text = c.column == 0;
  if (whole_text) EXPECT_TRUE(c.message.find("limit") != std::string::npos || c.message.find("empty") != std::string::npos) << c.message;
  else EXPECT_NE(c.message.find("column " + std::to_string(c.column)), std::string::npos) << text << " -> " << c.message;
  EXPECT_LE(c.column, static_cast<int>(text.size()) + 1) << text;
}

TEST(FormulaFuzz, TenThousandRandomAndHostileStringsNeverCrashOrHang) {
  std::mt19937 rng(1203);
  std::uniform_int_distribution<size_t> length(0, 80);
  int tried = 0, accepted = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& text : hostile()) check(text, &accepted), ++tried;
  for (int i = 0; i < 5000; ++i) check(random_bytes(rng, length(rng)), &accepted), ++tried;
  for (int i = 0; i < 3000; ++i) check(token_soup(rng, length(rng) / 3), &accepted), ++tried;
  // The parameter is declared, and used (a declared parameter the formula never reads is refused).
  const auto with_a = [](const std::string& f) { return "(" + f + ") + 0 * a; a in [-2, 2] = 0.5"; };
  for (int i = 0; i < 1500; ++i) check(with_a(grammar(rng, 12)), &accepted), ++tried;
  for (int i = 0; i < 1500; ++i) check(mutated(rng, with_a(grammar(rng, 12))), &accepted), ++tried;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("formula fuzz: %d strings, %d accepted and evaluated, %.2f s, slowest compile %.3f ms\n", tried, accepted, seconds,
              slowest_compile * 1e3);
  EXPECT_LT(slowest_compile, 0.1);   // no input makes one compile take long (a 100k-deep nest is refused by length first)
  EXPECT_GE(tried, 10000);
  EXPECT_GE(accepted, 1500);  // every well-formed one, and some mutants, reach the evaluator
  EXPECT_LT(seconds, 20.0);
}

}  // namespace
}  // namespace actlab::formula
