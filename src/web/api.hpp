#pragma once
// The web interface's answers, apart from HTTP: one request in, one response out. The
// server (server.hpp) only carries them over the wire, so everything a browser or a client
// can ask is testable here without a socket.

#include <newsindex/search.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace newsindex::web {

/// A request as the server decoded it.
struct Request {
    std::string method = "GET";
    std::string path;  ///< percent-decoded, without the query string
    /// The query string's parameters, percent-decoded, in order (a name may repeat).
    std::vector<std::pair<std::string, std::string>> params;
};

struct Response {
    int status = 200;
    std::string content_type;
    std::string body;
};

/// Limits on what one request may ask; beyond them it gets 400.
struct RequestLimits {
    std::size_t max_params = 64;
    std::size_t max_value_bytes = 1024;
    std::size_t max_page = 100;  ///< the "limit" parameter: results per response
    /// The "offset" parameter: Xapian keeps offset + limit candidates in memory while it
    /// matches, so a client could otherwise make the server hold 100 million of them.
    std::size_t max_offset = 10000;
};

/// Searchers for concurrent requests. A Searcher is not for concurrent use, so each request
/// borrows one of its own; the pool grows to the number of requests in flight. A searcher
/// borrowed more than refresh_after since it last caught up first reopens, so articles
/// indexed while the server runs are found within about that time.
class SearcherPool {
  public:
    /// Opens the databases once (Searcher's exceptions: IndexError if one cannot be opened).
    explicit SearcherPool(std::vector<std::string> databases,
                          std::chrono::milliseconds refresh_after = std::chrono::seconds(1));

  private:
    struct Idle {
        std::unique_ptr<Searcher> searcher;
        std::chrono::steady_clock::time_point fresh_at;  ///< when it last opened or reopened
    };
    void give_back(Idle idle);

  public:
    /// A borrowed searcher; goes back to the pool when destroyed.
    class Lease {
      public:
        Lease(SearcherPool& pool, Idle idle) : m_pool(&pool), m_idle(std::move(idle)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { m_pool->give_back(std::move(m_idle)); }
        Searcher& operator*() const { return *m_idle.searcher; }
        Searcher* operator->() const { return m_idle.searcher.get(); }

      private:
        SearcherPool* m_pool;
        Idle m_idle;
    };

    /// Throws IndexError if a new searcher cannot open the databases or one cannot reopen.
    [[nodiscard]] Lease borrow();

  private:
    std::vector<std::string> m_databases;
    std::chrono::milliseconds m_refresh_after;
    std::mutex m_mutex;
    std::vector<Idle> m_idle;
};

/// Answers one request: "/" (the page), "/app.js", "/app.css", "/api/search" (the JSON of
/// news-query --json for the same options; see parse_search_parameters) and
/// "/api/article/ID" (the article's record, json.hpp). Methods other than GET and HEAD get
/// 405, unknown paths 404, bad parameters and queries 400 with {"error": "..."}, an
/// unreadable index 503.
[[nodiscard]] Response respond(const Request& request, SearcherPool& searchers, const RequestLimits& limits = {});

}  // namespace newsindex::web
