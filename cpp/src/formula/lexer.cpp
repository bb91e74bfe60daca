// Splits a formula into tokens. Columns count characters (UTF-8 code
// points), so a message points at what the reader sees.
#include "lexer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace actlab::formula {
namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

// The UTF-8 sequence starting at text[i] (one code point; a stray byte alone).
size_t code_point_length(std::string_view text, size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  if (i + length > text.size()) length = 1;
  for (size_t k = 1; k < length; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 1;
  return length;
}

// How a character is shown in a message: itself if printable ASCII or a whole code point, else its byte value.
std::string shown(std::string_view text, size_t i, size_t length) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (length == 1 && (c < 0x20 || c >= 0x7f)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
    return buf;
  }
  return "'" + std::string(text.substr(i, length)) + "'";
}
}  // namespace

std::vector<Token> tokenize(std::string_view text, std::string* error, int* column) {
  std::vector<Token> tokens;
  int col = 1;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i, ++col;
      continue;
    }
    Token token{TokenKind::kOperator, "", 0, col};
    size_t start = i;
    if (is_digit(c) || (c == '.' && i + 1 < text.size() && is_digit(text[i + 1]))) {
      while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) ++i;
      if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
        if (j < text.size() && is_digit(text[j])) {
          i = j;
          while (i < text.size() && is_digit(text[i])) ++i;
        }
      }
      token.kind = TokenKind::kNumber;
      token.text = std::string(text.substr(start, i - start));
      char* end = nullptr;
      token.value = std::strtod(token.text.c_str(), &end);
      if (end != token.text.c_str() + token.text.size()) {
        *error = "malformed number '" + token.text + "' at column " + std::to_string(col);
        *column = col;
        return {};
      }
      if (token.value != 0 && static_cast<float>(token.value) == 0) {  // 1e-50: the float32 program would read 0
        *error = "number " + token.text + " at column " + std::to_string(col) + " rounds to 0 in float32 (the smallest positive float32 is 1.4e-45)";
        *column = col;
        return {};
      }
      if (!(std::fabs(token.value) <= 3.4028234663852886e38)) {  // beyond FLT_MAX (1e999 is inf)
        *error = "number " + token.text + " at column " + std::to_string(col) + " is out of range (float32 holds magnitudes up to 3.4e38)";
        *column = col;
        return {};
      }
    } else if (is_name_start(c)) {
      while (i < text.size() && is_name_char(text[i])) ++i;
      token.kind = TokenKind::kName;
      token.text = std::string(text.substr(start, i - start));
    } else {
      static const char* const kTwo[] = {"<=", ">=", "==", "!="};
      for (const char* two : kTwo)
        if (text.substr(i, 2) == two) token.text = two;
      if (token.text.empty() && std::string_view("+-*/^(),;<>[]=").find(c) != std::string_view::npos) token.text = std::string(1, c);
      if (token.text.empty()) {
        const size_t length = code_point_length(text, i);
        *error = "unexpected character " + shown(text, i, length) + " at column " + std::to_string(col);
        *column = col;
        return {};
      }
      i += token.text.size();
    }
    col += static_cast<int>(i - start);  // every character of a token is ASCII
    tokens.push_back(std::move(token));
  }
  tokens.push_back({TokenKind::kEnd, "", 0, col});
  return tokens;
}

}  // namespace actlab::formula
