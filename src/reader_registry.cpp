#include "reader.hpp"

namespace newsindex::detail {

void ReaderRegistry::add(std::unique_ptr<Reader> reader) { m_readers.push_back(std::move(reader)); }

const Reader* ReaderRegistry::find(std::string_view logical_name, std::string_view head) const {
    for (const auto& reader : m_readers) {
        if (reader->accepts(logical_name, head)) return reader.get();
    }
    return nullptr;
}

ReaderRegistry ReaderRegistry::with_builtin_readers() {
    ReaderRegistry registry;
    registry.add(make_warc_reader());
    registry.add(make_jsonl_reader());
    registry.add(make_html_reader());
    registry.add(make_text_reader());
    return registry;
}

}  // namespace newsindex::detail
