#include "text_util.hpp"

#include <gtest/gtest.h>

namespace newsindex::detail {
namespace {

TEST(TextUtil, TrimRemovesAsciiAndNoBreakSpaces) {
    EXPECT_EQ(trim("  a b \t\n"), "a b");
    EXPECT_EQ(trim("\xC2\xA0word\xC2\xA0"), "word");
    EXPECT_EQ(trim("   "), "");
}

TEST(TextUtil, FoldForMatchingNormalisesTypography) {
    EXPECT_EQ(fold_for_matching("  Missed a  Show?\tListen Here "), "missed a show? listen here");
    EXPECT_EQ(fold_for_matching("Da\xE2\x80\x99" "esh \xE2\x80\x94 \xE2\x80\x9CIS\xE2\x80\x9D"), "da'esh - \"is\"");
}

TEST(TextUtil, SplitLinesDropsCarriageReturns) {
    const auto lines = split_lines("a\r\nb\n\nc");
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0], "a");
    EXPECT_EQ(lines[1], "b");
    EXPECT_EQ(lines[2], "");
    EXPECT_EQ(lines[3], "c");
}

TEST(TextUtil, Utf8Validation) {
    EXPECT_TRUE(is_valid_utf8("plain"));
    EXPECT_TRUE(is_valid_utf8("T\xC3\xBCrkiye \xE2\x80\x94 \xF0\x9F\x87\xB8"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xE2\x80"));          // truncated
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("caf\xE9"));           // Latin-1
}

TEST(TextUtil, StableHashNeverChanges) {
    // Ids and shard choice depend on these exact values: a change re-ids every archive.
    EXPECT_EQ(to_hex(stable_hash("")), "efd01f60ba992926");
    EXPECT_EQ(to_hex(stable_hash("corpus/a.txt")), to_hex(stable_hash("corpus/a.txt")));
    EXPECT_NE(stable_hash("corpus/a.txt"), stable_hash("corpus/b.txt"));
}

}  // namespace
}  // namespace newsindex::detail
