#include "article_builder.hpp"
#include "input.hpp"
#include "reader.hpp"

#include <newsindex/error.hpp>
#include <newsindex/extract.hpp>

#include <filesystem>

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

ExtractStats Extractor::run(const std::vector<std::string>& inputs, const ArticleSink& on_article,
                            const ProblemSink& on_problem) const {
    ExtractStats stats;
    auto problem = [&](const std::string& source, const std::string& reason) {
        ++stats.problems;
        on_problem(InputProblem{source, reason});
    };
    detail::walk_inputs(
        inputs,
        [&](const detail::InputFile& file) {
            // Ids hash the absolute path, so the same file keeps its id whatever the working
            // folder or the spelling of the argument.
            std::error_code ec;
            fs::path absolute = fs::weakly_canonical(fs::absolute(file.path, ec), ec);
            if (ec) absolute = file.path;
            const std::string id_basis = absolute.string();
            std::size_t articles_in_file = 0;
            try {
                detail::InputStream stream(file.path);
                ++stats.files;
                const std::string name = detail::logical_name(file.path);
                const detail::Reader* reader = m_impl->readers.find(name, stream.peek(8192));
                if (reader == nullptr) {
                    problem(file.source, "not a readable article (binary data)");
                    return;
                }
                reader->read(
                    stream, file.source, m_impl->limits,
                    [&](detail::RawDocument&& raw) {
                        ++articles_in_file;
                        if (!raw.id) {
                            const std::size_t hash_at = raw.source.rfind('#');
                            const std::string record =
                                hash_at != std::string::npos && raw.source.size() > file.source.size()
                                    ? raw.source.substr(hash_at)
                                    : std::string();
                            raw.id = detail::make_article_id(id_basis + record);
                        }
                        stats.bytes += raw.body.size();
                        Article article = m_impl->builder.build(std::move(raw), m_impl->options);
                        ++stats.articles;
                        on_article(std::move(article));
                    },
                    problem);
            } catch (const InputError& e) {
                problem(file.source, e.what());
            }
        },
        problem);
    return stats;
}

}  // namespace newsindex
