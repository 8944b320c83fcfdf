// Sharded archives: a folder of shards behind a stub file, and shards served by Debian's
// stock xapian-tcpsrv, give the same results and exact facet counts as one database.

#include "test_support.hpp"

#include <newsindex/error.hpp>
#include <newsindex/index_writer.hpp>
#include <newsindex/search.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <ostream>
#include <optional>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace newsindex {
namespace {

using test::TempDir;

// More articles than a shard's writing thread queues (64), so that the threads are busy
// while articles keep coming.
constexpr std::size_t archive_size = 300;

std::vector<Article> archive() {
    static const char* const places[] = {"Syria", "Qatar", "France", "Japan", "Brazil", "Kenya"};
    static const char* const words[] = {"oil", "wheat", "talks", "strike", "election", "storm"};
    std::vector<Article> articles;
    for (int i = 0; i < static_cast<int>(archive_size); ++i) {
        Article a;
        a.id = "article-" + std::to_string(i);
        a.source = "gen/" + a.id;
        a.title = std::string(words[i % 6]) + " report " + std::to_string(i);
        a.text = std::string("News about ") + words[i % 6] + " and " + words[(i * 5 + 1) % 6] + " in " + places[i % 6] + ".";
        if (i % 7 != 0) a.published = Date::from_days(Date{2015, 9, 1}.to_days() + i * 3);
        for (int k = 0; k < 1 + i % 4; ++k) {
            a.places.push_back(Place{places[(i + k) % 6], PlaceKind::country, "", {}, 1});
        }
        articles.push_back(std::move(a));
    }
    return articles;
}

// Indexes the archive; returns the number of shards the index has.
std::size_t write(const std::string& path, unsigned shards) {
    IndexWriter writer(path, WriterOptions{shards});
    for (const Article& a : archive()) writer.add(a);
    writer.commit();
    return writer.shards();
}

// What must not depend on the layout: totals, the set of hits, exact facets.
struct Outcome {
    std::size_t total;
    std::vector<std::string> ids;
    std::map<std::string, std::map<std::string, std::size_t>> facets;
    // Collapsed searches: which member stands for a story may differ (equal scores), the
    // stories and their sizes may not.
    std::optional<std::size_t> stories;
    std::map<std::string, std::size_t> story_sizes;
    bool operator==(const Outcome&) const = default;
};

// For failure messages.
void PrintTo(const Outcome& o, std::ostream* out) {
    *out << "total " << o.total << ", " << o.ids.size() << " ids";
    if (o.stories) *out << ", stories " << *o.stories;
    for (const auto& [story, size] : o.story_sizes) *out << ", " << story << " x" << size;
    for (const auto& [field, values] : o.facets) *out << ", " << field << ": " << values.size() << " values";
}

Outcome run(const Searcher& searcher, SearchRequest request) {
    request.limit = 1000;
    request.facet_limit = 1000;
    request.facets = {"place", "date:month", "date"};
    const SearchResults r = searcher.search(request);
    Outcome o{r.total, {}, {}, r.stories, {}};
    for (const auto& h : r.hits) {
        if (request.collapse) {
            o.story_sizes[h.story] = 1 + h.similar;
        } else {
            o.ids.push_back(h.id);
        }
    }
    std::sort(o.ids.begin(), o.ids.end());
    for (const Facet& f : r.facets) {
        for (const FacetValue& v : f.values) o.facets[f.field][v.value] = v.count;
    }
    return o;
}

std::vector<SearchRequest> requests() {
    std::vector<SearchRequest> out(8);
    out[7].facet_unit = FacetUnit::story;
    out[7].query = "oil OR wheat";
    // The archive's texts repeat: each is one story of exact copies.
    out[5].collapse = true;
    out[6].collapse = true;
    out[6].query = "oil";
    out[6].places = {"Syria"};
    out[1].query = "oil";
    out[2].query = "talks OR storm";
    out[2].places = {"Qatar"};
    out[3].from = Date{2015, 9, 20};
    out[3].to = Date{2015, 10, 31};
    out[4].query = "\"wheat and\" date:2015-10-01..";
    return out;
}

TEST(Shards, StubFolderEqualsOneDatabase) {
    TempDir dir;
    EXPECT_EQ(write(dir / "single", 0), 1u);
    EXPECT_EQ(write(dir / "sharded", 3), 3u);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "sharded" / "shards.stub"));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "sharded" / "shard-2"));
    const Searcher single({dir / "single"});
    const Searcher sharded({dir / "sharded"});
    EXPECT_EQ(sharded.size(), archive_size);
    for (const SearchRequest& r : requests()) EXPECT_EQ(run(sharded, r), run(single, r)) << r.query;
    EXPECT_EQ(run(single, requests()[5]).stories, std::optional<std::size_t>(6));
}

