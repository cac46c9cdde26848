// latency_probe: latency at a fixed offered rate, for `npm run bench:proxy`.
//
// wrk keeps every connection busy, so on a saturated 2-core machine its p99 is
// mostly queueing. This probe offers a steady rate instead: request i is due at
// t0 + i / rate and goes out on a free keep-alive connection. Latency counts
// from the due time, not the send time, so a request that waited for a free
// connection shows that wait (no coordinated omission); the service time (from
// the actual send) is reported beside it. One thread, epoll and a timerfd: it
// sleeps until the next request is due rather than spinning, so it does not
// steal a core from what it measures. Loopback only, bounded in time.
//
// Several --port flags measure several servers in one run, each with its own
// connections and the full rate, their requests interleaved in time: this
// VM's host stalls (several ms at p99) then hit every target alike, and the
// difference of two targets' p99 is the hop, not the luck of the run.
//
//   latency_probe --port N [--port M]... [--path /v1/charges/ch_bench]
//                 [--header 'Name: value']... [--connections 64] [--rate 2000] [--seconds 5]
//
// Prints one JSON line per port: port, sent, completed, failures, late
// (requests that found no free connection when due), p50, p99, p999, max,
// service_p99 (ms).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Nanos = std::int64_t;

Nanos now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<Nanos>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "latency_probe: %s\n", message.c_str());
  std::exit(2);
}

struct Options {
  std::vector<int> ports;
  std::string path = "/";
  std::vector<std::string> headers;
  int connections = 64;
  double rate = 2000;
  double seconds = 5;
};

template <class Number>
Number parse_number(std::string_view flag, std::string_view text, Number low, Number high) {
  Number value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    fail(std::string(flag) + ": expected a number from " + std::to_string(low) + " to " + std::to_string(high) +
         ", got '" + std::string(text) + "'");
  }
  return value;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) fail(std::string(flag) + ": missing value");
    const std::string_view value = argv[++i];
    if (flag == "--port") {
      options.ports.push_back(parse_number(flag, value, 1, 65535));
    } else if (flag == "--path") {
      if (!value.starts_with('/') || value.find_first_of(" \r\n") != std::string_view::npos) fail("--path: must start with / and hold no spaces");
      options.path = value;
    } else if (flag == "--header") {
      if (value.find(':') == std::string_view::npos || value.find_first_of("\r\n") != std::string_view::npos) {
        fail("--header: expected 'Name: value'");
      }
      options.headers.emplace_back(value);
    } else if (flag == "--connections") {
      options.connections = parse_number(flag, value, 1, 10'000);
    } else if (flag == "--rate") {
      options.rate = parse_number(flag, value, 1.0, 1'000'000.0);
    } else if (flag == "--seconds") {
      options.seconds = parse_number(flag, value, 0.1, 600.0);
    } else {
      fail("unknown argument " + std::string(flag));
    }
  }
  if (options.ports.empty()) fail("--port is required");
  return options;
}

// Where one HTTP/1.1 response ends in `data`, once it is all there.
struct ResponseEnd {
  std::size_t bytes = 0;  // 0: not complete yet
  int status = 0;
  bool malformed = false;
};

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A chunked body starting at `at`: where it ends, 0 if incomplete, npos if malformed.
std::size_t chunked_end(std::string_view data, std::size_t at) {
  for (;;) {
    const auto line_end = data.find("\r\n", at);
    if (line_end == std::string_view::npos) return 0;
    std::size_t size = 0;
    const auto size_text = data.substr(at, line_end - at);
    const auto [end, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc() || end == size_text.data()) return std::string_view::npos;
    at = line_end + 2;
    if (size == 0) {  // trailers end with an empty line
      const auto trailers_end = data.find("\r\n", at);
      if (trailers_end == std::string_view::npos) return 0;
      if (trailers_end == at) return at + 2;
      at = trailers_end + 2;
      continue;
    }
    if (data.size() < at + size + 2) return 0;
    at += size + 2;
  }
}

ResponseEnd find_response_end(std::string_view data) {
  ResponseEnd result;
  const auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    result.malformed = data.size() > 64 * 1024;
    return result;
  }
  if (!data.starts_with("HTTP/1.") || data.size() < 12) {
    result.malformed = true;
    return result;
  }
  const auto status_text = data.substr(9, 3);
  const auto [status_end, status_ec] = std::from_chars(status_text.data(), status_text.data() + 3, result.status);
  if (status_ec != std::errc() || status_end != status_text.data() + 3 || result.status < 100) {
    result.malformed = true;
    return result;
  }
  std::optional<std::size_t> content_length;
  bool chunked = false;
  for (std::size_t at = data.find("\r\n") + 2; at < head_end + 2;) {
    const auto line_end = data.find("\r\n", at);
    const auto line = data.substr(at, line_end - at);
    if (iequals_prefix(line, "content-length:")) {
      std::size_t length = 0;
      const auto value = trim(line.substr(15));
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (ec != std::errc() || end != value.data() + value.size()) {
        result.malformed = true;
        return result;
      }
      content_length = length;
    } else if (iequals_prefix(line, "transfer-encoding:")) {
      chunked = trim(line.substr(18)).find("chunked") != std::string_view::npos;
    }
    at = line_end + 2;
  }
  const auto body_start = head_end + 4;
  if (chunked) {
    const auto end = chunked_end(data, body_start);
    if (end == std::string_view::npos) result.malformed = true;
    result.bytes = end == std::string_view::npos ? 0 : end;
  } else {
    const auto length = content_length.value_or(0);  // a keep-alive answer without either has no body
    if (data.size() >= body_start + length) result.bytes = body_start + length;
  }
  return result;
}

