#include "stripe_sim/params.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

bool is_index(std::string_view text) {
  return text.empty() || std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "[number]" -> "number"; "[address][city]" -> "address"; nullopt when not bracketed.
std::optional<std::string_view> first_subkey(std::string_view rest) {
  if (rest.size() < 2 || rest.front() != '[') return std::nullopt;
  auto close = rest.find(']');
  if (close == std::string_view::npos) return std::nullopt;
  return rest.substr(1, close - 1);
}

// Strict UTF-8 (no overlongs, no surrogates), as Stripe requires of every parameter.
bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    std::uint32_t code = length == 1 ? byte : byte & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

const ParamSpec* find_spec(const ParamSpecs& specs, std::string_view root) {
  for (const auto& spec : specs)
    if (spec.name == root) return &spec;
  return nullptr;
}

void check_field(const stripe_wire::FormField& field, const ParamSpecs& specs) {
  auto [root, rest] = split_param_key(field.key);
  const ParamSpec* spec = find_spec(specs, root);
  if (!spec) throw parameter_unknown(field.key);
  auto sub = first_subkey(rest);
  switch (spec->kind) {
    case ParamKind::scalar:
      if (!rest.empty()) throw parameter_unknown(field.key);
      return;
    case ParamKind::array:
      if (!sub || !is_index(*sub) || rest.size() != sub->size() + 2) {
        throw invalid_request("Invalid array", std::string(root));
      }
      return;
    case ParamKind::hash_any:
      if (!sub || sub->empty()) throw invalid_request("Invalid hash", std::string(root));
      return;
    case ParamKind::hash_of:
      if (!sub || rest.size() != sub->size() + 2) throw invalid_request("Invalid hash", std::string(root));
      if (std::find(spec->keys.begin(), spec->keys.end(), *sub) == spec->keys.end()) {
        throw parameter_unknown(field.key);
      }
      return;
    case ParamKind::range:
      if (rest.empty()) return;
      if (!sub || rest.size() != sub->size() + 2 ||
          (*sub != "gt" && *sub != "gte" && *sub != "lt" && *sub != "lte")) {
        throw parameter_unknown(field.key);
      }
      return;
  }
}

}  // namespace

std::pair<std::string_view, std::string_view> split_param_key(std::string_view key) {
  auto bracket = key.find('[');
  if (bracket == std::string_view::npos) return {key, {}};
  return {key.substr(0, bracket), key.substr(bracket)};
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '+')) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Params::Params(stripe_wire::Form form, const ParamSpecs& specs) : form_(std::move(form)) {
  std::set<std::string> seen;
  for (const auto& field : form_) {
    if (!valid_utf8(field.key) || !valid_utf8(field.value)) {
      throw invalid_request("Invalid UTF-8 in a parameter; parameters must be UTF-8 encoded.", {},
                            "parameter_invalid_string");
    }
    check_field(field, specs);
    auto [root, rest] = split_param_key(field.key);
    const ParamSpec* spec = find_spec(specs, root);
    if (spec->kind == ParamKind::array) continue;
    if (!seen.insert(field.key).second) {
      throw invalid_request("Received the parameter " + field.key + " more than once.", field.key,
                            "parameter_invalid_duplicate");
    }
  }
}

bool Params::has(std::string_view name) const {
  return std::any_of(form_.begin(), form_.end(),
                     [&](const auto& field) { return split_param_key(field.key).first == name; });
}

std::optional<std::string> Params::text(std::string_view name) const {
  for (const auto& field : form_)
    if (field.key == name) return field.value.empty() ? std::nullopt : std::optional(field.value);
  return std::nullopt;
}

std::string Params::required_text(std::string_view name) const {
  auto value = text(name);
  if (!value) throw parameter_missing(std::string(name));
  return *value;
}

std::optional<std::int64_t> Params::integer(std::string_view name, std::int64_t min, std::int64_t max) const {
  const stripe_wire::FormField* found = nullptr;
  for (const auto& field : form_)
    if (field.key == name) found = &field;
  if (!found) return std::nullopt;
  auto value = parse_int64(found->value);
  const std::string param(name);
  if (!value) throw invalid_integer(param, "Invalid integer: " + found->value);
  if (*value < min) throw invalid_integer(param, "This value must be greater than or equal to " + std::to_string(min) + ".");
  if (*value > max) throw invalid_integer(param, "This value must be less than or equal to " + std::to_string(max) + ".");
  return value;
}

std::optional<bool> Params::boolean(std::string_view name) const {
  auto value = text(name);
  if (!value) return std::nullopt;
  if (*value == "true") return true;
  if (*value == "false") return false;
  throw invalid_request("Invalid boolean: " + *value, std::string(name), "parameter_invalid_boolean");
}

std::vector<std::string> Params::array(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& field : form_)
    if (split_param_key(field.key).first == name) values.push_back(field.value);
  return values;
}

std::map<std::string, std::string> Params::hash(std::string_view name) const {
  std::map<std::string, std::string> values;
  for (const auto& field : form_) {
    auto [root, rest] = split_param_key(field.key);
    if (root != name) continue;
    auto sub = first_subkey(rest);
    if (sub) values[std::string(*sub)] = field.value;
  }
  return values;
}

CreatedRange Params::range(std::string_view name) const {
  CreatedRange range;
  const std::string base(name);
  auto bound = [&](const std::string& key) {
    return integer(key, std::numeric_limits<std::int64_t>::min() + 1, std::numeric_limits<std::int64_t>::max() - 1);
  };
  if (auto exact = bound(base)) range.min = range.max = *exact;
  if (auto gt = bound(base + "[gt]")) range.min = std::max(range.min.value_or(*gt + 1), *gt + 1);
  if (auto gte = bound(base + "[gte]")) range.min = std::max(range.min.value_or(*gte), *gte);
  if (auto lt = bound(base + "[lt]")) range.max = std::min(range.max.value_or(*lt - 1), *lt - 1);
  if (auto lte = bound(base + "[lte]")) range.max = std::min(range.max.value_or(*lte), *lte);
  return range;
}

}  // namespace stripe_sim
