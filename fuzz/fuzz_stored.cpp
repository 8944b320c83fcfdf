// The stored record of an indexed article (document.hpp): what every hit and every article
// page is read from. A damaged index can hand back any bytes; the readers must reject what
// they cannot read, never crash, and agree with each other on what they accept.

#include "document.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace newsindex;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string record(reinterpret_cast<const char*>(data), size);
    const detail::StoredArticle shown = detail::read_stored(record);
    const std::optional<IndexedArticle> indexed = detail::read_record(record);
    const Article* whole = indexed ? &indexed->article : nullptr;
    if (whole) {
        // A record read whole has the same shown fields as a hit reads from it.
        if (whole->id != shown.id || whole->title != shown.title || whole->text != shown.text ||
            whole->actors.size() != shown.actors.size() || whole->places.size() != shown.places.size()) {
            std::abort();
        }
        for (const Date& d : whole->dates) {
            if (!Date::valid(d.year, d.month, d.day)) std::abort();
        }
    }
    return 0;
}
