#include "encoding.hpp"

#include <gtest/gtest.h>

namespace newsindex::detail {
namespace {

TEST(Encoding, Utf8PassesThroughAndLosesItsBom) {
    const auto d = decode_to_utf8("\xEF\xBB\xBFT\xC3\xBCrkiye");
    EXPECT_EQ(d.encoding, "utf-8");
    EXPECT_EQ(d.text, "T\xC3\xBCrkiye");
}

TEST(Encoding, Utf16WithBomIsConverted) {
    const std::string le("\xFF\xFE" "A\0\xE9\0\n\0", 8);
    const auto d = decode_to_utf8(le);
    EXPECT_EQ(d.encoding, "utf-16le");
    EXPECT_EQ(d.text, "A\xC3\xA9\n");
    const std::string be("\xFE\xFF\0A\xD8\x3D\xDE\x00", 8);  // "A" + U+1F600
    const auto e = decode_to_utf8(be);
    EXPECT_EQ(e.encoding, "utf-16be");
    EXPECT_EQ(e.text, "A\xF0\x9F\x98\x80");
}

TEST(Encoding, InvalidUtf8IsReadAsWindows1252) {
    const auto d = decode_to_utf8("caf\xE9 \x93quoted\x94 \x80");
    EXPECT_EQ(d.encoding, "windows-1252");
    EXPECT_EQ(d.text, "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC");
}

TEST(Encoding, AFewBadBytesInLongUtf8AreRepaired) {
    std::string text(5000, 'a');
    text += "\xC3\xA9";  // valid UTF-8
    text += "\xFF";      // one stray byte
    const auto d = decode_to_utf8(text);
    EXPECT_EQ(d.encoding, "utf-8");
    EXPECT_NE(d.text.find("\xC3\xA9\xEF\xBF\xBD"), std::string::npos);
}

TEST(Encoding, DeclaredCharsetWinsForLatin1) {
    EXPECT_EQ(decode_to_utf8("na\xEFve", "ISO-8859-1").text, "na\xC3\xAFve");
}

TEST(Encoding, LineEndsAreNormalised) {
    EXPECT_EQ(decode_to_utf8("a\r\nb\rc\n").text, "a\nb\nc\n");
}

TEST(Encoding, BinaryIsRecognised) {
    EXPECT_TRUE(looks_binary(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)));
    EXPECT_TRUE(looks_binary(std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00", 13)));
    EXPECT_FALSE(looks_binary("Plain news text.\n"));
    EXPECT_FALSE(looks_binary(std::string("\xFF\xFE" "A\0", 4)));  // UTF-16 has NULs but is text
}

}  // namespace
}  // namespace newsindex::detail
