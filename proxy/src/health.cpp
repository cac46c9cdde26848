#include "stripe_proxy/health.h"

namespace stripe_proxy {

string_response handle_health(const string_request& request) {
  string_response response;
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  response.set(http::field::content_type, "application/json");
  const bool is_read = request.method() == http::verb::get || request.method() == http::verb::head;
  if (request.target() == "/healthz" && is_read) {
    response.result(http::status::ok);
    response.body() = R"({"status":"ok"})";
  } else {
    response.result(http::status::not_found);
    response.body() = R"({"error":{"type":"invalid_request_error","message":"Unrecognized request URL."}})";
  }
  response.prepare_payload();
  return response;
}

}  // namespace stripe_proxy
