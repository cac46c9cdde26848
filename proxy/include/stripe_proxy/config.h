// The proxy's configuration: a JSON file plus the secret from the environment
// (or a key file). Validation is a pure function whose errors name the field.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stripe_proxy {

enum class Scope { read, refund, charge };

// How the checkout page pays: a card token charged by the proxy (the classic
// flow) or a PaymentIntent confirmed in the browser (SCA: 3-D Secure).
enum class PaymentFlow { charges, payment_intents };

struct ProxyToken {
  std::string name;
  std::string sha256_hex;  // of the token text; the token itself is never stored
  std::vector<Scope> scopes;
  std::int64_t expires_at = 0;  // Unix seconds (like Stripe's own expires_at); 0: never expires
  // False for every scope from expires_at on: an expired token may do nothing,
  // without a restart (the config keeps it until it is revoked).
  bool has(Scope scope) const;
  bool expired(std::chrono::system_clock::time_point now) const;
};

struct CatalogItem {
  std::string sku;
  std::string name;
  std::int64_t unit_amount = 0;  // minor units of `currency`
  std::string currency;          // lower-case ISO code
};

struct Upstream {
  bool tls = true;
  std::string host;
  std::string port;
};

struct Limits {
  std::size_t header_bytes = 8 * 1024;
  std::size_t body_bytes = 64 * 1024;
  std::chrono::milliseconds request_timeout{10'000};     // whole request, slowloris bound
  std::chrono::milliseconds connect_timeout{5'000};      // to upstream
  std::chrono::milliseconds upstream_timeout{30'000};    // whole upstream response
  std::size_t max_upstream_concurrency = 64;             // beyond: 503 + Retry-After
  std::size_t max_connections = 1024;                    // beyond: the oldest idle one is closed, else refused
  std::size_t max_connections_per_client = 0;            // per client address, the same way; 0: no cap
  std::size_t token_share_percent = 25;                  // of rate and upstream slots, kept for token holders
  double rate_per_second = 0;                            // 0: 25 for test keys, 100 for live
  int max_retries = 2;
  std::chrono::milliseconds retry_base{500};
  std::chrono::milliseconds retry_cap{5'000};
  std::size_t export_windows = 16;
  std::chrono::milliseconds shutdown_grace{10'000};
};

struct Config {
  std::string listen_host = "127.0.0.1";
  std::string listen_port = "0";
  Upstream upstream;
  std::string stripe_version = "2022-11-15";
  std::string publishable_key;
  std::string mode = "test";
  std::vector<std::string> allowed_origins;
  std::string static_dir;
  std::vector<ProxyToken> tokens;
  std::vector<CatalogItem> catalog;
  std::string secret_key_file;
  PaymentFlow payment_flow = PaymentFlow::charges;
  // Demo mode only: the loopback simulator the offline stripe.js stand-in
  // calls from the browser (e.g. "http://127.0.0.1:12111"); empty otherwise.
  std::string stripe_js_api;
  Limits limits;

  const CatalogItem* find_sku(std::string_view sku) const;
  bool origin_allowed(std::string_view origin) const;
};

struct ConfigResult {
  std::optional<Config> config;
  std::string error;  // names the field, e.g. "catalog[1].unit_amount: must be a positive integer"
};

// Parses and validates the config file's text.
ConfigResult parse_config(std::string_view json_text);

// Parses "https://api.stripe.com" or "http://127.0.0.1:12111"; plain http only
// for loopback hosts. nullopt with `error` set otherwise.
std::optional<Upstream> parse_upstream(std::string_view url, std::string& error);

// The secret: env STRIPE_SECRET_KEY if set, else the file. Checks its shape
// (sk_test_/sk_live_/rk_...) and that live keys are not used in test mode and
// vice versa. `error` never contains the key.
std::optional<std::string> load_secret_key(const Config& config, const char* env_value,
                                           std::string& error);

std::optional<Scope> parse_scope(std::string_view name);
std::string_view scope_name(Scope scope);

std::optional<PaymentFlow> parse_payment_flow(std::string_view name);
std::string_view payment_flow_name(PaymentFlow flow);

// True for "scheme://host[:port]" with a plain host (letters, digits, '.', '-',
// or a bracketed IPv6 address) and nothing else: safe to put in a CSP.
bool is_plain_origin(std::string_view text);

}  // namespace stripe_proxy
