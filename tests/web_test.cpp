// The web interface (news-query --serve): its answers without HTTP, then over a socket.

#include "test_support.hpp"
#include "tool_runs.hpp"
#include "web/api.hpp"
#include "web/server.hpp"

#include <newsindex/error.hpp>
#include <newsindex/extract.hpp>
#include <newsindex/index_writer.hpp>
#include <newsindex/json.hpp>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <thread>

namespace newsindex::web {
namespace {

using test::TempDir;
using Params = std::vector<std::pair<std::string, std::string>>;
using test::make_article;


// The seeds and a few articles of our own, one of them a page that would run script.
class WebApi : public ::testing::Test {
  protected:
    void SetUp() override {
        IndexWriter writer(db());
        Extractor().run({test::source_dir() + "/corpus"}, [&](Article&& a) { writer.add(a); },
                        [](const InputProblem& p) { FAIL() << p.source << ": " << p.reason; });
        writer.add(make_article("oil1", "Oil prices rise", "Oil rose in London trading.", Date{2015, 1, 31}, {"United Kingdom"}));
        writer.add(make_article("oil2", "Oil output cut", "OPEC agreed an oil output cut.", Date{2015, 2, 1}, {"Qatar"}));
        writer.add(make_article("xss", "<script>alert(1)</script> Oil", "Oil and <img src=x onerror=alert(1)>.",
                           Date{2015, 2, 2}, {"Qatar"}));
        writer.commit();
        m_pool.emplace(std::vector<std::string>{db()});
    }
    [[nodiscard]] std::string db() const { return m_dir / "db"; }

    Response get(const std::string& path, Params params = {}) {
        return respond(Request{"GET", path, std::move(params)}, *m_pool);
    }

    // What news-query --json prints for these arguments, without the line end.
    [[nodiscard]] std::string cli_json(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--db", db(), "--json"});
        const test::ToolRun run = test::query(std::move(args));
        EXPECT_EQ(run.status, 0) << run.err;
        return run.out.substr(0, run.out.size() - 1);
    }

