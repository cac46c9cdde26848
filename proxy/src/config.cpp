#include "stripe_proxy/config.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace stripe_proxy {
namespace {

using nlohmann::json;

// Thrown only inside this file, turned into ConfigResult::error.
struct FieldError {
  std::string text;
};

[[noreturn]] void fail(const std::string& field, const std::string& message) {
  throw FieldError{field + ": " + message};
}

std::string get_string(const json& object, const std::string& key, const std::string& field,
                       bool required, std::string fallback = {}) {
  if (!object.contains(key)) {
    if (required) fail(field, "is required");
    return fallback;
  }
  if (!object[key].is_string()) fail(field, "must be a string");
  return object[key].get<std::string>();
}

std::int64_t get_integer(const json& object, const std::string& key, const std::string& field,
                         std::int64_t fallback, std::int64_t min, std::int64_t max) {
  if (!object.contains(key)) return fallback;
  const json& value = object[key];
  if (!value.is_number_integer()) fail(field, "must be an integer");
  const auto number = value.get<std::int64_t>();
  if (number < min || number > max) {
    fail(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return number;
}

bool is_lower_alnum(std::string_view text, std::string_view extra = "") {
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || extra.find(c) != std::string_view::npos;
  });
}

bool is_hex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

void split_listen(const std::string& listen, Config& config) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    fail("listen", "must be HOST:PORT, e.g. 127.0.0.1:8787");
  }
  config.listen_host = listen.substr(0, colon);
  config.listen_port = listen.substr(colon + 1);
  if (!std::all_of(config.listen_port.begin(), config.listen_port.end(), ::isdigit) ||
      std::stol(config.listen_port) > 65535) {
    fail("listen", "port must be a number from 0 to 65535");
  }
}

