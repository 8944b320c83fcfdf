#include "article_builder.hpp"
#include "encoding.hpp"
#include "text_util.hpp"
#include "input.hpp"
#include "ordered_pipeline.hpp"
#include "reader.hpp"

#include <newsindex/error.hpp>
#include <newsindex/extract.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <thread>
#include <variant>

namespace newsindex {

namespace fs = std::filesystem;

struct Extractor::Impl {
    ExtractOptions options;
    detail::ReaderRegistry readers = detail::ReaderRegistry::with_builtin_readers();
    detail::ArticleBuilder builder;
    detail::ReadLimits limits;
};

Extractor::Extractor(ExtractOptions options) : m_impl(std::make_unique<Impl>()) {
    m_impl->options = std::move(options);
}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

const ExtractOptions& Extractor::options() const noexcept { return m_impl->options; }

Article Extractor::extract_text(std::string_view text, std::string source) const {
    detail::RawDocument raw;
    raw.id = detail::make_article_id(source);
    raw.source = std::move(source);
    raw.body = std::string(text);
    return m_impl->builder.build(std::move(raw), m_impl->options);
}

namespace {

// Articles of one folder, or the records of one JSON Lines export, usually come from one
// source and share its page furniture.
constexpr std::size_t max_surveyed_per_source = 2000;

using FurnitureBySource = std::map<fs::path, detail::RepeatedLines>;

struct SampleComplete {};  // stops a reader once enough records were surveyed

// Surveys a folder's plain-text articles (the folder is their source) and the records of
// each JSON Lines file in it (the file is theirs) for recurring furniture. Files it cannot
// read are skipped here; the extraction pass reports them. Pages (HTML, WARC) are left to
// the HTML stage, which sees their structure.
void survey_folder(const fs::path& folder, const std::vector<detail::InputFile>& files,
                   const detail::ReaderRegistry& readers, const detail::ReadLimits& limits, FurnitureBySource& out) {
    detail::RepeatedLines texts;
    for (const detail::InputFile& entry : files) {
        const detail::InputFile* file = &entry;
        try {
            detail::InputStream stream(file->path);
            const detail::Reader* reader = readers.find(detail::logical_name(file->path), stream.peek(8192));
            if (reader == nullptr) continue;
            if (reader->name() == "text" && texts.documents() < max_surveyed_per_source) {
                texts.survey(detail::split_lines(detail::decode_to_utf8(stream.read_all(limits.max_article_bytes)).text));
            } else if (reader->name() == "jsonl") {
                detail::RepeatedLines records;
                try {
                    reader->read(
                        stream, file->source, limits,
                        [&](detail::RawDocument&& raw) {
                            if (records.documents() >= max_surveyed_per_source) throw SampleComplete{};
                            records.survey(detail::split_lines(raw.body));
                        },
                        [](const std::string&, const std::string&) {});
                } catch (const SampleComplete&) {  // NOLINT(bugprone-empty-catch): a sample is enough
                } catch (const InputError&) {  // NOLINT(bugprone-empty-catch): what was read still counts
                }
                records.finish();
                if (records.size() > 0) out.emplace(file->path, std::move(records));
            }
        } catch (const InputError&) {  // NOLINT(bugprone-empty-catch): reported by the extraction pass
        }
    }
    texts.finish();
    if (texts.size() > 0) out.emplace(folder, std::move(texts));
}

}  // namespace

namespace {

// What reading the inputs yields, in input order: a document to extract, a problem, or the
// end of a file (for RunHooks::file_done). Extraction turns a BuildJob into an Article or a
// problem.
struct BuildJob {
    detail::RawDocument raw;
    std::shared_ptr<const detail::RepeatedLines> repeated;  // the source's furniture, if any
    std::string origin;
};
struct FileDone {
    InputFileInfo info;
    bool indexed = true;  ///< false: rejected as a whole, not to be recorded as indexed
};
using ReadEvent = std::variant<BuildJob, Article, InputProblem, FileDone>;

InputFileInfo describe(const fs::path& path) {
    InputFileInfo info;
    std::error_code ec;
    fs::path absolute = fs::weakly_canonical(fs::absolute(path, ec), ec);
    info.path = ec ? path.string() : absolute.string();
    info.size = fs::file_size(path, ec);
    if (ec) info.size = 0;
    const auto mtime = fs::last_write_time(path, ec);
    if (!ec) {
        info.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    }
    return info;
}

}  // namespace

ExtractStats Extractor::run(const std::vector<std::string>& inputs, const ArticleSink& on_article,
                            const ProblemSink& on_problem, const RunHooks& hooks) const {
    ExtractStats stats;
    RunProgress progress;

    // should_read decides on the calling thread, before anything is written: it may change
    // the index (a changed file loses its old articles first), which must not race the
    // writing. A first walk asks it for every file and keeps only the paths it turned down,
    // as hashes, so that memory grows by 8 bytes per unchanged file, not by a record per
    // input; the same walk counts what is left for the progress report.
    std::vector<std::uint64_t> turned_down;
    if (hooks.should_read || hooks.progress) {
        detail::walk_inputs(
            inputs,
            [&](const detail::InputFile& file) {
                const InputFileInfo info = describe(file.path);
                if (hooks.should_read && !hooks.should_read(info)) {
                    turned_down.push_back(detail::stable_hash(file.path.native()));
                    ++stats.skipped;
                    return;
                }
                ++progress.files_total;
                progress.bytes_total += info.size;
            },
            {});
        std::sort(turned_down.begin(), turned_down.end());
    }
    auto is_turned_down = [&](const fs::path& path) {
        return !turned_down.empty() &&
               std::binary_search(turned_down.begin(), turned_down.end(), detail::stable_hash(path.native()));
    };

    // Files named one by one share furniture with the others named from the same folder
    // (kept as positions in `inputs`: a program may name a million files).
    std::map<fs::path, std::vector<std::size_t>> loose_files;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::error_code ec;
        const fs::path path(inputs[i]);
        if (fs::exists(path, ec) && !fs::is_directory(path, ec)) loose_files[path.parent_path()].push_back(i);
    }
    const bool survey = m_impl->options.strip_boilerplate;
    auto survey_files = [&](const fs::path& folder, const std::vector<detail::InputFile>& files) {
        std::shared_ptr<FurnitureBySource> furniture;
        const bool any_to_read = std::any_of(files.begin(), files.end(),
                                             [&](const detail::InputFile& f) { return !is_turned_down(f.path); });
        if (survey && any_to_read) {
            furniture = std::make_shared<FurnitureBySource>();
            survey_folder(folder, files, m_impl->readers, m_impl->limits, *furniture);
        }
        return std::shared_ptr<const FurnitureBySource>(std::move(furniture));
    };

