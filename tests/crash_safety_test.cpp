// news-index killed (SIGKILL) or stopped (SIGTERM, SIGINT) at any point: the index opens,
// holds only whole, committed articles and no duplicates, and the same command again
// completes the job with the same articles as a run that was never interrupted.

#include "cli/cli.hpp"
#include "document.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <xapian.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace newsindex::cli {
namespace {

using test::TempDir;

constexpr std::size_t commit_every = 7;

// 25 one-article files and a JSON Lines file of 15 records: a kill may fall inside a file
// of many articles too.
std::vector<std::string> write_archive(const TempDir& dir) {
    for (int i = 0; i < 25; ++i) {
        dir.write("in/wire/" + std::to_string(100 + i) + ".txt",
                  "Oil report " + std::to_string(i) + "\n\nLONDON, March " + std::to_string(1 + i) +
                      " - Oil prices rose on Monday, traders said.\n");
    }
    std::string feed;
    for (int i = 0; i < 15; ++i) {
        feed += "{\"id\": \"feed-" + std::to_string(i) + "\", \"title\": \"Grain note " + std::to_string(i) +
                "\", \"text\": \"Wheat harvest in Argentina, item " + std::to_string(i) + ".\"}\n";
    }
    dir.write("in/feed.jsonl", feed);
    return {dir / "in"};
}

IndexCommand command(const std::string& db, const std::vector<std::string>& inputs) {
    IndexCommand c;
    c.db = db;
    c.inputs = inputs;
    c.commit_every = commit_every;
    c.quiet = true;
    return c;
}

// The ids of an index, checking that it opens, that no id is there twice and that every
// document is whole (its stored record parses and names it).
std::set<std::string> ids_in(const std::string& db) {
    std::set<std::string> ids;
    const Xapian::Database index(db);
    for (auto t = index.allterms_begin("Q"); t != index.allterms_end("Q"); ++t) {
        EXPECT_EQ(t.get_termfreq(), 1u) << *t;
        ids.insert((*t).substr(1));
    }
    EXPECT_EQ(index.get_doccount(), ids.size());
    for (auto p = index.postlist_begin(""); p != index.postlist_end(""); ++p) {
        const detail::StoredArticle record = detail::read_stored(index.get_document(*p).get_data());
        EXPECT_TRUE(!record.id.empty() && !record.title.empty());
    }
    return ids;
}

int run_quietly(const IndexCommand& c) {
    std::ostringstream out, err;
    return run_index(c, out, err);
}

TEST(CrashSafety, KilledAtTwentyPointsTheIndexKeepsItsCommitsAndTheRerunCompletes) {
    TempDir dir;
    const std::vector<std::string> inputs = write_archive(dir);
    ASSERT_EQ(run_quietly(command(dir / "reference", inputs)), exit_ok);
    const std::set<std::string> reference = ids_in(dir / "reference");
    ASSERT_EQ(reference.size(), 40u);

    std::size_t survived = 0, tried = 0;
    for (std::size_t point = 1; point < reference.size(); point += 2) {  // 20 points
        ++tried;
        const std::string db = dir / ("killed-" + std::to_string(point));
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            IndexCommand c = command(db, inputs);
            c.after_article = [point](std::size_t articles) {
                if (articles == point) raise(SIGKILL);
            };
            (void)run_quietly(c);
            _exit(0);  // the kill point was never reached
        }
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "point " << point;

        const std::set<std::string> kept = ids_in(db);
        EXPECT_EQ(kept.size(), point / commit_every * commit_every) << "point " << point;
        for (const std::string& id : kept) EXPECT_EQ(reference.count(id), 1u) << id;

        EXPECT_EQ(run_quietly(command(db, inputs)), exit_ok);
        const std::set<std::string> after = ids_in(db);
        EXPECT_EQ(after, reference) << "point " << point;
        if (after == reference && kept.size() == point / commit_every * commit_every) ++survived;
    }
    EXPECT_EQ(survived, tried);
    std::cout << "[ crash    ] kill points survived: " << survived << " of " << tried << '\n';
}

