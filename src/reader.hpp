#pragma once
// The first stage: readers turn the bytes of an input file into raw documents. One small
// reader per format behind one interface, chosen through a registry, so that adding a
// format touches no other reader.

#include "input.hpp"

#include <newsindex/types.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsindex::detail {

enum class DocumentFormat { text, html };

/// One article as a reader found it, before any extraction.
struct RawDocument {
    std::string source;  ///< path, plus "#N" for the N-th record of a container
    std::string body;    ///< UTF-8 text, or HTML markup when format is html
    DocumentFormat format = DocumentFormat::text;
    std::string charset;  ///< the charset the source declared (HTTP header); body is already UTF-8
    std::optional<std::string> id;
    std::optional<std::string> url;
    std::optional<std::string> title;
    std::optional<Date> published;  ///< publication date from the source's metadata
    std::optional<Date> crawl_date; ///< when it was fetched (WARC-Date): an upper bound
};

using DocumentSink = std::function<void(RawDocument&&)>;
/// source (with "#N" or ":LINE" where known), reason.
using ProblemSink = std::function<void(const std::string&, const std::string&)>;

/// Limits that keep memory bounded by one article, not by a file.
struct ReadLimits {
    /// News articles are kilobytes; a page with inline images a few megabytes. Larger inputs
    /// (a 50 MB single line, a database dump) are rejected, which bounds memory per article.
    std::size_t max_article_bytes = 16u << 20;
};

class Reader {
  public:
    virtual ~Reader() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// True if this reader reads the file, judged by its logical name (lower case, ".gz"
    /// removed) and its first bytes (decompressed).
    [[nodiscard]] virtual bool accepts(std::string_view logical_name, std::string_view head) const = 0;
    /// Reads every document of the file into sink. A bad record goes to on_problem and the
    /// reader continues; a failure of the whole file throws InputError.
    virtual void read(InputStream& stream, const std::string& source, const ReadLimits& limits,
                      const DocumentSink& sink, const ProblemSink& on_problem) const = 0;
};

/// The readers known to the pipeline, asked in the order they were added.
class ReaderRegistry {
  public:
    void add(std::unique_ptr<Reader> reader);
    /// The first reader that accepts the file, or nullptr.
    [[nodiscard]] const Reader* find(std::string_view logical_name, std::string_view head) const;

    /// Every built-in format, the most specific first and plain text last.
    [[nodiscard]] static ReaderRegistry with_builtin_readers();

  private:
    std::vector<std::unique_ptr<Reader>> m_readers;
};

std::unique_ptr<Reader> make_text_reader();
std::unique_ptr<Reader> make_jsonl_reader();
std::unique_ptr<Reader> make_warc_reader();
std::unique_ptr<Reader> make_html_reader();

}  // namespace newsindex::detail