void read_tokens(const json& root, Config& config) {
  if (!root.contains("tokens")) return;
  if (!root["tokens"].is_array()) fail("tokens", "must be an array");
  for (std::size_t i = 0; i < root["tokens"].size(); ++i) {
    const json& entry = root["tokens"][i];
    const std::string field = "tokens[" + std::to_string(i) + "]";
    if (!entry.is_object()) fail(field, "must be an object");
    ProxyToken token;
    token.name = get_string(entry, "name", field + ".name", true);
    token.sha256_hex = get_string(entry, "sha256", field + ".sha256", true);
    if (!is_hex64(token.sha256_hex)) fail(field + ".sha256", "must be 64 lower-case hex digits");
    if (!entry.contains("scopes") || !entry["scopes"].is_array() || entry["scopes"].empty()) {
      fail(field + ".scopes", "must be a non-empty array of \"read\", \"refund\", \"charge\"");
    }
    for (const json& scope : entry["scopes"]) {
      const auto parsed = scope.is_string() ? parse_scope(scope.get<std::string>()) : std::nullopt;
      if (!parsed) fail(field + ".scopes", "unknown scope (allowed: read, refund, charge)");
      token.scopes.push_back(*parsed);
    }
    // Up to 9999-12-31T23:59:59Z; absent: the token never expires.
    token.expires_at = get_integer(entry, "expires_at", field + ".expires_at", 0, 1, 253'402'300'799);
    for (const auto& other : config.tokens) {
      if (other.sha256_hex == token.sha256_hex) fail(field + ".sha256", "duplicates another token");
    }
    config.tokens.push_back(std::move(token));
  }
}

void read_catalog(const json& root, Config& config) {
  if (!root.contains("catalog")) return;
  if (!root["catalog"].is_array()) fail("catalog", "must be an array");
  for (std::size_t i = 0; i < root["catalog"].size(); ++i) {
    const json& entry = root["catalog"][i];
    const std::string field = "catalog[" + std::to_string(i) + "]";
    if (!entry.is_object()) fail(field, "must be an object");
    CatalogItem item;
    item.sku = get_string(entry, "sku", field + ".sku", true);
    if (item.sku.size() > 64 || !is_lower_alnum(item.sku, "-_")) {
      fail(field + ".sku", "must be 1-64 characters of a-z, 0-9, '-', '_'");
    }
    item.name = get_string(entry, "name", field + ".name", true);
    if (item.name.empty() || item.name.size() > 200) fail(field + ".name", "must be 1-200 characters");
    if (!entry.contains("unit_amount")) fail(field + ".unit_amount", "is required");
    // Stripe's largest amount is 8 digits of minor units.
    item.unit_amount = get_integer(entry, "unit_amount", field + ".unit_amount", 0, 1, 99'999'999);
    item.currency = get_string(entry, "currency", field + ".currency", true);
    if (item.currency.size() != 3 || !is_lower_alnum(item.currency) ||
        std::any_of(item.currency.begin(), item.currency.end(), ::isdigit)) {
      fail(field + ".currency", "must be a lower-case ISO 4217 code such as \"eur\"");
    }
    if (config.find_sku(item.sku)) fail(field + ".sku", "duplicates another catalog entry");
    config.catalog.push_back(std::move(item));
  }
}

// The stand-in's API is let through the pages' CSP, so it is limited to the
// offline demo and to a simulator on this machine.
void read_stripe_js_api(const json& root, Config& config) {
  if (!root.contains("stripe_js_api")) return;
  const auto url = get_string(root, "stripe_js_api", "stripe_js_api", false);
  if (config.mode != "demo") fail("stripe_js_api", "is allowed only with \"mode\": \"demo\" (real pages load https://js.stripe.com)");
  const bool loopback = url.starts_with("http://127.0.0.1:") || url.starts_with("http://localhost:") || url.starts_with("http://[::1]:");
  const auto port = url.substr(url.rfind(':') + 1);
  if (!loopback || !is_plain_origin(url) || port.empty() || !std::all_of(port.begin(), port.end(), ::isdigit) ||
      port.size() > 5 || std::stol(port) < 1 || std::stol(port) > 65535) {
    fail("stripe_js_api", "must be a loopback http origin with a port, like http://127.0.0.1:12111");
  }
  config.stripe_js_api = url;
}

void read_limits(const json& root, Limits& limits) {
  if (!root.contains("limits")) return;
  const json& object = root["limits"];
  if (!object.is_object()) fail("limits", "must be an object");
  const auto ms = [&](const char* key, std::chrono::milliseconds fallback, std::int64_t max) {
    return std::chrono::milliseconds(
        get_integer(object, key, std::string("limits.") + key, fallback.count(), 1, max));
  };
  const auto count = [&](const char* key, std::size_t fallback, std::int64_t min, std::int64_t max) {
    return static_cast<std::size_t>(
        get_integer(object, key, std::string("limits.") + key, static_cast<std::int64_t>(fallback), min, max));
  };
  limits.header_bytes = count("header_bytes", limits.header_bytes, 1024, 1 << 20);
  limits.body_bytes = count("body_bytes", limits.body_bytes, 1024, 16 << 20);
  limits.request_timeout = ms("request_timeout_ms", limits.request_timeout, 600'000);
  limits.connect_timeout = ms("connect_timeout_ms", limits.connect_timeout, 600'000);
  limits.upstream_timeout = ms("upstream_timeout_ms", limits.upstream_timeout, 600'000);
  limits.max_upstream_concurrency = count("max_upstream_concurrency", limits.max_upstream_concurrency, 1, 100'000);
  limits.max_connections = count("max_connections", limits.max_connections, 1, 1'000'000);
  limits.max_connections_per_client =
      count("max_connections_per_client", limits.max_connections_per_client, 0, 1'000'000);
  limits.token_share_percent = count("token_share_percent", limits.token_share_percent, 0, 90);
  limits.max_retries = static_cast<int>(get_integer(object, "max_retries", "limits.max_retries", limits.max_retries, 0, 10));
  limits.retry_base = ms("retry_base_ms", limits.retry_base, 60'000);
  limits.retry_cap = ms("retry_cap_ms", limits.retry_cap, 600'000);
  limits.export_windows = count("export_windows", limits.export_windows, 1, 256);
  limits.shutdown_grace = ms("shutdown_grace_ms", limits.shutdown_grace, 600'000);
  if (object.contains("rate_per_second")) {
    const json& rate = object["rate_per_second"];
    if (!rate.is_number() || rate.get<double>() <= 0 || rate.get<double>() > 1'000'000) {
      fail("limits.rate_per_second", "must be a number in (0, 1000000]");
    }
    limits.rate_per_second = rate.get<double>();
  }
}

}  // namespace

bool ProxyToken::expired(std::chrono::system_clock::time_point now) const {
  // Compared in seconds: expires_at up to year 9999 does not fit system_clock's
  // nanoseconds (int64 ends in 2262), now does.
  return expires_at != 0 && std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() >= expires_at;
}

bool ProxyToken::has(Scope scope) const {
  if (expired(std::chrono::system_clock::now())) return false;
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

const CatalogItem* Config::find_sku(std::string_view sku) const {
  for (const auto& item : catalog) {
    if (item.sku == sku) return &item;
  }
  return nullptr;
}

bool Config::origin_allowed(std::string_view origin) const {
  return std::find(allowed_origins.begin(), allowed_origins.end(), origin) != allowed_origins.end();
}

std::optional<Scope> parse_scope(std::string_view name) {
  if (name == "read") return Scope::read;
  if (name == "refund") return Scope::refund;
  if (name == "charge") return Scope::charge;
  return std::nullopt;
}

std::string_view scope_name(Scope scope) {
  switch (scope) {
    case Scope::read: return "read";
    case Scope::refund: return "refund";
    case Scope::charge: return "charge";
  }
  return "";
}

std::optional<PaymentFlow> parse_payment_flow(std::string_view name) {
  if (name == "charges") return PaymentFlow::charges;
  if (name == "payment_intents") return PaymentFlow::payment_intents;
  return std::nullopt;
}

std::string_view payment_flow_name(PaymentFlow flow) {
  switch (flow) {
    case PaymentFlow::charges: return "charges";
    case PaymentFlow::payment_intents: return "payment_intents";
  }
  return "";
}

bool is_plain_origin(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return false;
  }
  std::string_view host = rest;
  std::string_view port;
  if (rest.starts_with("[")) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    host = rest.substr(1, close - 1);
    if (!std::all_of(host.begin(), host.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':'; })) return false;
    const auto after = rest.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) return false;
    port = after.empty() ? after : after.substr(1);
    if (!after.empty() && port.empty()) return false;
  } else {
    const auto colon = rest.find(':');
    if (colon != std::string_view::npos) {
      host = rest.substr(0, colon);
      port = rest.substr(colon + 1);
      if (port.empty()) return false;
    }
    if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-' ||
        !std::all_of(host.begin(), host.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
        })) {
      return false;
    }
  }
  return port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<Upstream> parse_upstream(std::string_view url, std::string& error) {
  Upstream upstream;
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
    upstream.port = "443";
  } else if (url.starts_with("http://")) {
    upstream.tls = false;
    rest = url.substr(7);
    upstream.port = "80";
  } else {
    error = "must start with https:// (or http:// for a loopback test upstream)";
    return std::nullopt;
  }
  if (rest.ends_with("/")) rest.remove_suffix(1);
  if (rest.empty() || rest.find_first_of("/?#@ ") != std::string_view::npos) {
    error = "must be a scheme and host[:port] without a path";
    return std::nullopt;
  }
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos) {
    upstream.host = std::string(rest.substr(0, colon));
    upstream.port = std::string(rest.substr(colon + 1));
    if (upstream.port.empty() || !std::all_of(upstream.port.begin(), upstream.port.end(), ::isdigit)) {
      error = "has an invalid port";
      return std::nullopt;
    }
  } else {
    upstream.host = std::string(rest);
  }
  const bool loopback = upstream.host == "127.0.0.1" || upstream.host == "localhost" || upstream.host == "[::1]";
  if (!upstream.tls && !loopback) {
    error = "plain http is allowed only for a loopback test upstream (127.0.0.1, localhost)";
    return std::nullopt;
  }
  return upstream;
}

ConfigResult parse_config(std::string_view json_text) {
  ConfigResult result;
  const json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded()) {
    result.error = "config: not valid JSON";
    return result;
  }
  try {
    if (!root.is_object()) fail("config", "must be a JSON object");
    static const char* const known[] = {"listen", "upstream", "stripe_version", "publishable_key", "mode",
                                        "allowed_origins", "static_dir", "tokens", "catalog",
                                        "secret_key_file", "limits", "payment_flow", "stripe_js_api"};
    for (const auto& [key, value] : root.items()) {
      if (key.find("secret") != std::string::npos && key != "secret_key_file") {
        fail(key, "the secret belongs in STRIPE_SECRET_KEY or secret_key_file, never in the config");
      }
      if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
        fail(key, "unknown setting");
      }
    }
    Config config;
    split_listen(get_string(root, "listen", "listen", false, "127.0.0.1:0"), config);
    std::string upstream_error;
    const auto upstream = parse_upstream(get_string(root, "upstream", "upstream", false, "https://api.stripe.com"),
                                         upstream_error);
    if (!upstream) fail("upstream", upstream_error);
    config.upstream = *upstream;
    config.stripe_version = get_string(root, "stripe_version", "stripe_version", false, config.stripe_version);
    if (config.stripe_version.size() < 10 || config.stripe_version.size() > 40 ||
        !is_lower_alnum(config.stripe_version, "-.")) {
      fail("stripe_version", "must look like 2022-11-15");
    }
    config.publishable_key = get_string(root, "publishable_key", "publishable_key", true);
    if (!config.publishable_key.starts_with("pk_") || config.publishable_key.size() > 200) {
      fail("publishable_key", "must start with pk_");
    }
    config.mode = get_string(root, "mode", "mode", false, config.mode);
    if (config.mode != "test" && config.mode != "live" && config.mode != "demo") {
      fail("mode", "must be \"test\", \"live\" or \"demo\"");
    }
    if (config.mode == "live" && !config.publishable_key.starts_with("pk_live_")) {
      fail("publishable_key", "live mode needs a pk_live_ key");
    }
    if (config.mode == "test" && config.publishable_key.starts_with("pk_live_")) {
      fail("publishable_key", "test mode needs a pk_test_ key");
    }
    if (root.contains("allowed_origins")) {
      if (!root["allowed_origins"].is_array()) fail("allowed_origins", "must be an array of strings");
      for (std::size_t i = 0; i < root["allowed_origins"].size(); ++i) {
        const json& origin = root["allowed_origins"][i];
        const std::string field = "allowed_origins[" + std::to_string(i) + "]";
        if (!origin.is_string()) fail(field, "must be a string");
        const auto text = origin.get<std::string>();
        // Origins also go into the checkout page's CSP frame-ancestors: nothing but an origin.
        if (!is_plain_origin(text)) {
          fail(field, "must be an origin like https://shop.example (no path, no wildcard)");
        }
        config.allowed_origins.push_back(text);
      }
    }
    config.static_dir = get_string(root, "static_dir", "static_dir", false);
    config.secret_key_file = get_string(root, "secret_key_file", "secret_key_file", false);
    const auto flow = get_string(root, "payment_flow", "payment_flow", false, "charges");
    const auto parsed_flow = parse_payment_flow(flow);
    if (!parsed_flow) fail("payment_flow", "must be \"charges\" or \"payment_intents\"");
    config.payment_flow = *parsed_flow;
    read_stripe_js_api(root, config);
    read_tokens(root, config);
    read_catalog(root, config);
    read_limits(root, config.limits);
    result.config = std::move(config);
  } catch (const FieldError& error) {
    result.error = error.text;
  }
  return result;
}

