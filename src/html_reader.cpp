// Saved HTML pages: one file, one article. The markup goes to the HTML stage unparsed.

#include "encoding.hpp"
#include "reader.hpp"
#include "text_util.hpp"

namespace newsindex::detail {

namespace {

class HtmlReader final : public Reader {
  public:
    [[nodiscard]] std::string_view name() const override { return "html"; }

    [[nodiscard]] bool accepts(std::string_view logical_name, std::string_view head) const override {
        // An image saved as .html is no page (the text reader then names it binary).
        if (looks_binary(head)) return false;
        if (logical_name.ends_with(".html") || logical_name.ends_with(".htm") || logical_name.ends_with(".xhtml")) {
            return true;
        }
        const std::string start = ascii_lowercase(trim(head.substr(0, 512)));
        return start.starts_with("<!doctype html") || start.starts_with("<html");
    }

    void read(InputStream& stream, const std::string& source, const ReadLimits& limits,
              const DocumentSink& sink, const ProblemSink&) const override {
        const std::string bytes = stream.read_all(limits.max_article_bytes);
        RawDocument doc;
        doc.source = source;
        doc.format = DocumentFormat::html;
        doc.body = decode_html_to_utf8(bytes).text;
        sink(std::move(doc));
    }
};

}  // namespace

std::unique_ptr<Reader> make_html_reader() { return std::make_unique<HtmlReader>(); }

}  // namespace newsindex::detail
