#include "input.hpp"

#include "test_support.hpp"

#include <newsindex/error.hpp>

#include <gtest/gtest.h>

#include <zlib.h>

namespace newsindex::detail {
namespace {

using test::TempDir;

TEST(InputStream, ReadsPlainAndGzipAlike) {
    TempDir dir;
    const auto plain = dir.write("a.txt", "Title\n\nBody line.\n");
    const auto packed = dir.write("a.txt.gz", test::gzip("Title\n\nBody line.\n"));
    InputStream p(plain), g(packed);
    EXPECT_FALSE(p.compressed());
    EXPECT_TRUE(g.compressed());
    EXPECT_EQ(p.read_all(1 << 20), "Title\n\nBody line.\n");
    EXPECT_EQ(g.read_all(1 << 20), "Title\n\nBody line.\n");
}

TEST(InputStream, ReadsConcatenatedGzipMembers) {
    TempDir dir;
    const auto path = dir.write("two.gz", test::gzip("first\n") + test::gzip("second\n"));
    InputStream s(path);
    EXPECT_EQ(s.read_all(1 << 20), "first\nsecond\n");
}

TEST(InputStream, TruncatedGzipIsAnError) {
    TempDir dir;
    std::string data;
    for (int i = 0; i < 2000; ++i) data += "line " + std::to_string(i * 7919) + "\n";
    const std::string packed = test::gzip(data);
    const auto path = dir.write("cut.txt.gz", packed.substr(0, packed.size() / 2));
    EXPECT_THROW(
        {
            InputStream s(path);
            (void)s.read_all(1 << 24);
        },
        InputError);
}

TEST(InputStream, MissingFileIsAnInputError) {
    EXPECT_THROW(InputStream("/nonexistent/news.txt"), InputError);
}

TEST(InputStream, ReadAllEnforcesTheLimit) {
    TempDir dir;
    const auto path = dir.write("big.txt", std::string(5000, 'x'));
    InputStream s(path);
    EXPECT_THROW((void)s.read_all(4000), InputError);
}

TEST(InputStream, ErrorsOfCompressedFilesSayWhatAndNotThePathAgain) {
    TempDir dir;
    const std::string packed = test::gzip(std::string(20000, 'x'));
    const auto cut = dir.write("cut.txt.gz", packed.substr(0, packed.size() / 2));
    try {
        InputStream s(cut);
        (void)s.read_all(1 << 20);
        FAIL() << "a truncated stream was read";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), "truncated compressed data: unexpected end of file");
    }
    // A bomb: a few hundred bytes that inflate past the limit, which is named as such.
    const auto bomb = dir.write("bomb.txt.gz", test::gzip(std::string(1 << 20, 'a')));
    InputStream s(bomb);
    try {
        (void)s.read_all(1000);
        FAIL() << "the limit was not enforced";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), "larger than the limit of 1000 bytes once decompressed");
    }
}

TEST(InputStream, ReadLineBoundsHugeLines) {
    TempDir dir;
    const auto path = dir.write("lines.jsonl", std::string(100000, 'x') + "\nshort\n");
    InputStream s(path);
    std::string line;
    bool truncated = false;
    ASSERT_TRUE(s.read_line(line, 1000, truncated));
    EXPECT_TRUE(truncated);
    EXPECT_EQ(line.size(), 1000u);
    ASSERT_TRUE(s.read_line(line, 1000, truncated));
    EXPECT_FALSE(truncated);
    EXPECT_EQ(line, "short");
    EXPECT_FALSE(s.read_line(line, 1000, truncated));
}