    // Read the files (one thread), extract their articles (a pool), and hand everything to
    // the callbacks in input order (the calling thread). The reading thread walks the inputs
    // again, folder by folder: each folder's furniture is surveyed when the folder is listed
    // and dropped when its last article has been extracted, so nothing grows with the
    // number of inputs.
    std::size_t files_opened = 0, bytes_read = 0;  // the reading thread's counts
    auto read_file = [&](const detail::InputFile& file, const std::shared_ptr<const FurnitureBySource>& furniture,
                         const std::function<void(ReadEvent&&)>& emit) {
        const InputFileInfo info = describe(file.path);
        std::shared_ptr<const detail::RepeatedLines> repeated;
        if (furniture) {
            auto found = furniture->find(file.path);  // a JSON Lines file is its own source
            if (found == furniture->end()) found = furniture->find(file.path.parent_path());
            if (found != furniture->end()) repeated = std::shared_ptr<const detail::RepeatedLines>(furniture, &found->second);
        }
        // Ids hash the absolute path, so the same file keeps its id whatever the working
        // folder or the spelling of the argument.
        const std::string& id_basis = info.path;
        try {
            detail::InputStream stream(file.path);
            ++files_opened;
            const std::string name = detail::logical_name(file.path);
            const detail::Reader* reader = m_impl->readers.find(name, stream.peek(8192));
            if (reader == nullptr) {
                emit(InputProblem{file.source, "not a readable article (binary data)"});
                emit(FileDone{info, false});
                return;
            }
            std::size_t yielded = 0;  // documents and problems of this file
            reader->read(
                stream, file.source, m_impl->limits,
                [&](detail::RawDocument&& raw) {
                    ++yielded;
                    if (!raw.id) {
                        const std::size_t hash_at = raw.source.rfind('#');
                        const std::string record = hash_at != std::string::npos && raw.source.size() > file.source.size()
                                                       ? raw.source.substr(hash_at)
                                                       : std::string();
                        raw.id = detail::make_article_id(id_basis + record);
                    }
                    bytes_read += raw.body.size();
                    emit(BuildJob{std::move(raw), repeated, id_basis});
                },
                [&](const std::string& source, const std::string& reason) {
                    ++yielded;
                    emit(InputProblem{source, reason});
                });
            // A crawl of images and requests only, a feed of blank lines: say so rather
            // than pass over it in silence.
            if (yielded == 0) emit(InputProblem{file.source, "no article in it (no record with text)"});
            emit(FileDone{info, true});
        } catch (const InputError& e) {
            emit(InputProblem{file.source, e.what()});
            // A file rejected as a whole is not recorded: the next run names it again.
            emit(FileDone{info, false});
        }
    };
    auto read_all = [&](const std::function<void(ReadEvent&&)>& emit) {
        std::vector<std::shared_ptr<const FurnitureBySource>> open_folders;  // one per level of nesting
        std::map<fs::path, std::shared_ptr<const FurnitureBySource>> loose_furniture;
        detail::WalkVisitor visit;
        visit.problem = [&](const std::string& source, const std::string& reason) {
            emit(InputProblem{source, reason});
        };
        visit.folder_begin = [&](const fs::path& folder, const std::vector<detail::InputFile>& files) {
            open_folders.push_back(survey_files(folder, files));
        };
        visit.folder_end = [&](const fs::path&) { open_folders.pop_back(); };
        visit.file = [&](const detail::InputFile& file) {
            if (is_turned_down(file.path)) return;
            if (!open_folders.empty()) {
                read_file(file, open_folders.back(), emit);
                return;
            }
            const fs::path folder = file.path.parent_path();
            auto found = loose_furniture.find(folder);
            if (found == loose_furniture.end()) {
                std::vector<detail::InputFile> named;
                for (const std::size_t i : loose_files[folder]) named.push_back({fs::path(inputs[i]), inputs[i]});
                found = loose_furniture.emplace(folder, survey_files(folder, named)).first;
            }
            read_file(file, found->second, emit);
        };
        detail::walk_inputs(inputs, visit);
    };
    // A document that cannot be extracted costs only itself, not the rest of its container.
    auto extract = [&](ReadEvent&& event) -> ReadEvent {
        auto* job = std::get_if<BuildJob>(&event);
        if (job == nullptr) return std::move(event);
        std::string source = job->raw.source;
        try {
            Article article = m_impl->builder.build(std::move(job->raw), m_impl->options, job->repeated.get());
            article.origin = std::move(job->origin);
            return article;
        } catch (const InputError& e) {
            return InputProblem{std::move(source), e.what()};
        }
    };
    auto deliver = [&](ReadEvent&& event) {
        if (auto* article = std::get_if<Article>(&event)) {
            ++stats.articles;
            on_article(std::move(*article));
            ++progress.articles;
        } else if (auto* p = std::get_if<InputProblem>(&event)) {
            ++stats.problems;
            on_problem(*p);
            return;
        } else if (auto* done = std::get_if<FileDone>(&event)) {
            if (done->indexed && hooks.file_done) hooks.file_done(done->info);
            ++progress.files_done;
            progress.bytes_done += done->info.size;
        }
        if (hooks.progress) hooks.progress(progress);
    };
    const unsigned threads =
        m_impl->options.threads != 0 ? m_impl->options.threads : std::max(1U, std::thread::hardware_concurrency());
    if (threads <= 1) {
        read_all([&](ReadEvent&& event) { deliver(extract(std::move(event))); });
    } else {
        // Enough articles in flight to keep every worker busy while the consumer writes.
        const std::size_t window = 16 * static_cast<std::size_t>(threads);
        detail::run_ordered<ReadEvent, ReadEvent>(threads, window, read_all, extract, deliver);
    }
    stats.files = files_opened;
    stats.bytes = bytes_read;
    return stats;
}

}  // namespace newsindex
