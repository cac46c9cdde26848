#include "stripe_proxy/parameter_rules.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace stripe_proxy::rules {

std::string integer_in(std::string_view value, long long min, long long max) {
  long long number = 0;
  const auto* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, number);
  if (value.empty() || ec != std::errc() || ptr != end || (value.size() > 1 && value[0] == '0')) {
    return "must be an integer";
  }
  if (number < min || number > max) {
    return "must be between " + std::to_string(min) + " and " + std::to_string(max);
  }
  return {};
}

std::string object_id(std::string_view value) {
  const bool ok = !value.empty() && value.size() <= 255 && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  return ok ? std::string{} : "must be a Stripe object id";
}

std::string currency(std::string_view value) {
  const bool ok = value.size() == 3 && std::all_of(value.begin(), value.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  return ok ? std::string{} : "must be a lower-case ISO currency code";
}

std::string expansion(std::string_view value) {
  if (value.empty() || value.size() > 100) return "must be an expansion path";
  int depth = 1;
  char previous = '.';
  for (char c : value) {
    if (c == '.') {
      if (previous == '.') return "must be an expansion path";
      if (++depth > 4) return "may expand at most 4 levels";
    } else if (!((c >= 'a' && c <= 'z') || c == '_')) {
      return "must be an expansion path";
    }
    previous = c;
  }
  return previous == '.' ? "must be an expansion path" : std::string{};
}

std::string plain_text(std::string_view value, std::size_t max_size) {
  if (value.size() > max_size) return "must be at most " + std::to_string(max_size) + " characters";
  const bool control = std::any_of(value.begin(), value.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  return control ? "must not contain control characters" : std::string{};
}

std::string email(std::string_view value) {
  const auto at = value.find('@');
  if (value.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 == value.size() ||
      value.find('@', at + 1) != std::string_view::npos ||
      std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
    return "must be an email address";
  }
  return {};
}

std::string one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return {};
  std::string message = "must be one of:";
  for (auto option : allowed) message += " " + std::string(option);
  return message;
}

std::string lower_word(std::string_view value) {
  const bool ok = !value.empty() && value.size() <= 64 &&
                  std::all_of(value.begin(), value.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  return ok ? std::string{} : "must be a lower-case word";
}

std::string path_id(std::string_view value) {
  const auto underscore = value.find('_');
  const bool prefix_ok = underscore != std::string_view::npos && underscore > 0 && underscore + 1 < value.size() &&
                         std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(underscore),
                                     [](char c) { return c >= 'a' && c <= 'z'; });
  return prefix_ok && object_id(value).empty() ? std::string{} : "must be a Stripe object id";
}

bool media_type_is(std::string_view content_type, std::string_view media_type) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && is_space(type.front())) type.remove_prefix(1);
  while (!type.empty() && is_space(type.back())) type.remove_suffix(1);
  return type.size() == media_type.size() && std::equal(type.begin(), type.end(), media_type.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

}  // namespace stripe_proxy::rules