std::optional<std::string> load_secret_key(const Config& config, const char* env_value, std::string& error) {
  std::string key;
  if (env_value != nullptr && *env_value != '\0') {
    key = env_value;
  } else if (!config.secret_key_file.empty()) {
    std::ifstream file(config.secret_key_file);
    if (!file) {
      error = "secret_key_file: cannot be read";
      return std::nullopt;
    }
    std::ostringstream text;
    text << file.rdbuf();
    key = text.str();
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ')) key.pop_back();
  } else {
    error = "STRIPE_SECRET_KEY: is not set (and no secret_key_file in the config)";
    return std::nullopt;
  }
  const bool shaped = (key.starts_with("sk_") || key.starts_with("rk_")) && key.size() >= 10 && key.size() <= 255 &&
                      std::all_of(key.begin(), key.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  if (!shaped) {
    error = "STRIPE_SECRET_KEY: must be a Stripe secret or restricted key (sk_... or rk_...)";
    return std::nullopt;
  }
  const bool live = key.starts_with("sk_live_") || key.starts_with("rk_live_");
  if (live && config.mode != "live") {
    error = "STRIPE_SECRET_KEY: a live key needs \"mode\": \"live\"";
    return std::nullopt;
  }
  if (!live && config.mode == "live") {
    error = "STRIPE_SECRET_KEY: live mode needs a live key";
    return std::nullopt;
  }
  return key;
}

}  // namespace stripe_proxy
