#pragma once
// news-query --serve: the web interface's answers (api.hpp) over HTTP, with cpp-httplib.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace newsindex::web {

struct ServeOptions {
    std::vector<std::string> databases;
    std::string address = "127.0.0.1";  ///< loopback unless asked otherwise
    int port = 8080;                    ///< 0: any free port (see Server::port)
    std::size_t threads = 8;            ///< requests answered at once
};

/// Where to listen, from "[ADDR:]PORT" ("8080", "0.0.0.0:8080", "[::1]:8080"). Throws
/// cli::UsageError.
[[nodiscard]] ServeOptions parse_listen_address(const std::string& spec);

/// An HTTP server of the web interface. Move-less; stop() may come from any thread.
class Server {
  public:
    /// Opens the databases and binds the address. Throws IndexError if the databases cannot
    /// be opened, newsindex::Error if the address cannot be bound.
    explicit Server(const ServeOptions& options);
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    ~Server();

    /// The port bound (the one picked, for port 0).
    [[nodiscard]] int port() const;
    /// "http://ADDR:PORT/", for people to open.
    [[nodiscard]] std::string url() const;

    /// Serves until stop(). Returns false if serving failed.
    bool run();
    /// Makes run() return (or not start) once requests in flight are answered. Thread-safe.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace newsindex::web
