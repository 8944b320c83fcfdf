#include "web/api.hpp"

#include "cli/cli.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>
#include <newsindex/json.hpp>

#include <nlohmann/json.hpp>

#include <string_view>

// The page's files, linked into the binary (newsindex_embed_data in src/CMakeLists.txt).
extern "C" const char newsindex_web_index_html[];
extern "C" const char newsindex_web_index_html_end[];
extern "C" const char newsindex_web_app_js[];
extern "C" const char newsindex_web_app_js_end[];
extern "C" const char newsindex_web_app_css[];
extern "C" const char newsindex_web_app_css_end[];

namespace newsindex::web {

namespace {

constexpr std::string_view json_type = "application/json; charset=utf-8";

Response error_response(int status, const std::string& message) {
    const nlohmann::json body = {{"error", message}};
    return Response{status, std::string(json_type), body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

Response asset(const char* begin, const char* end, std::string_view type) {
    return Response{200, std::string(type), std::string(begin, static_cast<std::size_t>(end - begin))};
}

// Well-formed UTF-8 without control characters: what a parameter may hold. Anything else
// is a client's mistake (or an attack) and is turned down before the searcher sees it.
bool acceptable_text(std::string_view s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    }
    return detail::is_valid_utf8(s);
}

// Checks what every request's parameters must satisfy; returns the problem or "".
std::string check_params(const Request& request, const RequestLimits& limits) {
    if (request.params.size() > limits.max_params) {
        return "too many parameters (" + std::to_string(request.params.size()) + "; at most " +
               std::to_string(limits.max_params) + ")";
    }
    for (const auto& [name, value] : request.params) {
        if (name.size() > 32 || !acceptable_text(name)) return "malformed parameter name";
        if (value.size() > limits.max_value_bytes) {
            return name + ": longer than " + std::to_string(limits.max_value_bytes) + " bytes";
        }
        if (!acceptable_text(value)) return name + ": not UTF-8 text";
    }
    return {};
}

Response search(const Request& request, SearcherPool& searchers, const RequestLimits& limits) {
    SearchRequest search_request;
    try {
        search_request = cli::parse_search_parameters(request.params);
    } catch (const cli::UsageError& e) {
        return error_response(400, e.what());
    }
    if (search_request.limit > limits.max_page) {
        return error_response(400, "limit: want 0 to " + std::to_string(limits.max_page));
    }
    if (search_request.offset > limits.max_offset) {
        return error_response(400, "offset: at most " + std::to_string(limits.max_offset) +
                                       " (narrow the search to see what lies further)");
    }
    const SearcherPool::Lease searcher = searchers.borrow();
    return Response{200, std::string(json_type), to_json(searcher->search(search_request))};
}

Response article(const std::string& id, SearcherPool& searchers) {
    if (id.empty() || id.size() > 200 || !acceptable_text(id)) return error_response(400, "malformed article id");
    const SearcherPool::Lease searcher = searchers.borrow();
    const std::optional<IndexedArticle> found = searcher->article(id);
    if (!found) return error_response(404, "no article with id '" + id + "' in the index");
    return Response{200, std::string(json_type), to_json(*found)};
}

}  // namespace

SearcherPool::SearcherPool(std::vector<std::string> databases, std::chrono::milliseconds refresh_after)
    : m_databases(std::move(databases)), m_refresh_after(refresh_after) {
    m_idle.push_back(Idle{std::make_unique<Searcher>(m_databases), std::chrono::steady_clock::now()});
}

SearcherPool::Lease SearcherPool::borrow() {
    Idle idle;
    {
        const std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            idle = std::move(m_idle.back());
            m_idle.pop_back();
        }
    }
    const auto now = std::chrono::steady_clock::now();
    if (!idle.searcher) {
        idle.searcher = std::make_unique<Searcher>(m_databases);
        idle.fresh_at = now;
    } else if (now - idle.fresh_at >= m_refresh_after) {
        idle.searcher->reopen();
        idle.fresh_at = now;
    }
    return Lease(*this, std::move(idle));
}

void SearcherPool::give_back(Idle idle) {
    if (!idle.searcher) return;
    const std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(idle));
}

Response respond(const Request& request, SearcherPool& searchers, const RequestLimits& limits) {
    if (request.method != "GET" && request.method != "HEAD") return error_response(405, "only GET and HEAD");
    const std::string& path = request.path;
    if (path == "/") return asset(newsindex_web_index_html, newsindex_web_index_html_end, "text/html; charset=utf-8");
    if (path == "/app.js") return asset(newsindex_web_app_js, newsindex_web_app_js_end, "text/javascript; charset=utf-8");
    if (path == "/app.css") return asset(newsindex_web_app_css, newsindex_web_app_css_end, "text/css; charset=utf-8");
    constexpr std::string_view api_search = "/api/search", api_article = "/api/article/";
    const bool is_search = path == api_search;
    const bool is_article = path.size() > api_article.size() && path.compare(0, api_article.size(), api_article) == 0;
    if (!is_search && !is_article) return error_response(404, "not found");
    if (const std::string problem = check_params(request, limits); !problem.empty()) return error_response(400, problem);
    try {
        if (is_search) return search(request, searchers, limits);
        if (!request.params.empty()) return error_response(400, "/api/article/ID takes no parameters");
        return article(path.substr(api_article.size()), searchers);
    } catch (const QueryError& e) {
        return error_response(400, e.what());
    } catch (const IndexError& e) {
        return error_response(503, e.what());
    }
}

}  // namespace newsindex::web
