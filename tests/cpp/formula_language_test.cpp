// The formula language: what its programs compute (in the double twin),
// precedence, parameters, catalogue calls, and the messages and limits for
// formulas it refuses.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "actlab/formula.h"
#include "reference.h"

namespace actlab::formula {
namespace {

double reference(int index, bool derivative, double x, const double* p) {
  const reference::Pair pair = reference::for_index(index);
  return derivative ? pair.derivative(x, p) : pair.forward(x, p);
}

// The double twin of text at x (the parameters at their declared values).
double twin(const std::string& text, double x, double* derivative = nullptr) {
  Compiled c = compile(text);
  EXPECT_TRUE(c.ok) << text << ": " << c.message;
  std::vector<double> values;
  for (const Parameter& p : c.program.params) values.push_back(p.value);
  return evaluate_double(c.program, values.data(), x, reference, derivative);
}

// The message compile gives text (and its column in *column).
std::string refusal(const std::string& text, int* column = nullptr) {
  Compiled c = compile(text);
  EXPECT_FALSE(c.ok) << text;
  if (column) *column = c.column;
  return c.message;
}

TEST(FormulaLanguage, PrecedenceFollowsMathematics) {
  EXPECT_EQ(twin("1 + 2 * 3", 0), 7);
  EXPECT_EQ(twin("-x^2", 3), -9);       // ^ binds tighter than unary minus
  EXPECT_EQ(twin("2^3^2", 0), 512);     // and to the right
  EXPECT_EQ(twin("2^-x", 1), 0.5);      // an exponent may be negated
  EXPECT_EQ(twin("(1 + 2) * 3", 0), 9);
  EXPECT_EQ(twin("8 / 2 / 2", 0), 2);   // / groups to the left
  EXPECT_EQ(twin("1 - 2 - 3", 0), -4);
  EXPECT_FLOAT_EQ(twin("pi", 0), static_cast<float>(M_PI));  // constants are float32, as in the float program
}

TEST(FormulaLanguage, ComparisonsAndWhere) {
  EXPECT_EQ(twin("x > 0", 2), 1);
  EXPECT_EQ(twin("x > 0", -2), 0);
  EXPECT_EQ(twin("x <= 1", 1), 1);
  EXPECT_EQ(twin("x != 1", 1), 0);
  EXPECT_EQ(twin("where(x > 0, x, 0.5 * x)", -4), -2);
  double slope;
  EXPECT_EQ(twin("where(x > 0, x, 0.5 * x)", -4, &slope), -2);
  EXPECT_EQ(slope, 0.5);
}

TEST(FormulaLanguage, DerivativesByForwardModeMatchCalculus) {
  double d;
  twin("x^3", 2, &d);
  EXPECT_EQ(d, 12);
  twin("sin(x)", 0.5, &d);
  EXPECT_DOUBLE_EQ(d, std::cos(0.5));
  twin("x * exp(x)", 1, &d);
  EXPECT_DOUBLE_EQ(d, 2 * std::exp(1.0));
  twin("1 / x", 2, &d);
  EXPECT_EQ(d, -0.25);
  twin("x ^ x", 2, &d);  // d/dx x^x = x^x (log x + 1)
  EXPECT_NEAR(d, 4 * (std::log(2.0) + 1), 1e-12);
  twin("abs(x)", 0, &d);
  EXPECT_EQ(d, 0);
  twin("max(x, 1)", 1, &d);  // a tie shares the slope, as torch.maximum
  EXPECT_EQ(d, 0.5);
  twin("5", 3, &d);
  EXPECT_EQ(d, 0);
}

TEST(FormulaLanguage, ParametersAreDeclaredWithRangeAndValue) {
  Compiled c = compile("where(x > 0, x, a * expm1(x)); a in [0, 5] = 1.5");
  ASSERT_TRUE(c.ok) << c.message;
  ASSERT_EQ(c.program.params.size(), 1u);
  EXPECT_EQ(c.program.params[0].name, "a");
  EXPECT_EQ(c.program.params[0].min, 0);
  EXPECT_EQ(c.program.params[0].max, 5);
  EXPECT_EQ(c.program.params[0].value, 1.5);
  const double a = 2;
  EXPECT_DOUBLE_EQ(evaluate_double(c.program, &a, -1, reference, nullptr), 2 * std::expm1(-1.0));
  const float ok = 5, outside = 6;
  EXPECT_EQ(check_values(c.program, &ok), "");
  EXPECT_EQ(check_values(c.program, &outside), "a = 6 is outside its range [0, 5]");
  EXPECT_TRUE(compile("x * a + b; a in [-1, 1] = 0, b in [0, 2] = 1").ok);
}

TEST(FormulaLanguage, CatalogueFunctionsByIdWithTheirParameters) {
  EXPECT_NEAR(twin("sigmoid(0)", 0), 0.5, 0);
  EXPECT_NEAR(twin("x * sigmoid(x)", 1), 1 / (1 + std::exp(-1.0)), 1e-15);
  EXPECT_NEAR(twin("elu(x, 0.5)", -1), 0.5 * std::expm1(-1.0), 1e-15);
  EXPECT_NEAR(twin("elu(x, a); a in [0, 10] = 2", -1), 2 * std::expm1(-1.0), 1e-15);
  EXPECT_NEAR(twin("tanh(x)", 0.3), std::tanh(0.3), 1e-15);
  double d;
  twin("gelu(x)", 0, &d);
  EXPECT_NEAR(d, 0.5, 1e-15);
  const float ten = 10, eleven = 11;
  Compiled c = compile("elu(x, a); a in [0, 20] = 1");
  ASSERT_TRUE(c.ok);
  EXPECT_EQ(check_values(c.program, &ten), "");
  EXPECT_NE(check_values(c.program, &eleven).find("alpha = 11 is outside the allowed range [0, 10]"), std::string::npos);
}

TEST(FormulaLanguage, ErrorsNameTheProblemAndTheColumn) {
  int column = 0;
  EXPECT_EQ(refusal("x * sigmod(x)", &column), "unknown name 'sigmod' at column 5; did you mean sigmoid?");
  EXPECT_EQ(column, 5);
  EXPECT_EQ(refusal("(x + 1", &column), "expected ')' to close the '(' opened at column 1; found the end of the formula at column 7");
  EXPECT_EQ(refusal("max(x)", &column), "function 'max' takes 2 arguments, got 1 at column 1");
  EXPECT_EQ(refusal("x < 2 < 3", &column), "comparisons do not chain (column 7): combine them with where(...) or a product of conditions");
  EXPECT_EQ(refusal("x $ 2", &column), "unexpected character '$' at column 3");
  EXPECT_EQ(refusal("x * é", &column), "unexpected character 'é' at column 5");
  EXPECT_EQ(refusal("1e999 * x"), "number 1e999 at column 1 is out of range (float32 holds magnitudes up to 3.4e38)");
  EXPECT_EQ(refusal(""), "the formula is empty: write an expression in x, such as x * sigmoid(x)");
  EXPECT_EQ(refusal("x +"), "expected a number, x, a name or '(' at column 4, found the end of the formula");
  EXPECT_EQ(refusal("softmax(x)"), "softmax is a row operation (it mixes the entries of a row), not a function of one x at column 1");
  EXPECT_EQ(refusal("swiglu(x)"), "swiglu is a gated unit of two inputs (gate and value), not a function of one x at column 1");
  EXPECT_EQ(refusal("exp"), "'exp' is a function: write exp(...) at column 1");
  EXPECT_EQ(refusal("a * x; a in [0, 1] = 2"), "a = 2 is outside its range [0, 1] at column 22");
  EXPECT_EQ(refusal("x; x in [0, 1] = 0"), "'x' is reserved and cannot be a parameter at column 4");
  EXPECT_EQ(refusal("a; a in [0, 1] = 0; a in [0, 1] = 0"), "parameter 'a' is declared twice at column 21");
  EXPECT_NE(refusal("elu(x, 20)").find("elu: alpha = 20 is outside the allowed range [0, 10]"), std::string::npos);
  EXPECT_EQ(refusal("<script>alert(1)</script>"), "expected a number, x, a name or '(' at column 1, found '<'");
  EXPECT_EQ(refusal("x & 1"), "unexpected character '&' at column 3");
  // What a newcomer typed (the page's first test by someone who had not seen it):
  EXPECT_EQ(refusal("x(1 + x)"), "'x' at column 1 is not a function: write x * (...) for a product");
  EXPECT_EQ(refusal("x * tanh(softplus(x)"), "expected ')' to close the call of tanh opened at column 5; found the end of the formula at column 21");
  EXPECT_EQ(refusal("tanh(x, 2)"), "tanh takes one argument, x; too many arguments at column 9");
  EXPECT_EQ(refusal("pow(x, 2)"), "there is no pow at column 1: write a ^ b for a power (x^2, 2^x)");
  EXPECT_EQ(refusal("x ** 2"), "expected a number, x, a name or '(' at column 4, found '*'; for a power write ^ (x^2)");
  EXPECT_EQ(refusal("1e-50 * x"), "number 1e-50 at column 1 rounds to 0 in float32 (the smallest positive float32 is 1.4e-45)");
  EXPECT_EQ(refusal("a * x; a in [0, 1] = 0.5; b in [0, 1] = 0.2", &column),
            "parameter 'b' at column 27 is declared but the formula does not use it; use it or remove its declaration");
  EXPECT_EQ(column, 27);
  EXPECT_TRUE(compile("elu(x, a); a in [0, 5] = 1").ok) << "a parameter used only as a catalogue function's parameter is used";
}

TEST(FormulaLanguage, LimitsAreEnforcedAndNamedInTheMessage) {
  EXPECT_EQ(refusal(std::string(1001, 'x')), "the formula has 1001 characters; the limit is 1000");
  // The limit counts characters (code points) like the columns do: 600 two-byte letters are 600 characters, 1200 bytes.
  std::string accents;
  for (int i = 0; i < 600; ++i) accents += "\xc3\xa9";
  EXPECT_EQ(refusal(accents), "unexpected character '\xc3\xa9' at column 1");
  EXPECT_EQ(refusal(accents + accents), "the formula has 1200 characters; the limit is 1000");
  std::string deep = std::string(70, '(') + "x" + std::string(70, ')');
  EXPECT_NE(refusal(deep).find("deeper than 64 levels (the limit)"), std::string::npos);
  std::string long_sum = "x";
  for (int i = 0; i < 200; ++i) long_sum += "+x";
  EXPECT_NE(refusal(long_sum).find("more than 256 instructions (the limit)"), std::string::npos);
  std::string many = "x; ";
  for (int i = 0; i < 9; ++i) many += std::string(i ? ", " : "") + "p" + std::to_string(i) + " in [0, 1] = 0";
  EXPECT_NE(refusal(many).find("more than 8 parameters (the limit)"), std::string::npos);
  EXPECT_TRUE(compile(std::string(60, '(') + "x" + std::string(60, ')')).ok);
}

}  // namespace
}  // namespace actlab::formula
