// The plain-text reader (encoding detection, gzip, the size limit) and every extraction
// stage after it: boilerplate, title, dates, places, actors, with the mentions annotated.

#include "article_builder.hpp"
#include "fuzz_support.hpp"

#include <cstdlib>

using namespace newsindex;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz::MemoryFile file;
    static const auto reader = detail::make_text_reader();
    static const detail::ArticleBuilder builder;
    ExtractOptions options;
    options.annotate = true;
    options.reference_date = Date{2015, 9, 28};

    fuzz::ReadOutcome outcome = fuzz::read_bytes(*reader, file, data, size, 4096);
    for (detail::RawDocument& raw : outcome.documents) {
        raw.id = "fuzz";
        Article article;
        try {
            article = builder.build(std::move(raw), options);
        } catch (const InputError&) {
            // An article with no text left after boilerplate removal: an expected outcome.
            continue;
        }
        for (const Mention& m : article.mentions) {
            // A mention is a span of the text it names.
            if (m.start > m.end || m.end > article.text.size()) std::abort();
        }
    }
    return 0;
}
