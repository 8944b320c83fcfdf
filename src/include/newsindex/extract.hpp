#pragma once
/// @file extract.hpp
/// Reading news inputs and extracting articles: the pipeline read -> extract text ->
/// strip boilerplate -> find metadata. Indexing is separate (index_writer.hpp), so the same
/// articles can be indexed, printed (--dry-run --json) or handed to an embedding program.

#include <newsindex/types.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsindex {

/// How articles are extracted.
struct ExtractOptions {
    /// Anchor for year-less and relative dates in articles whose publication date is not
    /// otherwise known. Without it such dates stay unresolved (never guessed from the clock).
    std::optional<Date> reference_date;
    /// Drop boilerplate lines (default). When false, every line is kept and none is listed
    /// in Article::removed.
    bool strip_boilerplate = true;
    /// Fill Article::mentions with the spans found in the text.
    bool annotate = false;
    /// Threads that extract articles while the calling thread takes them in input order:
    /// 0 one per core, 1 everything on the calling thread. Reading has a thread of its own
    /// when there is more than one.
    unsigned threads = 0;
};

/// An input, or one record of it, that could not be read.
struct InputProblem {
    std::string source;  ///< path, with "#N" for a record of a WARC or JSON Lines file
    std::string reason;
};

/// An input file as a run finds it: what incremental indexing compares.
struct InputFileInfo {
    std::string path;           ///< absolute, symlinks resolved
    std::uint64_t size = 0;     ///< bytes
    std::int64_t mtime_ns = 0;  ///< last modification, nanoseconds since the epoch
};

/// How far a run has got (RunHooks::progress).
struct RunProgress {
    std::size_t files_total = 0;    ///< input files the run reads (skipped ones not counted)
    std::uint64_t bytes_total = 0;  ///< their size on disk
    std::size_t files_done = 0;     ///< of those, files whose every article was delivered
    std::uint64_t bytes_done = 0;   ///< their size on disk
    std::size_t articles = 0;       ///< articles delivered so far
};

/// Optional callbacks of a run, for incremental indexing and progress reports.
struct RunHooks {
    /// Called before a file is read; returning false skips it (e.g. unchanged since the last
    /// run). Unset: every file is read.
    std::function<bool(const InputFileInfo&)> should_read;
    /// Called after every article of a read file was passed to the article sink.
    std::function<void(const InputFileInfo&)> file_done;
    /// Called after each article and each finished or rejected file, on the calling thread.
    std::function<void(const RunProgress&)> progress;
};

/// Counts of one run.
struct ExtractStats {
    std::size_t skipped = 0;   ///< input files should_read turned down
    std::size_t files = 0;     ///< input files opened
    std::size_t articles = 0;  ///< articles extracted
    std::size_t problems = 0;  ///< inputs or records rejected
    std::size_t bytes = 0;     ///< bytes of article content read
};

/// Extracts articles from files and folders. Holds the resources every stage loads once
/// (boilerplate patterns, gazetteer); construct one and reuse it. Move-only.
class Extractor {
  public:
    /// Loads the built-in resources. Throws newsindex::Error if they are unusable.
    explicit Extractor(ExtractOptions options = {});
    Extractor(Extractor&&) noexcept;
    Extractor& operator=(Extractor&&) noexcept;
    Extractor(const Extractor&) = delete;
    Extractor& operator=(const Extractor&) = delete;
    ~Extractor();

    using ArticleSink = std::function<void(Article&&)>;
    using ProblemSink = std::function<void(const InputProblem&)>;

    /// Reads every input (a file or a folder, walked recursively in a stable order; plain
    /// text, gzip-compressed or not) and calls on_article for each article, in input order.
    /// A missing, unreadable or malformed input is reported to on_problem and the run goes
    /// on. Exceptions thrown by the callbacks propagate. The callbacks (and the hooks) are
    /// called on the calling thread only, in input order, whatever ExtractOptions::threads;
    /// extraction runs ahead of them by a bounded number of articles.
    ExtractStats run(const std::vector<std::string>& inputs, const ArticleSink& on_article,
                     const ProblemSink& on_problem, const RunHooks& hooks = {}) const;

    /// Extracts one plain-text article held in memory. source names it (and makes its id).
    [[nodiscard]] Article extract_text(std::string_view text, std::string source) const;

    [[nodiscard]] const ExtractOptions& options() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace newsindex