TEST(Shards, ReindexingAShardedArchiveReplaces) {
    TempDir dir;
    EXPECT_EQ(write(dir / "sharded", 3), 3u);
    EXPECT_EQ(write(dir / "sharded", 0), 3u);  // reopened with its own shard count
    EXPECT_EQ(Searcher({dir / "sharded"}).size(), archive_size);
    EXPECT_THROW(IndexWriter(dir / "sharded", WriterOptions{2}), IndexError);
    write(dir / "single", 0);
    EXPECT_THROW(IndexWriter(dir / "single", WriterOptions{4}), IndexError);
}

// A port nobody listens on now (the kernel picks it; a race with another process is possible
// but unlikely on a test machine).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool accepts_connections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

// One xapian-tcpsrv on 127.0.0.1, stopped by its process id when the test ends.
class TcpServer {
  public:
    TcpServer(const std::string& database, int port) : m_port(port) {
        const std::string port_text = std::to_string(port);
        const char* argv[] = {"xapian-tcpsrv", "--interface", "127.0.0.1", "--port", port_text.c_str(), "--quiet",
                              database.c_str(), nullptr};
        // Its own process group: on SIGTERM the server signals its whole group (to end the
        // children serving connections), which must not include this test.
        posix_spawnattr_t attr;
        ::posix_spawnattr_init(&attr);
        ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
        ::posix_spawnattr_setpgroup(&attr, 0);
        const int rc = ::posix_spawnp(&m_pid, "xapian-tcpsrv", nullptr, &attr, const_cast<char* const*>(argv), environ);
        ::posix_spawnattr_destroy(&attr);
        if (rc != 0) {
            m_pid = -1;
            return;
        }
        for (int i = 0; i < 100 && !accepts_connections(port); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;
    ~TcpServer() {
        if (m_pid > 0) {
            ::kill(-m_pid, SIGTERM);  // the server and the children it forked
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    [[nodiscard]] bool running() const { return m_pid > 0 && accepts_connections(m_port); }
    [[nodiscard]] std::string url() const { return "tcp://127.0.0.1:" + std::to_string(m_port); }

  private:
    pid_t m_pid = -1;
    int m_port;
};

TEST(Shards, RemoteShardsOnStockTcpServersEqualOneDatabase) {
    if (::system("command -v xapian-tcpsrv > /dev/null 2>&1") != 0) {
        GTEST_SKIP() << "xapian-tcpsrv not installed (Debian package xapian-tools)";
    }
    TempDir dir;
    write(dir / "single", 0);
    write(dir / "sharded", 2);
    const TcpServer first((dir.path() / "sharded" / "shard-0").string(), free_port());
    const TcpServer second((dir.path() / "sharded" / "shard-1").string(), free_port());
    ASSERT_TRUE(first.running());
    ASSERT_TRUE(second.running());
    const Searcher single({dir / "single"});
    const Searcher remote({first.url(), second.url()});
    EXPECT_EQ(remote.size(), archive_size);
    for (const SearchRequest& r : requests()) EXPECT_EQ(run(remote, r), run(single, r)) << r.query;
}

}  // namespace
}  // namespace newsindex