    TempDir m_dir;
    std::optional<SearcherPool> m_pool;
};

std::string error_of(const Response& r) {
    const nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"].get<std::string>() : "(no error object)";
}

TEST_F(WebApi, SearchAnswersWhatNewsQueryJsonPrintsForTheSameOptions) {
    const struct {
        Params params;
        std::vector<std::string> args;
    } cases[] = {
        {{{"q", "oil"}}, {"oil"}},
        {{{"q", "airstrikes"}, {"facet", "actor"}, {"facet", "place"}, {"facet-limit", "3"}},
         {"airstrikes", "--facet", "actor", "--facet", "place", "--facet-limit", "3"}},
        {{{"place", "Qatar"}, {"sort", "date"}, {"limit", "1"}, {"offset", "1"}},
         {"--place", "Qatar", "--sort", "date", "--limit", "1", "--offset", "1"}},
        {{{"actor", "ISIS"}, {"actor", "putin"}, {"collapse", "1"}, {"facet", "date:month"}},
         {"--actor", "ISIS", "--actor", "putin", "--collapse", "--facet", "date:month"}},
        {{{"from", "2015-02-01"}, {"to", "2015-02-02"}, {"facet", "date"}, {"limit", "0"}},
         {"--from", "2015-02-01", "--to", "2015-02-02", "--facet", "date", "--limit", "0"}},
        {{{"q", "\"oil output\" OR title:prices"}, {"no-collapse", "true"}}, {"\"oil output\" OR title:prices"}},
        {{}, {}},
    };
    for (const auto& c : cases) {
        const Response r = get("/api/search", c.params);
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
        EXPECT_EQ(r.body, cli_json(c.args));
    }
    // Not a vacuous equality: the searches found something.
    EXPECT_EQ(nlohmann::json::parse(get("/api/search", {{"q", "oil"}}).body)["total"], 3);
}

TEST_F(WebApi, BadParametersAreTurnedDownWith400AndAMessage) {
    const struct {
        Params params;
        std::string says;
    } cases[] = {
        {{{"limit", "abc"}}, "limit"},
        {{{"limit", "101"}}, "limit: want 0 to 100"},
        {{{"offset", "10001"}}, "offset: at most 10000"},
        {{{"db", "/etc"}}, "unknown parameter 'db'"},
        {{{"serve", "80"}}, "unknown parameter 'serve'"},
        {{{"q", "a"}, {"q", "b"}}, "q: given more than once"},
        {{{"sort", "size"}}, "sort: want relevance or date, not 'size'"},
        {{{"from", "2015-02-30"}}, "from: '2015-02-30' is not a date"},
        {{{"facet", "colour"}}, "facet: unknown field 'colour'"},
        {{{"facet-limit", "5"}, {"facet-limit", "6"}}, "option 'facet-limit' cannot be specified more than once"},
        {{{"collapse", "maybe"}}, "collapse: want 1 or 0"},
        {{{"q", std::string(1025, 'x')}}, "q: longer than 1024 bytes"},
        {{{"q", "caf\xC3"}}, "q: not UTF-8"},
        {{{"q", "line\nbreak"}}, "q: not UTF-8"},
        {{{"q", "oil AND"}}, "bad query 'oil AND'"},
        {{{"q", "date:2015-13-45.."}}, "bad start date '2015-13-45'"},
        {{{"similar", "nope"}}, "no article with id 'nope'"},
    };
    for (const auto& c : cases) {
        const Response r = get("/api/search", c.params);
        EXPECT_EQ(r.status, 400) << c.says << ": " << r.body;
        EXPECT_NE(error_of(r).find(c.says), std::string::npos) << error_of(r);
    }
    Params many;
    for (int i = 0; i < 65; ++i) many.emplace_back("actor", "a");
    EXPECT_EQ(get("/api/search", many).status, 400);
}

TEST_F(WebApi, AnArticleComesWithItsRecordAndItsStory) {
    const Response r = get("/api/article/oil2");
    ASSERT_EQ(r.status, 200) << r.body;
    const nlohmann::json record = nlohmann::json::parse(r.body);
    EXPECT_EQ(record["title"], "Oil output cut");
    EXPECT_EQ(record["published"], "2015-02-01");
    EXPECT_EQ(record["places"][0]["name"], "Qatar");
    EXPECT_EQ(record["story"], "oil2");
    EXPECT_EQ(r.body, to_json(*Searcher({db()}).article("oil2")));

    EXPECT_EQ(get("/api/article/missing").status, 404);
    EXPECT_EQ(get("/api/article/oil2", {{"x", "1"}}).status, 400);
    EXPECT_EQ(get("/api/article/bad\x01id").status, 400);
}

TEST_F(WebApi, ServesItsThreeFilesAndNothingElse) {
    const struct {
        const char* path;
        const char* file;
        const char* type;
    } assets[] = {{"/", "index.html", "text/html; charset=utf-8"},
                  {"/app.js", "app.js", "text/javascript; charset=utf-8"},
                  {"/app.css", "app.css", "text/css; charset=utf-8"}};
    for (const auto& a : assets) {
        const Response r = get(a.path);
        EXPECT_EQ(r.status, 200) << a.path;
        EXPECT_EQ(r.content_type, a.type);
        EXPECT_EQ(r.body, test::read_file(test::source_dir() + "/src/web/assets/" + a.file)) << "compiled in: " << a.file;
    }
    for (const char* path : {"/index.html", "/../etc/passwd", "/app.js/", "/api", "/api/searchx", "/api/article/",
                             "/src/web/assets/app.js", "/CMakeLists.txt"}) {
        EXPECT_EQ(get(path).status, 404) << path;
    }
    EXPECT_EQ(respond(Request{"POST", "/api/search", {}}, *m_pool).status, 405);
    EXPECT_EQ(respond(Request{"DELETE", "/", {}}, *m_pool).status, 405);
}

TEST_F(WebApi, ArticleTextIsDataInTheJsonNeverMarkup) {
    // The page puts it in as text; the API must hand it over intact, JSON-escaped only.
    const nlohmann::json found = nlohmann::json::parse(get("/api/search", {{"q", "alert"}}).body);
    ASSERT_EQ(found["total"], 1);
    EXPECT_EQ(found["results"][0]["title"], "<script>alert(1)</script> Oil");
}

TEST(SearcherPool, ABorrowedSearcherCatchesUpWithCommitsOnceItsTimeIsUp) {
    TempDir dir;
    IndexWriter writer(dir / "db");
    writer.add(make_article("a", "Oil", "Oil rose.", Date{2015, 1, 2}, {}));
    writer.commit();
    SearcherPool eager({dir / "db"}, std::chrono::milliseconds(0));
    SearcherPool lazy({dir / "db"}, std::chrono::hours(1));
    writer.add(make_article("b", "Grain", "Grain fell.", Date{2015, 1, 3}, {}));
    writer.commit();
    EXPECT_EQ(eager.borrow()->size(), 2u);
    EXPECT_EQ(lazy.borrow()->size(), 1u);
}

TEST(SearcherPool, ConcurrentRequestsEachGetTheirOwnSearcher) {
    TempDir dir;
    IndexWriter writer(dir / "db");
    for (unsigned i = 0; i < 50; ++i) {
        const std::string n = std::to_string(i);
        writer.add(make_article(std::string("a").append(n), std::string("Oil ").append(n), "Oil rose again.",
                           Date{2015, 1, 1 + i % 28}, {i % 2 ? "Qatar" : "Oman"}));
    }
    writer.commit();
    SearcherPool pool({dir / "db"});
    const std::string expected = respond(Request{"GET", "/api/search", {{"q", "oil"}, {"facet", "place"}}}, pool).body;
    std::vector<std::thread> threads;
    std::atomic<int> different{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                if (respond(Request{"GET", "/api/search", {{"q", "oil"}, {"facet", "place"}}}, pool).body != expected) {
                    ++different;
                }
            }
        });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(different, 0);
    EXPECT_NE(expected.find("\"total\":50"), std::string::npos);
}

