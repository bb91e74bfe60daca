// A small JSON reader (RFC 8259, no third-party code), typed field readers
// whose messages name the key, and the writers of numbers and lists: shared
// by the simulator's and the trainer's JSON (private to cpp/src).
#pragma once
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actlab/network.h"

namespace actlab::shared {

// A parsed JSON value.
struct Json {
  enum Type { null, boolean, number, string, array, object } type = null;
  bool flag = false;
  double value = 0;
  std::string text;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
};

// Recursive descent over RFC 8259 JSON, nesting at most 32 deep.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  std::string read(Json* out) {
    if (!value(out, 0)) return error_;
    skip();
    if (i_ != s_.size()) return fail("unexpected text after the JSON value");
    return "";
  }

 private:
  std::string fail(const std::string& what) {
    if (error_.empty()) error_ = "config is not valid JSON: " + what + " at offset " + std::to_string(i_);
    return error_;
  }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool literal(const char* word) {
    const std::string_view w(word);
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool value(Json* out, int depth) {
    if (depth > 32) return fail("nesting deeper than 32").empty();
    skip();
    if (i_ >= s_.size()) return fail("unexpected end").empty();
    const char c = s_[i_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') return out->type = Json::string, string(&out->text);
    if (literal("true")) return out->type = Json::boolean, out->flag = true, true;
    if (literal("false")) return out->type = Json::boolean, out->flag = false, true;
    if (literal("null")) return out->type = Json::null, true;
    return number(out);
  }
  bool number(Json* out) {
    const size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E' ||
                              s_[i_] == '+' || s_[i_] == '-'))
      ++i_;
    const std::string token(s_.substr(start, i_ - start));
    char* end = nullptr;
    const double v = token.empty() ? 0 : std::strtod(token.c_str(), &end);
    if (token.empty() || end != token.c_str() + token.size() || token == "-") {
      i_ = start;
      return fail("expected a value").empty();
    }
    out->type = Json::number;
    out->value = v;
    return true;
  }
  bool string(std::string* out) {
    ++i_;  // opening quote
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c == '\\') {
        if (i_ >= s_.size()) break;
        c = s_[i_++];
        switch (c) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'r': c = '\r'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'u':  // keep ASCII; anything else becomes '?' (ids and keys are ASCII)
            if (i_ + 4 > s_.size()) return fail("short \\u escape").empty();
            c = static_cast<char>(std::strtol(std::string(s_.substr(i_, 4)).c_str(), nullptr, 16));
            if (static_cast<unsigned char>(c) >= 128 || c == 0) c = '?';
            i_ += 4;
            break;
          default: break;  // \" \\ \/
        }
      }
      *out += c;
    }
    if (i_ >= s_.size()) return fail("unterminated string").empty();
    ++i_;
    return true;
  }
  bool array(Json* out, int depth) {
    out->type = Json::array;
    ++i_;
    skip();
    if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
    for (;;) {
      out->items.emplace_back();
      if (!value(&out->items.back(), depth + 1)) return false;
      skip();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
      return fail("expected ',' or ']'").empty();
    }
  }
  bool object(Json* out, int depth) {
    out->type = Json::object;
    ++i_;
    skip();
    if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
    for (;;) {
      skip();
      if (i_ >= s_.size() || s_[i_] != '"') return fail("expected a key").empty();
      std::string key;
      if (!string(&key)) return false;
      skip();
      if (i_ >= s_.size() || s_[i_] != ':') return fail("expected ':'").empty();
      ++i_;
      out->members.emplace_back(std::move(key), Json{});
      if (!value(&out->members.back().second, depth + 1)) return false;
      skip();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
      return fail("expected ',' or '}'").empty();
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

// "a number", "an object"... for messages.
inline std::string kind_of(const Json& v) {
  const char* names[] = {"null", "a boolean", "a number", "a string", "an array", "an object"};
  return names[v.type];
}

inline std::string read_floats(const std::string& key, const Json& v, std::vector<float>* out) {
  if (v.type != Json::array) return key + " must be an array of numbers, not " + kind_of(v);
  out->clear();
  for (const Json& item : v.items) {
    if (item.type != Json::number) return key + " must hold numbers only, not " + kind_of(item);
    out->push_back(static_cast<float>(item.value));
  }
  return "";
}

inline std::string read_name(const std::string& key, const Json& v, std::string* out) {
  if (v.type != Json::string) return key + " must be a string, not " + kind_of(v);
  *out = v.text;
  return "";
}

// "relu" or {"id": ..., "params": [...], "alphas": [...]}, or {"id": "formula", "formula": "...",
// "params": [...]} (plus "layer" in layers[]).
inline std::string read_activation(const std::string& key, const Json& v, ActivationChoice* out, int* layer) {
  if (v.type == Json::string) {
    if (layer) return key + " must be an object {\"layer\": n, \"id\": ...}";
    out->id = v.text;
    return "";
  }
  if (v.type != Json::object) return key + " must be an activation id or an object, not " + kind_of(v);
  bool has_id = false, has_layer = false, has_formula = false;
  for (const auto& [name, item] : v.members) {
    std::string message;
    if (name == "id") message = read_name(key + ".id", item, &out->id), has_id = true;
    else if (name == "params") message = read_floats(key + ".params", item, &out->params);
    else if (name == "alphas") message = read_floats(key + ".alphas", item, &out->alphas);
    else if (name == "formula") message = read_name(key + ".formula", item, &out->formula), has_formula = true;
    else if (name == "layer" && layer) {
      if (item.type != Json::number || item.value != std::floor(item.value) || std::fabs(item.value) > 1e9)
        return key + ".layer must be a whole number (1-based layer index)";
      *layer = static_cast<int>(item.value), has_layer = true;
    } else
      return key + ": unknown key '" + name + "' (allowed: id, params, alphas, formula" + (layer ? ", layer)" : ")");
    if (!message.empty()) return message;
  }
  if (!has_id) return key + " needs an \"id\"";
  if (has_formula && out->id != kFormulaId)
    return key + ": \"formula\" is only for id \"formula\", not '" + out->id + "'";
  if (layer && !has_layer) return key + " needs a \"layer\"";
  return "";
}

template <class Enum, size_t N>
std::string read_enum(const std::string& key, const Json& v, const char* const (&names)[N], Enum* out) {
  std::string name, allowed;
  std::string message = read_name(key, v, &name);
  if (!message.empty()) return message;
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i]) {
      *out = static_cast<Enum>(i);
      return "";
    }
    allowed += std::string(i ? ", " : "") + names[i];
  }
  return key + " = '" + name + "' is unknown (allowed: " + allowed + ")";
}

// Appends a number: whole numbers in full, others %.9g, or the quoted strings "NaN", "Infinity", "-Infinity".
inline void put(std::string& out, double v) {
  if (std::isnan(v)) out += "\"NaN\"";
  else if (std::isinf(v)) out += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  else {
    char buf[40];
    const bool whole = v == std::floor(v) && std::fabs(v) < 0x1p53;  // counts and byte sizes in full
    std::snprintf(buf, sizeof buf, whole ? "%.0f" : "%.9g", v);
    out += buf;
  }
}
// Appends "key":v, (the caller closes the object).
inline void put(std::string& out, const char* key, double v) {
  out += '"';
  out += key;
  out += "\":";
  put(out, v);
  out += ',';
}
// Appends "key":[v, ...], with put's number format.
template <class T>
void put_list(std::string& out, const char* key, const std::vector<T>& values) {
  out += '"';
  out += key;
  out += "\":[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    put(out, static_cast<double>(values[i]));
  }
  out += "],";
}

// s for a JSON string: quotes and backslashes escaped, control characters as spaces.
inline std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace actlab::shared
