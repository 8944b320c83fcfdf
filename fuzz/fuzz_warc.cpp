// The WARC reader: record headers, Content-Length, HTTP responses (status, chunked and
// compressed bodies, charsets), gzip per record or whole.

#include "fuzz_support.hpp"

using namespace newsindex;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz::MemoryFile file;
    static const auto registry = detail::ReaderRegistry::with_builtin_readers();
    static const detail::Reader* reader = registry.find("fuzz.warc", "WARC/1.0\r\n");
    if (reader == nullptr || reader->name() != "warc") std::abort();

    (void)fuzz::read_bytes(*reader, file, data, size, 8192);
    return 0;
}