TEST(WalkInputs, StableSortedRecursiveOrderWithSourcesAsGiven) {
    TempDir dir;
    dir.write("b.txt", "b");
    dir.write("a/z.txt", "z");
    dir.write("a/c.txt", "c");
    dir.write(".hidden", "h");
    std::vector<std::string> seen;
    std::vector<std::string> problems;
    const std::string root = dir.path().string() + "/";
    walk_inputs({root, dir / "b.txt", dir / "missing.txt"},
                [&](const InputFile& f) { seen.push_back(f.source.substr(root.size() - 1)); },
                [&](const std::string& source, const std::string& reason) { problems.push_back(source + ": " + reason); });
    const std::vector<std::string> want = {"/a/c.txt", "/a/z.txt", "/b.txt", "/b.txt"};
    EXPECT_EQ(seen, want);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("missing.txt: no such file"), std::string::npos);
}

TEST(WalkInputs, FolderVisitsListTheirOwnFilesAndBracketThem) {
    TempDir dir;
    dir.write("news/b.txt", "b");
    dir.write("news/a/x.txt", "x");
    dir.write("news/c.txt", "c");
    dir.write("news/.hidden", "h");
    const std::string root = dir.path().string();
    auto rel = [&](const std::filesystem::path& p) { return p.string().substr(root.size()); };
    std::vector<std::string> events;
    WalkVisitor visit;
    visit.file = [&](const InputFile& f) { events.push_back("file " + rel(f.path)); };
    visit.folder_begin = [&](const std::filesystem::path& folder, const std::vector<InputFile>& files) {
        std::string line = "begin ";  // appended piece by piece: GCC 12 warns falsely (-Wrestrict) on a + chain
        line += rel(folder);
        line += ':';
        for (const InputFile& f : files) {
            line += ' ';
            line += rel(f.path);
        }
        events.push_back(line);
    };
    visit.folder_end = [&](const std::filesystem::path& folder) { events.push_back("end " + rel(folder)); };
    walk_inputs({dir / "news", dir / "news/c.txt"}, visit);
    const std::vector<std::string> want = {
        "begin /news: /news/b.txt /news/c.txt",
        "begin /news/a: /news/a/x.txt",
        "file /news/a/x.txt",
        "end /news/a",
        "file /news/b.txt",
        "file /news/c.txt",
        "end /news",
        "file /news/c.txt",
    };
    EXPECT_EQ(events, want);
}

TEST(WalkInputs, DoesNotFollowDirectorySymlinkLoops) {
    TempDir dir;
    dir.write("news/a.txt", "a");
    std::filesystem::create_directory_symlink(dir.path() / "news", dir.path() / "news" / "loop");
    std::size_t files = 0;
    walk_inputs({dir / "news"}, [&](const InputFile&) { ++files; }, [](const std::string&, const std::string&) {});
    EXPECT_EQ(files, 1u);
}

TEST(WalkInputs, SymbolicLinkLoopsAreNamedAsLoops) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "news");
    std::filesystem::create_symlink("b", dir.path() / "news" / "a");
    std::filesystem::create_symlink("a", dir.path() / "news" / "b");
    std::filesystem::create_symlink("nowhere", dir.path() / "news" / "c");
    std::vector<std::string> problems;
    walk_inputs(
        {dir / "news", dir / "news/a", dir / "news/c", dir / "missing"}, [](const InputFile&) {},
        [&](const std::string& source, const std::string& reason) {
            problems.push_back(source.substr(dir.path().string().size()) + ": " + reason);
        });
    const std::vector<std::string> want = {
        "/news/a: symbolic link loop (Too many levels of symbolic links)",
        "/news/b: symbolic link loop (Too many levels of symbolic links)",
        "/news/c: broken symbolic link",
        "/news/a: symbolic link loop (Too many levels of symbolic links)",
        "/news/c: broken symbolic link",
        "/missing: no such file or folder",
    };
    EXPECT_EQ(problems, want);
}

TEST(LogicalName, DropsGzAndLowerCases) {
    EXPECT_EQ(logical_name("/x/Story.HTML.gz"), "story.html");
    EXPECT_EQ(logical_name("crawl.warc.gz"), "crawl.warc");
    EXPECT_EQ(logical_name("a.txt"), "a.txt");
}

}  // namespace
}  // namespace newsindex::detail
