// JSON Lines: one article per line, as an object with a required "text" and optional
// "title", "url", "published" and "id". A bad line is one bad record, never a bad file.

#include "encoding.hpp"
#include "reader.hpp"
#include "text_util.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace newsindex::detail {

namespace {

using nlohmann::json;

// The non-throwing parse tells only that a line is invalid. A second pass through this
// handler, on bad lines only, recovers nlohmann's message without an exception per record.
class ParseErrorCatcher final : public nlohmann::json_sax<json> {
  public:
    std::string message;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
        message = ex.what();
        return false;
    }
};

std::string parse_error_message(const std::string& line) {
    ParseErrorCatcher catcher;
    json::sax_parse(line, &catcher);
    std::string_view message = catcher.message;
    // "[json.exception.parse_error.101] parse error at ...": the bracketed id helps nobody.
    if (message.starts_with('[')) {
        if (const auto end = message.find("] "); end != std::string_view::npos) message.remove_prefix(end + 2);
    }
    if (message.empty()) return "not valid JSON";
    // The message quotes the token read last, which may be a whole article and invalid UTF-8.
    constexpr std::size_t max_message = 240;
    std::string out(message.substr(0, max_message));
    if (message.size() > max_message) {
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
        out += "...";
    }
    return is_valid_utf8(out) ? out : decode_to_utf8(out).text;
}

std::optional<std::string> non_empty_string(const json& record, const char* field) {
    const auto it = record.find(field);
    if (it == record.end() || !it->is_string()) return std::nullopt;
    std::string value = it->get<std::string>();
    if (value.empty()) return std::nullopt;
    return value;
}

std::optional<std::string> record_id(const json& record) {
    const auto it = record.find("id");
    if (it == record.end()) return std::nullopt;
    // Feeds often number their articles; integers are ids as good as strings.
    if (it->is_number_integer()) return it->dump();
    return non_empty_string(record, "id");
}

// "2015-09-28" or a timestamp that starts with it; anything else is no date at all.
std::optional<Date> published_date(const json& record) {
    const std::optional<std::string> value = non_empty_string(record, "published");
    if (!value || value->size() < 10) return std::nullopt;
    if (value->size() > 10 && (*value)[10] != 'T' && (*value)[10] != 't' && (*value)[10] != ' ') {
        return std::nullopt;
    }
    return Date::parse(std::string_view(*value).substr(0, 10));
}

bool looks_like_html(std::string_view text) {
    const std::string_view start = trim(text);
    return start.starts_with('<') && start.find("</") != std::string_view::npos;
}

class JsonLinesReader final : public Reader {
  public:
    [[nodiscard]] std::string_view name() const override { return "jsonl"; }

    [[nodiscard]] bool accepts(std::string_view logical_name, std::string_view) const override {
        return logical_name.ends_with(".jsonl") || logical_name.ends_with(".ndjson");
    }

    void read(InputStream& stream, const std::string& source, const ReadLimits& limits, const DocumentSink& sink,
              const ProblemSink& on_problem) const override {
        if (stream.peek(3) == "\xEF\xBB\xBF") {
            char bom[3];
            (void)stream.read(bom, sizeof bom);
        }
        std::string line;
        bool truncated = false;
        for (std::size_t line_no = 1; stream.read_line(line, limits.max_article_bytes, truncated); ++line_no) {
            const std::string record_source = source + "#" + std::to_string(line_no);
            if (truncated) {
                on_problem(record_source, "line longer than " + std::to_string(limits.max_article_bytes) + " bytes");
                continue;
            }
            if (trim(line).empty()) continue;
            if (line.ends_with('\r')) line.pop_back();
            const json record = json::parse(line, nullptr, false);
            if (record.is_discarded()) {
                on_problem(record_source, "invalid JSON: " + parse_error_message(line));
                continue;
            }
            if (!record.is_object()) {
                on_problem(record_source, "not a JSON object");
                continue;
            }
            const auto text = record.find("text");
            if (text == record.end() || !text->is_string()) {
                on_problem(record_source, "no \"text\" string");
                continue;
            }
            RawDocument doc;
            doc.source = record_source;
            doc.body = text->get<std::string>();
            normalise_line_ends(doc.body);
            if (looks_like_html(doc.body)) doc.format = DocumentFormat::html;
            doc.title = non_empty_string(record, "title");
            doc.url = non_empty_string(record, "url");
            doc.id = record_id(record);
            doc.published = published_date(record);
            sink(std::move(doc));
        }
    }
};

}  // namespace

std::unique_ptr<Reader> make_jsonl_reader() { return std::make_unique<JsonLinesReader>(); }

}  // namespace newsindex::detail
