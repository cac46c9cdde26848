// Request parameters as a Stripe endpoint sees them: the flat form fields of
// stripe_wire, checked against the endpoint's allowed shapes (unknown ->
// 400 parameter_unknown), with typed accessors that throw Stripe's errors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stripe_wire/form.h"

namespace stripe_sim {

enum class ParamKind {
  scalar,    // amount=100
  array,     // expand[]=a or expand[0]=a (stripe-node sends indices)
  hash_any,  // metadata[anything]=..., billing_details[address][city]=...
  hash_of,   // card[number]=... with a fixed set of keys
  range,     // created=1 or created[gte]=1 (gt, gte, lt, lte)
};

struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::scalar;
  std::vector<std::string> keys = {};  // for hash_of
};

using ParamSpecs = std::vector<ParamSpec>;

// created[gt|gte|lt|lte] bounds, inclusive after normalisation.
struct CreatedRange {
  std::optional<std::int64_t> min;  // inclusive
  std::optional<std::int64_t> max;  // inclusive
  bool contains(std::int64_t created) const {
    return (!min || created >= *min) && (!max || created <= *max);
  }
};

class Params {
 public:
  // Throws StripeError 400 on an unknown parameter or a scalar sent twice.
  Params(stripe_wire::Form form, const ParamSpecs& specs);

  bool has(std::string_view name) const;  // any field with this root
  // Scalar value of `name` ("amount" or "card[number]"); empty values count as absent.
  std::optional<std::string> text(std::string_view name) const;
  std::string required_text(std::string_view name) const;
  // Integer within [min, max]; otherwise 400 parameter_invalid_integer naming `name`.
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max) const;
  std::optional<bool> boolean(std::string_view name) const;
  std::vector<std::string> array(std::string_view name) const;
  std::map<std::string, std::string> hash(std::string_view name) const;
  CreatedRange range(std::string_view name) const;
  const stripe_wire::Form& form() const { return form_; }

 private:
  stripe_wire::Form form_;
};

// Splits "card[number]" into root "card" and the bracketed rest "[number]".
std::pair<std::string_view, std::string_view> split_param_key(std::string_view key);

// Strict decimal integer (optional '-', no spaces, no overflow).
std::optional<std::int64_t> parse_int64(std::string_view text);

}  // namespace stripe_sim
