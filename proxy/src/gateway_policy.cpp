#include "stripe_proxy/gateway_policy.h"

#include <algorithm>
#include <array>

#include "stripe_proxy/expand_policy.h"
#include "stripe_proxy/parameter_rules.h"
#include "stripe_proxy/token_crypto.h"
#include "stripe_wire/form.h"

namespace stripe_proxy {
namespace {

enum class Params {
  list_charges, list_refunds, list_nested_refunds, list_balance_transactions, list_payouts, list_customers,
  retrieve, create_refund, create_customer, create_charge,
};

struct RouteRule {
  http::verb method;
  std::string_view pattern;  // "{id}" matches one object id segment
  Scope scope;
  Params params;
  Family returns;  // what the route answers with (a list: its items), for expand[]
};

// The whole surface of the gateway. Anything else is a 404 and never forwarded.
constexpr std::array routes{
    RouteRule{http::verb::get, "/v1/charges", Scope::read, Params::list_charges, Family::charge},
    RouteRule{http::verb::get, "/v1/charges/{id}", Scope::read, Params::retrieve, Family::charge},
    RouteRule{http::verb::get, "/v1/charges/{id}/refunds", Scope::read, Params::list_nested_refunds, Family::refund},
    RouteRule{http::verb::get, "/v1/charges/{id}/refunds/{id}", Scope::read, Params::retrieve, Family::refund},
    RouteRule{http::verb::get, "/v1/refunds", Scope::read, Params::list_refunds, Family::refund},
    RouteRule{http::verb::get, "/v1/refunds/{id}", Scope::read, Params::retrieve, Family::refund},
    RouteRule{http::verb::get, "/v1/balance_transactions", Scope::read, Params::list_balance_transactions,
              Family::balance_transaction},
    RouteRule{http::verb::get, "/v1/balance_transactions/{id}", Scope::read, Params::retrieve,
              Family::balance_transaction},
    RouteRule{http::verb::get, "/v1/payouts", Scope::read, Params::list_payouts, Family::payout},
    RouteRule{http::verb::get, "/v1/payouts/{id}", Scope::read, Params::retrieve, Family::payout},
    RouteRule{http::verb::get, "/v1/customers", Scope::read, Params::list_customers, Family::customer},
    RouteRule{http::verb::get, "/v1/customers/{id}", Scope::read, Params::retrieve, Family::customer},
    RouteRule{http::verb::post, "/v1/refunds", Scope::refund, Params::create_refund, Family::refund},
    RouteRule{http::verb::post, "/v1/customers", Scope::charge, Params::create_customer, Family::customer},
    RouteRule{http::verb::post, "/v1/charges", Scope::charge, Params::create_charge, Family::charge},
};

bool matches(std::string_view pattern, std::string_view path) {
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto pattern_end = std::min(pattern.find('/'), pattern.size());
    const auto path_end = std::min(path.find('/'), path.size());
    const auto want = pattern.substr(0, pattern_end);
    const auto have = path.substr(0, path_end);
    if (want == "{id}" ? !rules::path_id(have).empty() : want != have) return false;
    pattern.remove_prefix(pattern_end);
    path.remove_prefix(path_end);
  }
  return true;
}

bool is_list(Params params) {
  return params == Params::list_charges || params == Params::list_refunds || params == Params::list_nested_refunds ||
         params == Params::list_balance_transactions || params == Params::list_payouts ||
         params == Params::list_customers;
}

// "created[gte]" -> {"created", "gte"}; "created" -> {"created", ""}. A key
// nested deeper ("metadata[a][b]") or malformed ("created[gte]x") gives an
// empty name, which no rule knows: Stripe refuses nested metadata, so the
// proxy refuses it before forwarding.
std::pair<std::string_view, std::string_view> split_key(std::string_view key) {
  const auto open = key.find('[');
  if (open == std::string_view::npos) return {key, {}};
  const auto sub = key.substr(open + 1, key.size() - open - 1);
  if (sub.size() < 2 || !sub.ends_with(']') || sub.find_first_of("[]") != sub.size() - 1) return {};
  return {key.substr(0, open), sub.substr(0, sub.size() - 1)};
}

// The lists that take `created` per Stripe's spec (spec3.2022-04-12, copied in
// tests/fixtures/proxy/): not GET /v1/charges/{id}/refunds, where Stripe
// answers 400 to a `created` filter.
bool takes_created(Params params) {
  return params == Params::list_charges || params == Params::list_refunds ||
         params == Params::list_balance_transactions || params == Params::list_payouts ||
         params == Params::list_customers;
}

constexpr long long max_amount = 99'999'999;

std::string check_range_filter(std::string_view sub, std::string_view value) {
  if (sub.empty()) return rules::integer_in(value, 0, 99'999'999'999);
  if (sub == "gt" || sub == "gte" || sub == "lt" || sub == "lte") return rules::integer_in(value, 0, 99'999'999'999);
  return "unknown";
}

std::string check_metadata(std::string_view sub, std::string_view value) {
  if (sub.empty() || sub.size() > 40) return "keys must be 1-40 characters";
  if (auto problem = rules::plain_text(sub, 40); !problem.empty()) return problem;
  return rules::plain_text(value, 500);
}

// "" when allowed, "unknown" when the parameter is not on the list, else why.
std::string check_parameter(Params params, std::string_view key, std::string_view value) {
  const auto [name, sub] = split_key(key);
  const bool nested = key.find('[') != std::string_view::npos;
  if (is_list(params)) {
    if (key == "limit") return rules::integer_in(value, 1, 100);
    if (key == "starting_after" || key == "ending_before") return rules::object_id(value);
    if (name == "created" && takes_created(params)) return check_range_filter(sub, value);
  }
  switch (params) {
    case Params::list_charges:
      if (key == "customer" || key == "payment_intent") return rules::object_id(value);
      break;
    case Params::list_refunds:
      if (key == "charge" || key == "payment_intent") return rules::object_id(value);
      break;
    case Params::list_balance_transactions:
      if (key == "payout" || key == "source") return rules::object_id(value);
      if (key == "type") return rules::lower_word(value);
      if (key == "currency") return rules::currency(value);
      break;
    case Params::list_payouts:
      if (key == "status") return rules::one_of(value, {"pending", "paid", "failed", "canceled", "in_transit"});
      if (key == "destination") return rules::object_id(value);
      if (name == "arrival_date") return check_range_filter(sub, value);
      break;
    case Params::list_customers:
      if (key == "email") return rules::plain_text(value, 512);
      break;
    case Params::create_refund:
      if (key == "charge" || key == "payment_intent") return rules::object_id(value);
      if (key == "amount") return rules::integer_in(value, 1, max_amount);
      if (key == "reason") return rules::one_of(value, {"duplicate", "fraudulent", "requested_by_customer"});
      if (name == "metadata" && nested) return check_metadata(sub, value);
      break;
    case Params::create_customer:
      if (key == "email") return rules::email(value);
      if (key == "name" || key == "description") return rules::plain_text(value, 350);
      if (key == "source") return value.starts_with("tok_") ? rules::object_id(value) : "must be a card token (tok_...)";
      if (name == "metadata" && nested) return check_metadata(sub, value);
      break;
    case Params::create_charge:
      if (key == "amount") return rules::integer_in(value, 1, max_amount);
      if (key == "currency") return rules::currency(value);
      if (key == "customer") return value.starts_with("cus_") ? rules::object_id(value) : "must be a customer id";
      if (key == "description") return rules::plain_text(value, 350);
      if (key == "receipt_email") return rules::email(value);
      if (name == "metadata" && nested) return check_metadata(sub, value);
      break;
    case Params::list_nested_refunds:
    case Params::retrieve:
      break;
  }
  return "unknown";
}

std::string check_required(Params params, const stripe_wire::Form& form) {
  const auto has = [&](std::string_view key) {
    return std::any_of(form.begin(), form.end(), [&](const auto& field) { return field.key == key; });
  };
  if (params == Params::create_refund && !has("charge") && !has("payment_intent")) return "charge";
  if (params == Params::create_charge) {
    for (auto key : {"amount", "currency", "customer"}) {
      if (!has(key)) return key;
    }
  }
  return {};
}

StripeError permission_error(const ProxyToken& token, Scope scope) {
  StripeError error;
  error.status = 403;
  error.type = "invalid_request_error";
  error.code = "permission_denied";
  error.message = "The proxy token '" + token.name + "' does not have the '" + std::string(scope_name(scope)) +
                  "' scope needed for this request.";
  return error;
}

std::string base64_decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '+' || c == '-') value = 62;
    else if (c == '/' || c == '_') value = 63;
    else if (c == '=') break;
    else return {};
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

std::string_view credential_of(std::string_view authorization, std::string& decoded) {
  const auto space = authorization.find(' ');
  if (space == std::string_view::npos) return {};
  const auto scheme = authorization.substr(0, space);
  auto value = authorization.substr(space + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  const auto iequals = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  if (iequals(scheme, "bearer")) return value;
  if (iequals(scheme, "basic")) {
    decoded = base64_decode(value);
    return std::string_view(decoded).substr(0, decoded.find(':'));
  }
  return {};
}

}  // namespace

bool is_object_id(std::string_view text) { return rules::object_id(text).empty(); }

bool is_valid_idempotency_key(std::string_view key) {
  return !key.empty() && key.size() <= 255 &&
         std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

const ProxyToken* authenticate(std::string_view authorization, const std::vector<ProxyToken>& tokens) {
  std::string decoded;
  const auto credential = credential_of(authorization, decoded);
  if (!credential.starts_with("spx_") || credential.size() > 200) return nullptr;
  std::array<char, 64> digest;
  sha256_hex_into(credential, digest);
  for (const auto& token : tokens) {
    if (constant_time_equal(std::string_view(digest.data(), digest.size()), token.sha256_hex)) return &token;
  }
  return nullptr;
}

AuthResult authenticate_or_refuse(std::string_view authorization, const std::vector<ProxyToken>& tokens,
                                  std::chrono::system_clock::time_point now) {
  AuthResult result;
  result.token = authenticate(authorization, tokens);
  result.error.status = 401;
  result.error.type = "invalid_request_error";
  if (result.token && result.token->expired(now)) {
    result.error.code = "token_expired";
    result.error.message = "The proxy token '" + result.token->name + "' has expired. Create a new one with 'npm run token -- create'.";
    result.token = nullptr;
  } else if (!result.token) {
    std::string decoded;
    const auto credential = credential_of(authorization, decoded);
    const bool stripe_key = credential.starts_with("sk_") || credential.starts_with("rk_");
    result.error.code = stripe_key ? "secret_key_not_accepted" : "";
    result.error.message = authorization.empty() ? "You did not provide a proxy token. Use 'Authorization: Bearer spx_...'."
                           : stripe_key ? "That is a Stripe secret key, not a proxy token. Never send your secret key "
                                          "to anyone; use a proxy token (spx_...)."
                                        : "Invalid proxy token provided.";
  }
  return result;
}

namespace {

const RouteRule* find_route(http::verb method, std::string_view path) {
  for (const auto& candidate : routes) {  // no two patterns match the same path
    if (candidate.method == method && matches(candidate.pattern, path)) return &candidate;
  }
  return nullptr;
}

// Headers and framing: everything about the request but its parameters.
std::optional<StripeError> check_transport(const GatewayRequest& request, std::string_view query,
                                           std::string_view stripe_version) {
  if (request.has_stripe_account) {
    auto error = invalid_request("The Stripe-Account header is not allowed through this proxy.", {}, "header_not_allowed");
    error.status = 403;
    return error;
  }
  // The proxy speaks one API version: its allow-lists were checked against
  // it, and answers of another shape would be misread by a client that asked
  // for its own (the stripe SDK's default is newer than the configured one).
  if (!request.stripe_version.empty() && request.stripe_version != stripe_version) {
    return invalid_request("This proxy speaks Stripe API version " + std::string(stripe_version) +
                               " only; the request asked for " + std::string(request.stripe_version.substr(0, 60)) +
                               ". Send that version (stripe-node: apiVersion: '" + std::string(stripe_version) +
                               "') or no Stripe-Version header.",
                           {}, "stripe_version_not_allowed");
  }
  const bool is_post = request.method == http::verb::post;
  if (is_post && !query.empty()) {
    return invalid_request("POST parameters belong in the form-encoded body, not the query string.");
  }
  if (!is_post && !request.body.empty()) return invalid_request("A GET request must not have a body.");
  if (is_post && !request.body.empty() && !rules::media_type_is(request.content_type, "application/x-www-form-urlencoded")) {
    auto error = invalid_request("Content-Type must be application/x-www-form-urlencoded.", {}, "content_type_invalid");
    error.status = 415;
    return error;
  }
  if (!request.idempotency_key.empty() && (!is_post || !is_valid_idempotency_key(request.idempotency_key))) {
    return invalid_request("Idempotency-Key must be 1-255 visible ASCII characters on a POST.", {},
                           "idempotency_key_invalid");
  }
  return std::nullopt;
}

// SDKs send arrays indexed (expand[0]=...); Stripe reads both forms.
void normalize_expand_keys(stripe_wire::Form& form) {
  for (auto& field : form) {
    if (field.key.starts_with("expand[") && field.key.size() > 8 &&
        std::all_of(field.key.begin() + 7, field.key.end() - 1, [](char c) { return c >= '0' && c <= '9'; }) &&
        field.key.back() == ']') {
      field.key = "expand[]";
    }
  }
}

std::optional<StripeError> check_fields(const RouteRule& rule, const ProxyToken& token, const stripe_wire::Form& form) {
  const auto type_filter = stripe_wire::single_value(form, "type");
  const ExpansionContext expansion{.returns = rule.returns,
                                   .is_list = is_list(rule.params),
                                   .can_read = token.has(Scope::read),
                                   .type_filter = rule.params == Params::list_balance_transactions && type_filter
                                                      ? std::string_view(*type_filter)
                                                      : std::string_view{}};
  std::size_t metadata_count = 0;
  for (std::size_t i = 0; i < form.size(); ++i) {
    const auto& field = form[i];
    auto problem = field.key == "expand[]" ? rules::expansion(field.value) : check_parameter(rule.params, field.key, field.value);
    if (field.key == "expand[]" && problem.empty()) problem = check_expansion(expansion, field.value);
    if (problem == "unknown") {
      return invalid_request("Received unknown or disallowed parameter: " + field.key.substr(0, 100),
                             field.key.substr(0, 100), "parameter_unknown");
    }
    if (!problem.empty()) {
      return invalid_request("Invalid " + field.key + ": " + problem, field.key, "parameter_invalid");
    }
    if (field.key != "expand[]") {
      for (std::size_t j = 0; j < i; ++j) {
        if (form[j].key == field.key) {
          return invalid_request("Duplicate parameter: " + field.key, field.key, "parameter_duplicate");
        }
      }
    }
    if (field.key.starts_with("metadata[") && ++metadata_count > 20) {
      return invalid_request("At most 20 metadata keys are allowed.", "metadata", "parameter_invalid");
    }
  }
  if (const auto missing = check_required(rule.params, form); !missing.empty()) {
    return invalid_request("Missing required param: " + missing + ".", missing, "parameter_missing");
  }
  return std::nullopt;
}

}  // namespace

std::string namespaced_idempotency_key(const ProxyToken& token, std::string_view client_key) {
  // By the token's digest (unique), not its name (`token create` defaults to
  // "token"), and hashed so the key keeps one length: 3 + 64 = 67 characters
  // whatever the client sent (Stripe refuses keys over 255).
  std::string material = token.sha256_hex;
  material += '\n';
  material += client_key;
  return "gw-" + sha256_hex(material);
}

GatewayDecision check_gateway_request(const GatewayRequest& request, const std::vector<ProxyToken>& tokens,
                                      std::string_view stripe_version) {
  GatewayDecision decision;
  const auto auth = authenticate_or_refuse(request.authorization, tokens);
  if (!auth.token) {
    decision.error = auth.error;
    return decision;
  }
  const auto [path, query] = stripe_wire::split_target(request.target);
  const auto* rule = find_route(request.method, path);
  if (!rule) {
    const auto method_name = http::to_string(request.method);
    decision.error = unknown_url(std::string_view(method_name.data(), method_name.size()), path);
    return decision;
  }
  if (!auth.token->has(rule->scope)) {
    decision.error = permission_error(*auth.token, rule->scope);
    return decision;
  }
  if (auto refusal = check_transport(request, query, stripe_version)) {
    decision.error = std::move(*refusal);
    return decision;
  }
  const bool is_post = request.method == http::verb::post;
  std::string parse_error;
  auto form = stripe_wire::parse_form(is_post ? request.body : query, &parse_error);
  if (!form) {
    decision.error = invalid_request("Malformed parameters: " + parse_error);
    return decision;
  }
  normalize_expand_keys(*form);
  if (auto refusal = check_fields(*rule, *auth.token, *form)) {
    decision.error = std::move(*refusal);
    return decision;
  }
  ForwardPlan plan;
  plan.method = request.method;
  plan.route = std::string(rule->pattern);
  plan.token_name = auth.token->name;
  // Namespaced per token so that no caller can replay another caller's (or
  // the checkout's) idempotent requests.
  if (!request.idempotency_key.empty()) {
    plan.idempotency_key = namespaced_idempotency_key(*auth.token, request.idempotency_key);
    plan.client_idempotency_key = std::string(request.idempotency_key);
  }
  const auto encoded = stripe_wire::encode_form(*form);
  plan.target = std::string(path);
  if (is_post) {
    plan.body = encoded;
  } else if (!encoded.empty()) {
    plan.target += "?" + encoded;
  }
  decision.forward = std::move(plan);
  return decision;
}

}  // namespace stripe_proxy
