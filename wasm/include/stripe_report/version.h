#pragma once

namespace stripe_report {

// The toolkit version, shared by the CLI, the wasm module and the proxy.
inline constexpr const char* kVersion = "0.1.0";

}  // namespace stripe_report
