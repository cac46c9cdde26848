#include "stripe_proxy/health.h"

#include "stripe_wire/form.h"

namespace stripe_proxy {

string_response handle_health(const string_request& request) {
  string_response response;
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  response.set(http::field::content_type, "application/json");
  const bool is_read = request.method() == http::verb::get || request.method() == http::verb::head;
  if (stripe_wire::split_target(request.target()).path == "/healthz" && is_read) {  // a query is ignored
    response.result(http::status::ok);
    response.body() = R"({"status":"ok"})";
  } else {
    response.result(http::status::not_found);
    response.body() = R"({"error":{"type":"invalid_request_error","message":"Unrecognized request URL."}})";
  }
  response.prepare_payload();
  return response;
}

string_response readiness_response(const string_request& request, Readiness readiness) {
  string_response response;
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  switch (readiness) {
    case Readiness::ready:
      response.result(http::status::ok);
      response.body() = R"({"status":"ready"})";
      break;
    case Readiness::stopping:
      response.result(http::status::service_unavailable);
      response.body() = R"({"status":"stopping"})";
      break;
    case Readiness::upstream_unreachable:
      response.result(http::status::service_unavailable);
      response.body() = R"({"status":"upstream_unreachable"})";
      break;
  }
  response.prepare_payload();
  return response;
}

}  // namespace stripe_proxy
