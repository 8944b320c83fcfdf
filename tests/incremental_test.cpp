// Incremental indexing: unchanged inputs are skipped, changed ones replaced (records they no
// longer hold removed), vanished ones pruned on request. Through news-index's front end.

#include "cli/cli.hpp"
#include "test_support.hpp"
#include "tool_runs.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

namespace newsindex::cli {
namespace {

using test::TempDir;

using test::index;
using test::ToolRun;

std::size_t total(const std::string& db, const std::string& words = "") {
    std::vector<std::string> args = {"--db", db, "--json", "--limit", "0"};
    if (!words.empty()) args.push_back(words);
    const ToolRun r = test::query(args);
    EXPECT_EQ(r.status, exit_ok) << r.err;
    const std::size_t at = r.out.find("\"total\":");
    return at == std::string::npos ? 0 : std::stoul(r.out.substr(at + 8));
}

// Rewrites a file so that its size or modification time surely differs.
void rewrite(const TempDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.write(name, text);
    std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(5));
}

class Incremental : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir.write("in/a.txt", "Wheat in Kenya\n\nFarmers in Kenya harvested wheat.\n");
        m_dir.write("in/b.txt", "Oil in Qatar\n\nQatar raised oil output.\n");
        m_dir.write("in/c.jsonl",
                    "{\"text\": \"Gold rallied in London.\", \"title\": \"Gold\"}\n"
                    "{\"text\": \"Copper fell in Chile.\", \"title\": \"Copper\"}\n"
                    "{\"text\": \"Tin held steady in Bolivia.\", \"title\": \"Tin\"}\n");
        const ToolRun first = index({"--db", db(), input()});
        ASSERT_EQ(first.status, exit_ok) << first.err;
        ASSERT_EQ(total(db()), 5u);
    }
    [[nodiscard]] std::string db() const { return m_dir / "db"; }
    [[nodiscard]] std::string input() const { return m_dir / "in"; }
    TempDir m_dir;
};

TEST_F(Incremental, UnchangedFilesAreSkipped) {
    const ToolRun again = index({"--db", db(), input()});
    EXPECT_EQ(again.status, exit_ok);
    EXPECT_NE(again.err.find("indexed 0 articles from 0 files, 3 unchanged files skipped"), std::string::npos) << again.err;
    EXPECT_EQ(total(db()), 5u);
    const ToolRun full = index({"--db", db(), "--full", input()});
    EXPECT_NE(full.err.find("indexed 5 articles from 3 files"), std::string::npos) << full.err;
    EXPECT_EQ(total(db()), 5u);
}

TEST_F(Incremental, ChangedFilesAreReplacedWithoutLeftovers) {
    rewrite(m_dir, "in/a.txt", "Barley in Kenya\n\nFarmers in Kenya harvested barley instead.\n");
    rewrite(m_dir, "in/c.jsonl",
            "{\"text\": \"Gold rallied in London.\", \"title\": \"Gold\"}\n"
            "{\"text\": \"Silver slipped in Mexico.\", \"title\": \"Silver\"}\n");
    const ToolRun again = index({"--db", db(), input()});
    EXPECT_NE(again.err.find("indexed 3 articles from 2 files, 1 unchanged file skipped"), std::string::npos) << again.err;
    EXPECT_EQ(total(db()), 4u);  // the JSON Lines file lost a record
    EXPECT_EQ(total(db(), "wheat"), 0u);
    EXPECT_EQ(total(db(), "barley"), 1u);
    EXPECT_EQ(total(db(), "tin"), 0u);
    EXPECT_EQ(total(db(), "silver"), 1u);
}

TEST_F(Incremental, VanishedFilesArePrunedOnlyWhenAsked) {
    std::filesystem::remove(m_dir.path() / "in" / "c.jsonl");
    const ToolRun plain = index({"--db", db(), input()});
    EXPECT_EQ(total(db()), 5u);
    const ToolRun pruned = index({"--db", db(), "--prune", input()});
    EXPECT_NE(pruned.err.find("1 vanished file pruned"), std::string::npos) << pruned.err;
    EXPECT_EQ(total(db()), 2u);
    EXPECT_EQ(total(db(), "gold"), 0u);
}

TEST_F(Incremental, ShardedArchivesToo) {
    const std::string sharded = m_dir / "sharded";
    ASSERT_EQ(index({"--db", sharded, "--shards", "3", input()}).status, exit_ok);
    rewrite(m_dir, "in/c.jsonl", "{\"text\": \"Only zinc now.\", \"title\": \"Zinc\"}\n");
    const ToolRun again = index({"--db", sharded, input()});
    EXPECT_NE(again.err.find("2 unchanged files skipped"), std::string::npos) << again.err;
    EXPECT_EQ(total(sharded), 3u);
}

}  // namespace
}  // namespace newsindex::cli
