#include "stripe_wire/form.h"

namespace stripe_wire {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// A key is a name followed by zero or more [segment] groups; segments may be
// empty ("expand[]") but brackets must balance and nothing may trail them.
bool is_well_formed_key(std::string_view key) {
  const std::size_t open = key.find('[');
  if (open == 0 || key.empty()) return false;
  if (open == std::string_view::npos) return key.find(']') == std::string_view::npos;
  if (key.substr(0, open).find(']') != std::string_view::npos) return false;
  std::size_t i = open;
  while (i < key.size()) {
    if (key[i] != '[') return false;
    const std::size_t close = key.find(']', i + 1);
    if (close == std::string_view::npos) return false;
    if (key.substr(i + 1, close - i - 1).find('[') != std::string_view::npos) return false;
    i = close + 1;
  }
  return true;
}

}  // namespace

std::optional<Form> parse_form(std::string_view text, std::string* error) {
  Form form;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t equals = pair.find('=');
      const std::string_view raw_key = pair.substr(0, equals);
      const std::string_view raw_value =
          equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
      auto key = percent_decode(raw_key);
      auto value = percent_decode(raw_value);
      if (!key || !value) {
        if (error) *error = "malformed percent-escape in '" + std::string(raw_key) + "'";
        return std::nullopt;
      }
      if (!is_well_formed_key(*key)) {
        if (error) *error = "malformed parameter name '" + *key + "'";
        return std::nullopt;
      }
      form.push_back({std::move(*key), std::move(*value)});
    }
    start = end + 1;
  }
  return form;
}

std::string percent_encode(std::string_view text, bool keep_brackets) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_brackets && (c == '[' || c == ']'))) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

std::string encode_form(const Form& form) {
  std::string out;
  for (const auto& field : form) {
    if (!out.empty()) out.push_back('&');
    out += percent_encode(field.key, true);
    out.push_back('=');
    out += percent_encode(field.value);
  }
  return out;
}

std::vector<std::string> values_of(const Form& form, std::string_view key) {
  std::vector<std::string> values;
  for (const auto& field : form) {
    if (field.key == key) values.push_back(field.value);
  }
  return values;
}

std::optional<std::string> single_value(const Form& form, std::string_view key, bool* duplicate) {
  std::optional<std::string> found;
  if (duplicate) *duplicate = false;
  for (const auto& field : form) {
    if (field.key != key) continue;
    if (found && duplicate) *duplicate = true;
    if (!found) found = field.value;
  }
  return found;
}

Target split_target(std::string_view target) {
  const std::size_t question = target.find('?');
  if (question == std::string_view::npos) return {target, {}};
  return {target.substr(0, question), target.substr(question + 1)};
}

}  // namespace stripe_wire
