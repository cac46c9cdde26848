#include "stripe_proxy/routes.h"

#include "stripe_wire/form.h"

namespace stripe_proxy {

RouteKind classify_request(http::verb method, std::string_view target, bool serves_static) {
  const auto path = stripe_wire::split_target(target).path;
  const bool read = method == http::verb::get || method == http::verb::head;
  if (path == "/healthz" && read) return RouteKind::health;
  if (path == "/readyz" && read) return RouteKind::ready;
  if (path.starts_with("/v1/") || path == "/v1") return RouteKind::gateway;
  if (path.starts_with("/api/")) {
    if (method == http::verb::options) return RouteKind::cors_preflight;
    if (path == "/api/config" && read) return RouteKind::public_config;
    if (path == "/api/checkout" && method == http::verb::post) return RouteKind::checkout;
    if (path == "/api/payment_intents" && method == http::verb::post) return RouteKind::payment_intents;
    if (path == "/api/export/balance_transactions" && method == http::verb::get) {
      return RouteKind::export_balance_transactions;
    }
    return RouteKind::not_found;
  }
  if (serves_static && read) return RouteKind::static_file;
  return RouteKind::not_found;
}

std::string_view route_label(RouteKind kind) {
  switch (kind) {
    case RouteKind::health: return "/healthz";
    case RouteKind::ready: return "/readyz";
    case RouteKind::public_config: return "/api/config";
    case RouteKind::checkout: return "/api/checkout";
    case RouteKind::payment_intents: return "/api/payment_intents";
    case RouteKind::cors_preflight: return "preflight";
    case RouteKind::export_balance_transactions: return "/api/export/balance_transactions";
    case RouteKind::gateway: return "/v1";
    case RouteKind::static_file: return "static";
    case RouteKind::not_found: return "unmatched";
  }
  return "unmatched";
}

}  // namespace stripe_proxy
