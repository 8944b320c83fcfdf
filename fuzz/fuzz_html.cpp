// The HTML reader (charset sniffing, decoding) and the HTML stage: main-content extraction,
// title cleaning, the nesting estimate.

#include "fuzz_support.hpp"
#include "html.hpp"

#include <cstdlib>

using namespace newsindex;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz::MemoryFile file;
    static const auto reader = detail::make_html_reader();

    const fuzz::ReadOutcome outcome = fuzz::read_bytes(*reader, file, data, size, 16384);
    for (const detail::RawDocument& raw : outcome.documents) {
        (void)detail::estimate_nesting(raw.body);
        try {
            const detail::HtmlContent content = detail::extract_html(raw.body);
            if (!detail::is_valid_utf8(content.text) || !detail::is_valid_utf8(content.title)) std::abort();
            (void)detail::clean_title(content.title, "Example News", content.canonical_url.value_or(""));
        } catch (const InputError&) {
            // A page nested too deeply to parse in bounded time: an expected outcome.
        }
    }
    return 0;
}
