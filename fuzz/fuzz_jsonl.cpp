// The JSON Lines reader: invalid JSON, wrong types, odd dates and ids, overlong lines.

#include "fuzz_support.hpp"

using namespace newsindex;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz::MemoryFile file;
    static const auto reader = detail::make_jsonl_reader();

    (void)fuzz::read_bytes(*reader, file, data, size, 2048);
    return 0;
}
