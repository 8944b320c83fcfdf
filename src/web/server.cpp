#include "web/server.hpp"

#include "cli/cli.hpp"
#include "web/api.hpp"

#include <newsindex/error.hpp>

#include <httplib.h>

#include <atomic>

#include <sys/socket.h>
#include <iostream>
#include <string_view>
#include <thread>

namespace newsindex::web {

namespace {

bool is_loopback(const std::string& address) {
    return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

// Everything the page loads comes from this server; nothing from articles can run, frame
// it or send it elsewhere.
const httplib::Headers security_headers = {
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
     "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Cache-Control", "no-store"},
};

}  // namespace

ServeOptions parse_listen_address(const std::string& spec) {
    ServeOptions options;
    std::string port = spec;
    if (const std::size_t colon = spec.rfind(':'); colon != std::string::npos) {
        std::string address = spec.substr(0, colon);
        port = spec.substr(colon + 1);
        if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
            address = address.substr(1, address.size() - 2);
        }
        if (address.empty()) throw cli::UsageError("--serve: no address before ':' in '" + spec + "'");
        options.address = address;
    }
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) > 65535) {
        throw cli::UsageError("--serve: want [ADDR:]PORT with PORT 0 to 65535, not '" + spec + "'");
    }
    options.port = std::stoi(port);
    return options;
}

struct Server::Impl {
    explicit Impl(const ServeOptions& options) : searchers(options.databases), address(options.address) {}

    SearcherPool searchers;
    std::string address;
    int port = 0;
    httplib::Server http;
    std::atomic<bool> stop_requested{false};
    std::atomic<bool> run_entered{false};
    std::atomic<bool> run_done{false};

    // A page on another site can make a browser send requests to a loopback server by
    // pointing a name of its own at 127.0.0.1 (DNS rebinding); the Host header it sends then
    // names that site. A server on loopback answers only to its own names.
    [[nodiscard]] bool host_allowed(const std::string& host) const {
        if (!is_loopback(address)) return true;
        const std::string own_port = std::to_string(port);
        const std::string_view given(host);
        for (const std::string_view name : {"127.0.0.1:", "localhost:", "[::1]:"}) {
            if (given.substr(0, name.size()) == name && given.substr(name.size()) == own_port) return true;
        }
        return false;
    }

    void answer(const httplib::Request& http_request, httplib::Response& http_response) {
        Response response;
        if (!host_allowed(http_request.get_header_value("Host"))) {
            response = Response{403, "text/plain; charset=utf-8", "unexpected Host header\n"};
        } else {
            Request request;
            request.method = http_request.method;
            request.path = http_request.path;
            request.params.assign(http_request.params.begin(), http_request.params.end());
            response = respond(request, searchers);
        }
        http_response.status = response.status;
        http_response.set_content(std::move(response.body), response.content_type.c_str());
    }
};

Server::Server(const ServeOptions& options) : m_impl(std::make_unique<Impl>(options)) {
    httplib::Server& http = m_impl->http;
    const std::size_t threads = std::max<std::size_t>(options.threads, 1);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_default_headers(security_headers);
    http.set_payload_max_length(64 * 1024);
    // httplib's default adds SO_REUSEPORT, with which a second server binds a port in use
    // and the two share its requests unnoticed. SO_REUSEADDR alone lets a restarted server
    // take its port back at once.
    http.set_socket_options([](socket_t sock) {
        const int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.set_keep_alive_max_count(1000);
    // httplib writes a response's head and body separately: with Nagle's algorithm the body
    // waits for the client's delayed ACK, 40 ms a response on Linux.
    http.set_tcp_nodelay(true);
    Impl& impl = *m_impl;
    const auto handler = [&impl](const httplib::Request& request, httplib::Response& response) {
        impl.answer(request, response);
    };
    // Every path and method reaches respond(), which knows what exists.
    http.Get(".*", handler);
    http.Post(".*", handler);
    http.Put(".*", handler);
    http.Delete(".*", handler);
    http.Patch(".*", handler);
    http.Options(".*", handler);
    http.set_logger([](const httplib::Request& request, const httplib::Response& response) {
        if (response.status >= 500) {
            std::cerr << "news-query: " << request.method << ' ' << request.path << ": " << response.status << ' '
                      << response.body;
        }
    });
    if (options.port == 0) {
        m_impl->port = http.bind_to_any_port(options.address);
    } else if (http.bind_to_port(options.address, options.port)) {
        m_impl->port = options.port;
    } else {
        m_impl->port = -1;
    }
    if (m_impl->port < 0) {
        throw Error("cannot listen on " + options.address + ":" + std::to_string(options.port) +
                    " (the port is in use, or the address is not one of this machine's)");
    }
}

Server::~Server() {
    stop();
}

int Server::port() const { return m_impl->port; }

std::string Server::url() const {
    const std::string& a = m_impl->address;
    const std::string host = a.find(':') != std::string::npos ? "[" + a + "]" : a;
    return "http://" + host + ":" + std::to_string(m_impl->port) + "/";
}

bool Server::run() {
    // stop() and run() each write their flag and then read the other's (sequentially
    // consistent), so a stop() racing the start is seen by one of them.
    m_impl->run_entered = true;
    bool ok = true;
    if (!m_impl->stop_requested) ok = m_impl->http.listen_after_bind();
    m_impl->run_done = true;
    return ok;
}

void Server::stop() {
    m_impl->stop_requested = true;
    if (!m_impl->run_entered) return;  // run() will not start
    // httplib ignores a stop() before its loop runs: wait for the loop, or for run() to end.
    while (!m_impl->http.is_running() && !m_impl->run_done) std::this_thread::yield();
    m_impl->http.stop();
}

}  // namespace newsindex::web
