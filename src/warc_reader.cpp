// WARC 1.0/1.1 crawl archives: every `response` record whose HTTP payload is an HTML or plain
// text page is one article. Records are streamed one at a time, so memory is bounded by the
// largest record read, never by the file.

#include "encoding.hpp"
#include "reader.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newsindex::detail {

namespace {

constexpr std::size_t max_header_line = 64 * 1024;
constexpr std::size_t max_header_bytes = 1024 * 1024;

std::string_view header_name(std::string_view line) { return trim(line.substr(0, line.find(':'))); }
std::string_view header_value(std::string_view line) {
    const std::size_t colon = line.find(':');
    return colon == std::string_view::npos ? std::string_view() : trim(line.substr(colon + 1));
}
bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

struct WarcHeader {
    std::string type;
    std::string target_uri;
    std::string date;
    std::optional<std::uint64_t> content_length;
};

std::optional<std::uint64_t> parse_length(std::string_view s) {
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
    return value;
}

// Reads and drops n bytes; false if the stream ends first.
bool skip_bytes(InputStream& stream, std::uint64_t n) {
    std::array<char, 64 * 1024> buffer;
    while (n > 0) {
        const std::size_t got =
            stream.read(buffer.data(), static_cast<std::size_t>(std::min<std::uint64_t>(n, buffer.size())));
        if (got == 0) return false;
        n -= got;
    }
    return true;
}

// Grows out as bytes arrive, so a lying Content-Length costs no more than the bytes there are.
bool read_bytes(InputStream& stream, std::string& out, std::size_t n) {
    constexpr std::size_t step = 256 * 1024;
    out.clear();
    while (out.size() < n) {
        const std::size_t have = out.size();
        out.resize(std::min(n, have + step));
        const std::size_t got = stream.read(out.data() + have, out.size() - have);
        out.resize(have + got);
        if (got == 0) return false;
    }
    return true;
}

// HTTP/1.1 chunked framing; nullopt if the body is not framed that way (crawlers often
// store it already de-chunked while keeping the header).
std::optional<std::string> dechunk(std::string_view body) {
    std::string out;
    for (;;) {
        const std::size_t eol = body.find("\r\n");
        if (eol == std::string_view::npos) return std::nullopt;
        const std::string_view size_line = body.substr(0, eol);
        const std::string_view size_text = trim(size_line.substr(0, size_line.find(';')));
        std::size_t size = 0;
        const auto [ptr, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
        if (size_text.empty() || ec != std::errc() || ptr != size_text.data() + size_text.size()) return std::nullopt;
        body.remove_prefix(eol + 2);
        if (size == 0) return out;  // trailers, if any, carry nothing we use
        if (body.size() < size + 2 || body.substr(size, 2) != "\r\n") return std::nullopt;
        out.append(body.substr(0, size));
        body.remove_prefix(size + 2);
    }
}

// gzip or zlib (auto-detected), or raw deflate as some servers send for "deflate".
// nullopt if the data does not inflate or would exceed max_bytes.
std::optional<std::string> inflate_body(std::string_view data, std::size_t max_bytes, int window_bits) {
    z_stream zs{};
    if (inflateInit2(&zs, window_bits) != Z_OK) return std::nullopt;
    std::string out;
    std::array<char, 64 * 1024> buffer;
    // zlib's interface predates const: it never writes through next_in.
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
        zs.avail_out = static_cast<uInt>(buffer.size());
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buffer.data(), buffer.size() - zs.avail_out);
        if (out.size() > max_bytes) rc = Z_MEM_ERROR;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // cut short: keep what inflated
    }
    inflateEnd(&zs);
    if ((rc != Z_STREAM_END && rc != Z_BUF_ERROR) || out.empty()) return std::nullopt;
    return out;
}

struct MediaType {
    std::string type;  // lower case, without parameters
    std::string charset;
};

MediaType parse_content_type(std::string_view value) {
    MediaType media;
    std::size_t semi = value.find(';');
    media.type = ascii_lowercase(trim(value.substr(0, semi)));
    while (semi != std::string_view::npos) {
        value.remove_prefix(semi + 1);
        semi = value.find(';');
        const std::string_view param = value.substr(0, semi);
        if (same_name(header_name(param.substr(0, param.find('='))), "charset") && param.find('=') != param.npos) {
            std::string_view charset = trim(param.substr(param.find('=') + 1));
            if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
                charset = charset.substr(1, charset.size() - 2);
            }
            media.charset = std::string(charset);
        }
    }
    return media;
}

