// Plain-text articles: one file, one article, in any of the encodings decode_to_utf8 knows.

#include "encoding.hpp"
#include "reader.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>

namespace newsindex::detail {

namespace {

class TextReader final : public Reader {
  public:
    [[nodiscard]] std::string_view name() const override { return "text"; }

    // The fallback reader: anything that is not binary is read as text.
    [[nodiscard]] bool accepts(std::string_view, std::string_view head) const override {
        return !looks_binary(head);
    }

    void read(InputStream& stream, const std::string& source, const ReadLimits& limits,
              const DocumentSink& sink, const ProblemSink& on_problem) const override {
        const std::string bytes = stream.read_all(limits.max_article_bytes);
        RawDocument doc;
        doc.source = source;
        doc.body = decode_to_utf8(bytes).text;
        if (trim(doc.body).empty()) {
            on_problem(source, "no text (empty file)");
            return;
        }
        sink(std::move(doc));
    }
};

}  // namespace

std::unique_ptr<Reader> make_text_reader() { return std::make_unique<TextReader>(); }

}  // namespace newsindex::detail