struct Connection {
  int fd = -1;
  bool busy = false;
  Nanos due = 0;   // when its current request was due
  Nanos sent = 0;  // when it went out
  std::string input;
};

// One server under test: its connections, its schedule and its figures.
struct Target {
  int port = 0;
  std::string request;
  Nanos offset = 0;  // its requests are due `offset` after the first target's
  std::vector<Connection> connections;
  std::uint64_t scheduled = 0;
  std::deque<Nanos> waiting;     // due, not yet sent: no connection was free
  std::size_t counted_late = 0;  // how many of `waiting` are already in `late`
  std::uint64_t opened = 0;
  std::uint64_t in_flight = 0;
  std::uint64_t late = 0;
  std::uint64_t failures = 0;
  std::vector<double> latencies;
  std::vector<double> service;
};

class Probe {
 public:
  explicit Probe(const Options& options) : options_(options) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    timer_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (epoll_ < 0 || timer_ < 0) fail(std::string("epoll/timerfd: ") + std::strerror(errno));
    watch(timer_, timer_key);
    interval_ = static_cast<Nanos>(1e9 / options_.rate);
    targets_.resize(options_.ports.size());
    for (std::size_t t = 0; t < targets_.size(); ++t) {
      auto& target = targets_[t];
      target.port = options_.ports[t];
      target.request = "GET " + options_.path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(target.port) + "\r\n";
      for (const auto& header : options_.headers) target.request += header + "\r\n";
      target.request += "\r\n";
      // Interleaved: a host stall hits every target alike.
      target.offset = interval_ * static_cast<Nanos>(t) / static_cast<Nanos>(targets_.size());
      target.connections.resize(static_cast<std::size_t>(options_.connections));
      for (std::size_t c = 0; c < target.connections.size(); ++c) open_connection(t, c);
    }
  }

  void run() {
    const auto total = static_cast<std::uint64_t>(options_.rate * options_.seconds);
    const Nanos start = now_ns();
    const Nanos give_up = start + static_cast<Nanos>((options_.seconds + 5) * 1e9);
    std::vector<epoll_event> events(targets_.size() * static_cast<std::size_t>(options_.connections) + 1);
    const auto due_at = [&](const Target& target, std::uint64_t i) {
      return start + target.offset + static_cast<Nanos>(i) * interval_;
    };
    for (;;) {
      const Nanos now = now_ns();
      bool busy = false;
      Nanos next_due = now + 10'000'000;  // drain: look again in 10 ms
      for (std::size_t t = 0; t < targets_.size(); ++t) {
        auto& target = targets_[t];
        for (; target.scheduled < total && due_at(target, target.scheduled) <= now; ++target.scheduled) {
          target.waiting.push_back(due_at(target, target.scheduled));
        }
        send_waiting(t);
        if (target.scheduled < total) next_due = std::min(next_due, due_at(target, target.scheduled));
        busy = busy || target.scheduled < total || !target.waiting.empty() || target.in_flight > 0;
      }
      if (!busy || now >= give_up) break;
      arm_timer(next_due);
      const int ready = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
      if (ready < 0 && errno != EINTR) fail(std::string("epoll_wait: ") + std::strerror(errno));
      for (int e = 0; e < ready; ++e) {
        const auto key = events[static_cast<std::size_t>(e)].data.u64;
        if (key == timer_key) {
          std::uint64_t expirations = 0;
          [[maybe_unused]] const auto ignored = read(timer_, &expirations, sizeof expirations);
          continue;
        }
        receive(static_cast<std::size_t>(key >> 32), static_cast<std::size_t>(key & 0xffffffffu));
      }
    }
  }

  // One JSON line per target, in the order of --port.
  void print() {
    const auto quantile = [](const std::vector<double>& sorted, double q) {
      if (sorted.empty()) return -1.0;
      return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(q * static_cast<double>(sorted.size())))];
    };
    for (auto& target : targets_) {
      std::sort(target.latencies.begin(), target.latencies.end());
      std::sort(target.service.begin(), target.service.end());
      std::printf(
          "{\"port\":%d,\"sent\":%llu,\"completed\":%zu,\"failures\":%llu,\"late\":%llu,\"p50\":%.3f,\"p99\":%.3f,"
          "\"p999\":%.3f,\"max\":%.3f,\"service_p99\":%.3f}\n",
          target.port, static_cast<unsigned long long>(target.scheduled - target.waiting.size()),
          target.latencies.size(), static_cast<unsigned long long>(target.failures + target.in_flight),
          static_cast<unsigned long long>(target.late), quantile(target.latencies, 0.5),
          quantile(target.latencies, 0.99), quantile(target.latencies, 0.999),
          target.latencies.empty() ? -1.0 : target.latencies.back(), quantile(target.service, 0.99));
    }
  }

 private:
  static constexpr std::uint64_t timer_key = UINT64_MAX;

  void watch(int fd, std::uint64_t key) {
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.u64 = key;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) fail(std::string("epoll_ctl: ") + std::strerror(errno));
  }

  void open_connection(std::size_t t, std::size_t c) {
    auto& target = targets_[t];
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(target.port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      if (fd >= 0) close(fd);
      if (target.opened == 0) fail("cannot connect to 127.0.0.1:" + std::to_string(target.port) + ": " + std::strerror(errno));
      target.connections[c].fd = -1;
      return;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++target.opened;
    target.connections[c] = Connection{fd, false, 0, 0, {}};
    watch(fd, (static_cast<std::uint64_t>(t) << 32) | c);
  }

  void send_waiting(std::size_t t) {
    auto& target = targets_[t];
    while (!target.waiting.empty()) {
      const auto free = std::find_if(target.connections.begin(), target.connections.end(),
                                     [](const Connection& c) { return !c.busy && c.fd >= 0; });
      if (free == target.connections.end()) {
        if (std::none_of(target.connections.begin(), target.connections.end(), [](const Connection& c) { return c.busy; })) {
          fail("no connection to 127.0.0.1:" + std::to_string(target.port));  // all gone, none reopened
        }
        target.late += target.waiting.size() - target.counted_late;  // each waiting request once
        target.counted_late = target.waiting.size();
        return;
      }
      auto& connection = *free;
      connection.busy = true;
      connection.due = target.waiting.front();
      connection.sent = now_ns();
      ++target.in_flight;
      target.waiting.pop_front();
      if (target.counted_late > 0) --target.counted_late;
      // A small request on an idle keep-alive socket: the kernel takes it whole.
      const auto sent = ::send(connection.fd, target.request.data(), target.request.size(), MSG_NOSIGNAL);
      if (sent != static_cast<ssize_t>(target.request.size())) {
        drop(t, static_cast<std::size_t>(&connection - target.connections.data()));
      }
    }
  }

  // A closed or broken connection: its request failed; open a new one.
  void drop(std::size_t t, std::size_t c) {
    auto& target = targets_[t];
    auto& connection = target.connections[c];
    if (connection.busy) {
      ++target.failures;
      --target.in_flight;
    }
    epoll_ctl(epoll_, EPOLL_CTL_DEL, connection.fd, nullptr);
    close(connection.fd);
    open_connection(t, c);
  }

  void receive(std::size_t t, std::size_t c) {
    auto& target = targets_[t];
    auto& connection = target.connections[c];
    char buffer[16 * 1024];
    const auto got = recv(connection.fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (got <= 0) {
      drop(t, c);
      return;
    }
    connection.input.append(buffer, static_cast<std::size_t>(got));
    const auto end = find_response_end(connection.input);
    if (end.malformed || (end.bytes > 0 && !connection.busy)) {
      drop(t, c);
      return;
    }
    if (end.bytes == 0) return;
    const Nanos now = now_ns();
    if (end.status == 200) {
      target.latencies.push_back(static_cast<double>(now - connection.due) / 1e6);
      target.service.push_back(static_cast<double>(now - connection.sent) / 1e6);
    } else {
      ++target.failures;
    }
    connection.input.erase(0, end.bytes);
    connection.busy = false;
    --target.in_flight;
  }

  void arm_timer(Nanos when) {
    itimerspec spec{};
    spec.it_value.tv_sec = when / 1'000'000'000;
    spec.it_value.tv_nsec = when % 1'000'000'000;
    timerfd_settime(timer_, TFD_TIMER_ABSTIME, &spec, nullptr);
  }

  const Options& options_;
  Nanos interval_ = 0;
  int epoll_ = -1;
  int timer_ = -1;
  std::vector<Target> targets_;
};

}  // namespace

int main(int argc, char** argv) {
  prctl(PR_SET_TIMERSLACK, 1UL);  // wake when the next request is due, not up to 50 us later
  const auto options = parse_options(argc, argv);
  Probe probe(options);
  probe.run();
  probe.print();
  return 0;
}
