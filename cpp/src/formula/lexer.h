// The formula language's tokens: numbers, names, operators, each with the
// 1-based column (in characters) where it starts.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace actlab::formula {

enum class TokenKind { kNumber, kName, kOperator, kEnd };

struct Token {
  TokenKind kind;
  std::string text;   // the name or operator ("<=", "(", ...); the number as typed
  double value = 0;   // kNumber
  int column = 1;
};

// The tokens of text, ending with kEnd; or "" and a message with its column in *error / *column.
std::vector<Token> tokenize(std::string_view text, std::string* error, int* column);

}  // namespace actlab::formula
