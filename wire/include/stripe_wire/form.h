// application/x-www-form-urlencoded as Stripe speaks it: `metadata[order]=1`,
// `expand[]=balance_transaction`, `created[gte]=1700000000`. Keys are kept
// flat, exactly as sent (decoded), in order, duplicates included, so that
// policy code can see and refuse whatever it does not allow.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stripe_wire {

struct FormField {
  std::string key;    // decoded, e.g. "metadata[order]"
  std::string value;  // decoded
  bool operator==(const FormField&) const = default;
};

using Form = std::vector<FormField>;

// Parses a body or query string ('+' is a space, %XX escapes). On a malformed
// escape, an empty key, or unbalanced brackets in a key: nullopt, and `error`
// (if given) says which pair broke.
std::optional<Form> parse_form(std::string_view text, std::string* error = nullptr);

// Encodes fields in order; brackets stay readable, as Stripe's SDKs send them.
std::string encode_form(const Form& form);

// Percent-encodes everything except RFC 3986 unreserved characters (and, when
// keep_brackets, '[' and ']').
std::string percent_encode(std::string_view text, bool keep_brackets = false);

// Values of every field whose key is exactly `key` (e.g. all "expand[]").
std::vector<std::string> values_of(const Form& form, std::string_view key);

// The single value of `key`; nullopt when absent. `duplicate` is set when the
// key occurs more than once (callers should refuse such a request).
std::optional<std::string> single_value(const Form& form, std::string_view key,
                                        bool* duplicate = nullptr);

// Splits a request target into its path and its query (without the '?').
struct Target {
  std::string_view path;
  std::string_view query;
};
Target split_target(std::string_view target);

}  // namespace stripe_wire
