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

TEST(Encoding, Utf16WithoutBomIsRecognised) {
    std::string le, be;
    for (char c : std::string("Russian jets struck targets in Syria.\n")) {
        le += c;
        le += '\0';
        be += '\0';
        be += c;
    }
    EXPECT_FALSE(looks_binary(le));
    EXPECT_EQ(utf16_without_bom(le), "utf-16le");
    EXPECT_EQ(utf16_without_bom(be), "utf-16be");
    EXPECT_EQ(decode_to_utf8(le).text, "Russian jets struck targets in Syria.\n");
    EXPECT_EQ(decode_to_utf8(be).text, "Russian jets struck targets in Syria.\n");
    EXPECT_TRUE(utf16_without_bom("plain ASCII text, long enough to judge").empty());
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

TEST(Encoding, DeclaredLegacyEncodingsAreConvertedWithIconv) {
    // "Москва" in windows-1251 and in KOI8-R; "中国" in GB2312.
    EXPECT_EQ(decode_to_utf8("\xCC\xEE\xF1\xEA\xE2\xE0", "windows-1251").text, "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
    EXPECT_EQ(decode_to_utf8("\xED\xCF\xD3\xCB\xD7\xC1", "KOI8-R").text, "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
    EXPECT_EQ(decode_to_utf8("\xD6\xD0\xB9\xFA", "gb2312").text, "\xE4\xB8\xAD\xE5\x9B\xBD");
    // Valid UTF-8 wins over a wrong label; an unknown label falls back to detection.
    EXPECT_EQ(decode_to_utf8("\xD0\x9C\xD0\xBE", "windows-1251").text, "\xD0\x9C\xD0\xBE");
    EXPECT_EQ(decode_to_utf8("caf\xE9", "x-no-such-charset").text, "caf\xC3\xA9");
}

TEST(Encoding, PagesDeclareTheirCharsetInMeta) {
    EXPECT_EQ(sniff_meta_charset("<html><head><META CHARSET=\"Windows-1251\"></head>"), "windows-1251");
    EXPECT_EQ(sniff_meta_charset("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"), "gb2312");
    EXPECT_EQ(sniff_meta_charset("<meta name=\"description\" content=\"x\">"), "");
    const std::string page = "<html><head><meta charset=\"windows-1251\"><title>\xCC\xEE\xF1\xEA\xE2\xE0</title>";
    EXPECT_NE(decode_html_to_utf8(page).text.find("\xD0\x9C\xD0\xBE\xD1\x81"), std::string::npos);
    // A charset from HTTP outranks the page's own meta.
    const std::string as_koi8 = decode_html_to_utf8(page, "koi8-r").text;
    EXPECT_EQ(as_koi8, decode_to_utf8(page, "koi8-r").text);
    EXPECT_EQ(as_koi8.find("\xD0\x9C\xD0\xBE\xD1\x81"), std::string::npos);
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
