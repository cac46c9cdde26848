// stripe-proxy: `serve --config FILE [--static DIR]` and `token create`.
// The secret comes from STRIPE_SECRET_KEY or the config's secret_key_file,
// never from the command line (it would show in `ps` and shell history).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stripe_proxy/config.h"
#include "stripe_proxy/server.h"
#include "stripe_proxy/tls_client_context.h"
#include "stripe_proxy/token_crypto.h"

namespace {

using namespace stripe_proxy;

constexpr const char* usage =
    "usage:\n"
    "  stripe-proxy serve --config FILE [--static DIR] [--listen HOST:PORT]\n"
    "      secret key from env STRIPE_SECRET_KEY (or the config's secret_key_file)\n"
    "  stripe-proxy token create --scopes read,refund,charge [--name NAME]\n";

int fail(const std::string& message) {
  std::cerr << "stripe-proxy: " << message << "\n";
  return 2;
}

int token_create(const std::vector<std::string>& args) {
  std::string scopes_text;
  std::string name = "token";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--scopes" && i + 1 < args.size()) {
      scopes_text = args[++i];
    } else if (args[i] == "--name" && i + 1 < args.size()) {
      name = args[++i];
    } else {
      return fail("unknown argument: " + args[i] + "\n" + usage);
    }
  }
  if (scopes_text.empty()) return fail("--scopes is required (read, refund, charge)");
  nlohmann::json scopes = nlohmann::json::array();
  std::stringstream list(scopes_text);
  for (std::string scope; std::getline(list, scope, ',');) {
    if (!parse_scope(scope)) return fail("--scopes: unknown scope \"" + scope + "\" (allowed: read, refund, charge)");
    scopes.push_back(scope);
  }
  const auto token = generate_proxy_token();
  std::cout << token << "\n"
            << nlohmann::json{{"name", name}, {"sha256", sha256_hex(token)}, {"scopes", scopes}}.dump() << "\n";
  std::cerr << "Store the token now: it is shown once. Add the JSON line to the config's \"tokens\".\n";
  return 0;
}

int serve(const std::vector<std::string>& args) {
  std::string config_path;
  std::string static_dir;
  std::string listen;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config_path = args[++i];
    } else if (args[i] == "--static" && i + 1 < args.size()) {
      static_dir = args[++i];
    } else if (args[i] == "--listen" && i + 1 < args.size()) {
      listen = args[++i];
    } else if (args[i].find("sk_") != std::string::npos || args[i].find("secret") != std::string::npos) {
      return fail("the secret key is never accepted on the command line; set STRIPE_SECRET_KEY");
    } else {
      return fail("unknown argument: " + args[i].substr(0, 64) + "\n" + usage);
    }
  }
  if (config_path.empty()) return fail("--config FILE is required\n" + std::string(usage));
  std::ifstream file(config_path);
  if (!file) return fail("config: cannot read " + config_path);
  std::ostringstream text;
  text << file.rdbuf();
  auto parsed = parse_config(text.str());
  if (!parsed.config) return fail("bad config: " + parsed.error);
  Config config = std::move(*parsed.config);
  if (!static_dir.empty()) config.static_dir = static_dir;
  if (!listen.empty()) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) return fail("--listen: must be HOST:PORT");
    config.listen_host = listen.substr(0, colon);
    config.listen_port = listen.substr(colon + 1);
  }
  std::string error;
  auto secret = load_secret_key(config, std::getenv("STRIPE_SECRET_KEY"), error);
  if (!secret) return fail("bad config: " + error);

  // One thread runs the io_context and touches every socket and timer, so the
  // reactor needs no lock per descriptor operation (UNSAFE_IO: the scheduler
  // keeps its lock for the resolver's and the signal handler's completions).
  asio::io_context io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  auto tls_context = make_tls_client_context();
  ProxyApp app(io.get_executor(), std::move(config), std::move(*secret), &tls_context);
  Server server(io, app);
  unsigned short port = 0;
  try {
    port = server.bind();
  } catch (const std::exception& bind_error) {
    return fail("listen: cannot bind " + app.config().listen_host + ":" + app.config().listen_port + " (" +
                bind_error.what() + ")");
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code ec, int) {
    if (!ec) server.stop();
  });
  server.start();
  std::printf("stripe-proxy listening on http://%s:%u\n", app.config().listen_host.c_str(), port);
  std::fflush(stdout);
  io.run();
  app.flush_log();
  std::cerr << app.redactor().redact("stripe-proxy: stopped\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() >= 1 && args[0] == "serve") return serve({args.begin() + 1, args.end()});
    if (args.size() >= 2 && args[0] == "token" && args[1] == "create") return token_create({args.begin() + 2, args.end()});
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << usage;
      return 0;
    }
  } catch (const std::exception& error) {
    return fail(std::string("fatal: ") + error.what());
  }
  std::cerr << usage;
  return 2;
}