// The article in an HTTP response block, or nullopt for anything that is not one (a
// problem, if any, goes to on_problem).
std::optional<RawDocument> article_of_response(std::string_view block, std::size_t max_bytes,
                                               const std::string& record_source, const ProblemSink& on_problem) {
    std::size_t head_end = block.find("\r\n\r\n");
    std::size_t body_start = head_end + 4;
    if (head_end == std::string_view::npos) {
        head_end = block.find("\n\n");
        body_start = head_end + 2;
    }
    if (!block.starts_with("HTTP/") || head_end == std::string_view::npos) {
        on_problem(record_source, "malformed HTTP response");
        return std::nullopt;
    }
    const std::vector<std::string_view> head = split_lines(block.substr(0, head_end));
    const std::string_view status_line = head.front();
    const std::size_t space = status_line.find(' ');
    if (space == std::string_view::npos || status_line.substr(space + 1, 1) != "2") return std::nullopt;

    std::optional<MediaType> media;
    bool chunked = false;
    std::string content_encoding;
    for (std::size_t i = 1; i < head.size(); ++i) {
        const std::string_view name = header_name(head[i]);
        if (same_name(name, "content-type") && !media) media = parse_content_type(header_value(head[i]));
        if (same_name(name, "transfer-encoding"))
            chunked = ascii_lowercase(header_value(head[i])).find("chunked") != std::string::npos;
        if (same_name(name, "content-encoding")) content_encoding = ascii_lowercase(header_value(head[i]));
    }

    std::string body(block.substr(body_start));
    if (chunked) {
        if (auto plain = dechunk(body)) body = std::move(*plain);
    }
    const bool gzip = content_encoding == "gzip" || content_encoding == "x-gzip";
    const bool deflate = content_encoding == "deflate";
    if (!gzip && !deflate && !content_encoding.empty() && content_encoding != "identity") {
        on_problem(record_source, "unsupported Content-Encoding: " + content_encoding);
        return std::nullopt;
    }
    // Crawlers that decode a body often keep the header: a body that reads as text already is.
    if ((gzip || deflate) && looks_binary(body)) {
        std::optional<std::string> inflated = inflate_body(body, max_bytes, 15 + 32);
        if (!inflated && deflate) inflated = inflate_body(body, max_bytes, -15);
        if (!inflated) {
            on_problem(record_source, "cannot decode Content-Encoding " + content_encoding + " (corrupt, or over " +
                                          std::to_string(max_bytes) + " bytes inflated)");
            return std::nullopt;
        }
        body = std::move(*inflated);
    }

    RawDocument doc;
    if (!media) {
        // No Content-Type: only an unmistakable HTML page is taken.
        const std::string start = ascii_lowercase(trim(std::string_view(body).substr(0, 512)));
        if (!start.starts_with("<!doctype html") && !start.starts_with("<html")) return std::nullopt;
        media = MediaType{"text/html", {}};
    }
    if (media->type == "text/html" || media->type == "application/xhtml+xml") {
        doc.format = DocumentFormat::html;
    } else if (media->type != "text/plain") {
        return std::nullopt;
    }
    doc.charset = media->charset;
    doc.body = doc.format == DocumentFormat::html ? decode_html_to_utf8(body, doc.charset).text
                                                  : decode_to_utf8(body, doc.charset).text;
    return doc;
}

class WarcReader final : public Reader {
  public:
    [[nodiscard]] std::string_view name() const override { return "warc"; }

    [[nodiscard]] bool accepts(std::string_view logical_name, std::string_view head) const override {
        return logical_name.ends_with(".warc") || head.starts_with("WARC/1.");
    }

    void read(InputStream& stream, const std::string& source, const ReadLimits& limits, const DocumentSink& sink,
              const ProblemSink& on_problem) const override {
        std::string line;
        std::string block;
        bool truncated = false;
        std::size_t record_no = 0;
        for (;;) {
            // Blank lines end every record; tolerating extra ones costs nothing.
            if (!stream.read_line(line, max_header_line, truncated)) return;
            if (line.ends_with('\r')) line.pop_back();
            if (line.empty()) continue;
            const std::string record_source = source + "#" + std::to_string(++record_no);
            if (line != "WARC/1.0" && line != "WARC/1.1") {
                throw InputError("bad WARC version line in record " + std::to_string(record_no));
            }
            WarcHeader header;
            std::size_t header_bytes = 0;
            for (;;) {
                if (!stream.read_line(line, max_header_line, truncated)) {
                    on_problem(record_source, "truncated record");
                    return;
                }
                if (line.ends_with('\r')) line.pop_back();
                if (line.empty()) break;
                header_bytes += line.size();
                if (header_bytes > max_header_bytes) {
                    throw InputError("WARC header too large in record " + std::to_string(record_no));
                }
                const std::string_view name = header_name(line);
                if (same_name(name, "WARC-Type"))
                    header.type = ascii_lowercase(header_value(line));
                else if (same_name(name, "WARC-Target-URI"))
                    header.target_uri = header_value(line);
                else if (same_name(name, "WARC-Date"))
                    header.date = header_value(line);
                else if (same_name(name, "Content-Length"))
                    header.content_length = parse_length(header_value(line));
            }
            if (!header.content_length) {
                throw InputError("no valid Content-Length in record " + std::to_string(record_no));
            }
            const std::uint64_t length = *header.content_length;
            const bool is_response = header.type == "response";
            if (!is_response || length > limits.max_article_bytes) {
                if (!skip_bytes(stream, length)) {
                    on_problem(record_source, "truncated record");
                    return;
                }
                if (is_response) {
                    on_problem(record_source,
                               "record larger than " + std::to_string(limits.max_article_bytes) + " bytes");
                }
                continue;
            }
            if (!read_bytes(stream, block, static_cast<std::size_t>(length))) {
                on_problem(record_source, "truncated record");
                return;
            }
            std::optional<RawDocument> doc =
                article_of_response(block, limits.max_article_bytes, record_source, on_problem);
            if (!doc) continue;
            doc->source = record_source;
            std::string_view uri = header.target_uri;
            if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
            if (!uri.empty()) doc->url = std::string(uri);
            if (header.date.size() >= 10) doc->crawl_date = Date::parse(std::string_view(header.date).substr(0, 10));
            sink(std::move(*doc));
        }
    }
};

}  // namespace

std::unique_ptr<Reader> make_warc_reader() { return std::make_unique<WarcReader>(); }

}  // namespace newsindex::detail
