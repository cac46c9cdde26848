// Which part of the proxy answers a request: a pure classification, so the
// session only dispatches and the tests can check the table without sockets.
#pragma once

#include <string_view>

#include "stripe_proxy/asio.h"

namespace stripe_proxy {

enum class RouteKind {
  health,
  ready,
  public_config,
  checkout,
  payment_intents,
  cors_preflight,
  export_balance_transactions,
  gateway,
  static_file,
  not_found,
};

RouteKind classify_request(http::verb method, std::string_view target, bool serves_static);

// Pattern names for the access log (never the raw target).
std::string_view route_label(RouteKind kind);

}  // namespace stripe_proxy