TEST(ListenAddress, PortAloneMeansLoopback) {
    const ServeOptions port_only = parse_listen_address("8080");
    EXPECT_EQ(port_only.address, "127.0.0.1");
    EXPECT_EQ(port_only.port, 8080);
    const ServeOptions any = parse_listen_address("0.0.0.0:0");
    EXPECT_EQ(any.address, "0.0.0.0");
    EXPECT_EQ(any.port, 0);
    const ServeOptions v6 = parse_listen_address("[::1]:9000");
    EXPECT_EQ(v6.address, "::1");
    EXPECT_EQ(v6.port, 9000);
    for (const char* bad : {"", "http", "65536", ":80", "host:", "1.2.3.4:-1", "99999999999"}) {
        EXPECT_THROW((void)parse_listen_address(bad), cli::UsageError) << bad;
    }
}

TEST(QueryCommand, ServeTakesOnlyTheDatabases) {
    EXPECT_EQ(test::query({"--db", "x", "--serve", "8080", "--actor", "Putin"}).status, cli::exit_usage);
    EXPECT_EQ(test::query({"--db", "x", "--serve", "8080", "oil"}).status, cli::exit_usage);
    const char* argv[] = {"news-query", "--db", "x", "--db", "y", "--serve", "0.0.0.0:80"};
    const cli::QueryCommand c = cli::parse_query_command(7, argv);
    EXPECT_EQ(c.serve, "0.0.0.0:80");
    EXPECT_EQ(c.dbs, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(test::query({"--db", "/no/such/index", "--serve", "0"}).status, cli::exit_usage);
}

// The whole server on a loopback port, as a browser reaches it.
class WebServer : public WebApi {
  protected:
    void SetUp() override {
        WebApi::SetUp();
        ServeOptions options;
        options.databases = {db()};
        options.port = 0;
        m_server.emplace(options);
        m_thread = std::thread([this] { m_served = m_server->run(); });
    }
    void TearDown() override {
        m_server->stop();
        m_thread.join();
        EXPECT_TRUE(m_served);
    }
    [[nodiscard]] httplib::Client client() const { return httplib::Client("127.0.0.1", m_server->port()); }

    std::optional<Server> m_server;
    std::thread m_thread;
    bool m_served = false;
};

TEST_F(WebServer, AnswersOverHttpWithTheApisBodyAndSafeHeaders) {
    EXPECT_GT(m_server->port(), 0);
    EXPECT_EQ(m_server->url(), "http://127.0.0.1:" + std::to_string(m_server->port()) + "/");
    httplib::Client http = client();
    const auto r = http.Get("/api/search?q=oil&facet=place&actor=&place=Qatar");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 400) << "an empty actor is no actor: " << r->body;
    const auto ok = http.Get("/api/search?q=oil+output&facet=place&place=Qatar");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
    EXPECT_EQ(ok->body, get("/api/search", {{"q", "oil output"}, {"facet", "place"}, {"place", "Qatar"}}).body);
    EXPECT_EQ(ok->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_NE(ok->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
    const auto page = http.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
    const auto escaped = http.Get("/%2e%2e/%2e%2e/etc/passwd");
    ASSERT_TRUE(escaped);
    EXPECT_EQ(escaped->status, 404);
}

TEST_F(WebServer, TurnsDownOtherHostsAndOversizedRequests) {
    httplib::Client http = client();
    // DNS rebinding: a page of another site reaching the loopback server under its own name.
    const auto rebound = http.Get("/api/search", httplib::Headers{{"Host", "attacker.example:80"}});
    ASSERT_TRUE(rebound);
    EXPECT_EQ(rebound->status, 403);
    const auto long_url = http.Get("/api/search?q=" + std::string(9000, 'x'));
    ASSERT_TRUE(long_url);
    EXPECT_GE(long_url->status, 400);
    EXPECT_LT(long_url->status, 500);
    const auto posted = http.Post("/api/search", std::string(100 * 1024, 'x'), "text/plain");
    ASSERT_TRUE(posted);
    EXPECT_GE(posted->status, 400);
}

// A server on any free loopback port over an empty index in dir.
ServeOptions over_empty_index(const TempDir& dir) {
    IndexWriter(dir / "db").commit();
    ServeOptions options;
    options.databases = {dir / "db"};
    options.port = 0;
    return options;
}

TEST(Server, StopBeforeRunMakesRunReturnAtOnce) {
    TempDir dir;
    Server server(over_empty_index(dir));
    server.stop();
    EXPECT_TRUE(server.run());
}

TEST(Server, ABusyPortIsAClearError) {
    TempDir dir;
    ServeOptions options = over_empty_index(dir);
    const Server first(options);
    options.port = first.port();
    try {
        const Server second(options);
        FAIL() << "bound a port in use";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(first.port())), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace newsindex::web