// Kills by the clock land anywhere: inside Xapian's commit, while a file is half read.
TEST(CrashSafety, KilledByTheClockTheIndexOpensWholeAndTheRerunCompletes) {
    TempDir dir;
    const std::vector<std::string> inputs = write_archive(dir);
    ASSERT_EQ(run_quietly(command(dir / "reference", inputs)), exit_ok);
    const std::set<std::string> reference = ids_in(dir / "reference");
    std::size_t survived = 0, tried = 0;
    for (const int delay_ms : {1, 3, 6, 10, 15, 25, 40, 60, 90, 140}) {
        ++tried;
        const std::string db = dir / ("timed-" + std::to_string(delay_ms));
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            IndexCommand c = command(db, inputs);
            c.commit_every = 3;
            (void)run_quietly(c);
            _exit(0);
        }
        usleep(static_cast<useconds_t>(delay_ms) * 1000);
        kill(child, SIGKILL);
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        // A kill before the index was first created leaves nothing to open.
        const bool created = std::filesystem::exists(std::filesystem::path(db) / "iamglass");
        const std::set<std::string> kept = created ? ids_in(db) : std::set<std::string>{};
        for (const std::string& id : kept) EXPECT_EQ(reference.count(id), 1u) << id;
        EXPECT_EQ(run_quietly(command(db, inputs)), exit_ok);
        const std::set<std::string> after = ids_in(db);
        EXPECT_EQ(after, reference) << delay_ms << " ms";
        if (after == reference) ++survived;
    }
    EXPECT_EQ(survived, tried);
    std::cout << "[ crash    ] timed kills survived: " << survived << " of " << tried << '\n';
}

// A full disk, simulated with a file size limit (root ignores read-only folders): the run
// stops with a message naming the index, and the index is as of its last commit. Xapian
// 1.4.22 itself calls std::terminate when some writes of its commit fail (a destructor
// throws while the first error unwinds): nothing a caller can catch, and where it happens
// moves with the lengths of the temporary paths stored in the index. So the run is tried at
// several limits: whatever way each ends, the index must be whole as of a commit, and at
// least one must end the way newsindex handles it, with the message.
TEST(CrashSafety, AFullDiskStopsTheRunAndKeepsTheLastCommit) {
    std::string filler;
    for (int i = 0; i < 60; ++i) filler += "Shipments of wheat and oil through the port rose again this week. ";
    int reported = 0;
    for (const rlim_t kilobytes : {256, 320, 384, 512}) {
        TempDir dir;
        for (int i = 0; i < 400; ++i) {
            dir.write("in/" + std::to_string(1000 + i) + ".txt",
                      "Port report " + std::to_string(i) + "\n\n" + filler + "Item " + std::to_string(i) + ".\n");
        }
        const std::string db = dir / "db";
        const std::string log = dir / "err.txt";
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            signal(SIGXFSZ, SIG_IGN);  // writes past the limit fail with EFBIG instead
            const rlimit limit{kilobytes * 1024, kilobytes * 1024};
            setrlimit(RLIMIT_FSIZE, &limit);
            std::vector<std::string> args{"news-index", "--commit-every", "20", "--db", db, dir / "in"};
            std::vector<const char*> argv;
            for (auto& a : args) argv.push_back(a.c_str());
            std::ostringstream out;
            std::ofstream err(log);
            const int status = index_main(static_cast<int>(argv.size()), argv.data(), out, err);
            err.flush();
            _exit(status);
        }
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        if (WIFEXITED(status)) {
            EXPECT_EQ(WEXITSTATUS(status), exit_usage) << kilobytes << " KB";
            std::ifstream in(log);
            const std::string message((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            EXPECT_NE(message.find(db), std::string::npos) << message;
            ++reported;
        } else {
            ASSERT_TRUE(WIFSIGNALED(status));
            EXPECT_EQ(WTERMSIG(status), SIGABRT) << kilobytes << " KB: only Xapian's std::terminate may end it";
        }
        const std::set<std::string> kept = ids_in(db);
        EXPECT_GT(kept.size(), 0u) << kilobytes << " KB";
        EXPECT_LT(kept.size(), 400u) << kilobytes << " KB";
        EXPECT_EQ(kept.size() % 20, 0u) << kilobytes << " KB: whole commits only";
        EXPECT_EQ(run_quietly(command(db, {dir / "in"})), exit_ok);
        EXPECT_EQ(ids_in(db).size(), 400u);
    }
    EXPECT_GT(reported, 0) << "no limit ended with newsindex's own message";
}

TEST(CrashSafety, SigtermAndSigintStopAfterCommittingWhatIsDone) {
    for (const int signal : {SIGTERM, SIGINT}) {
        TempDir dir;
        const std::vector<std::string> inputs = write_archive(dir);
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            install_stop_handlers();
            IndexCommand c = command(dir / "db", inputs);
            c.commit_every = 0;  // only the stop commits
            c.after_article = [signal](std::size_t articles) {
                if (articles == 10) raise(signal);
            };
            std::ostringstream out, err;
            const int status = run_index(c, out, err);
            const bool said = err.str().find("stopped by SIG") != std::string::npos &&
                              err.str().find("after 10 articles, all committed") != std::string::npos;
            _exit(said ? status : 99);
        }
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), exit_interrupted + signal);
        EXPECT_EQ(ids_in(dir / "db").size(), 10u);
        EXPECT_EQ(run_quietly(command(dir / "db", inputs)), exit_ok);
        EXPECT_EQ(ids_in(dir / "db").size(), 40u);
    }
}

}  // namespace
}  // namespace newsindex::cli
