#include "input.hpp"

#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace newsindex::detail {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t max_chunk_size = 256 * 1024;
constexpr std::size_t min_chunk_size = 4 * 1024;

gzFile as_gz(void* p) { return static_cast<gzFile>(p); }

// zlib's message, without the "path: " it starts with: the caller names the file already.
std::string gz_message(void* gz, const fs::path& path, int& errnum) {
    std::string_view message = gzerror(as_gz(gz), &errnum);
    if (const std::string prefix = path.string() + ": "; message.starts_with(prefix))
        message.remove_prefix(prefix.size());
    return std::string(message);
}
}  // namespace

InputStream::InputStream(const fs::path& path) : m_path(path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw InputError("is a directory");
    gzFile gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) {
        throw InputError(errno != 0 ? std::strerror(errno) : "cannot open");
    }
    // Most articles are a few KiB: buffers sized to the file keep the cost of opening one
    // (allocating and clearing pages) proportional to it rather than to the largest input.
    const auto file_size = fs::file_size(path, ec);
    m_chunk_size = ec ? max_chunk_size : std::clamp<std::size_t>(file_size + 16, min_chunk_size, max_chunk_size);
    gzbuffer(gz, static_cast<unsigned>(m_chunk_size));
    m_gz = gz;
    // gzdirect() is only meaningful after the first read has looked at the header.
    try {
        fill();
    } catch (...) {
        gzclose(gz);
        m_gz = nullptr;
        throw;
    }
    m_compressed = gzdirect(gz) == 0;
}

InputStream::InputStream(InputStream&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_gz(std::exchange(other.m_gz, nullptr)),
      m_compressed(other.m_compressed),
      m_chunk_size(other.m_chunk_size),
      m_buffer(std::move(other.m_buffer)),
      m_pos(other.m_pos),
      m_eof(other.m_eof) {}

InputStream& InputStream::operator=(InputStream&& other) noexcept {
    if (this != &other) {
        if (m_gz != nullptr) gzclose(as_gz(m_gz));
        m_path = std::move(other.m_path);
        m_gz = std::exchange(other.m_gz, nullptr);
        m_compressed = other.m_compressed;
        m_chunk_size = other.m_chunk_size;
        m_buffer = std::move(other.m_buffer);
        m_pos = other.m_pos;
        m_eof = other.m_eof;
    }
    return *this;
}

InputStream::~InputStream() {
    if (m_gz != nullptr) gzclose(as_gz(m_gz));
}

bool InputStream::fill() {
    if (m_eof) return false;
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    const std::size_t old = m_buffer.size();
    m_buffer.resize(old + m_chunk_size);
    const int got = gzread(as_gz(m_gz), m_buffer.data() + old, static_cast<unsigned>(m_chunk_size));
    if (got < 0) {
        m_buffer.resize(old);
        m_eof = true;
        int errnum = 0;
        throw InputError("corrupt compressed data: " + gz_message(m_gz, m_path, errnum));
    }
    m_buffer.resize(old + static_cast<std::size_t>(got));
    if (got == 0) {
        m_eof = true;
        int errnum = 0;
        const std::string message = gz_message(m_gz, m_path, errnum);
        // zlib reports a gzip stream cut short as Z_BUF_ERROR only at the end.
        if (errnum == Z_BUF_ERROR || errnum == Z_DATA_ERROR) {
            throw InputError("truncated compressed data: " + message);
        }
        return false;
    }
    return true;
}

std::size_t InputStream::read(char* buffer, std::size_t size) {
    if (m_pos >= m_buffer.size() && !fill()) return 0;
    const std::size_t n = std::min(size, m_buffer.size() - m_pos);
    std::memcpy(buffer, m_buffer.data() + m_pos, n);
    m_pos += n;
    return n;
}

std::string InputStream::read_all(std::size_t max_bytes) {
    while (!m_eof && m_buffer.size() - m_pos <= max_bytes && fill()) {
    }
    if (m_buffer.size() - m_pos > max_bytes) {
        // A small .gz file that inflates past the limit would otherwise look like a wrong count.
        throw InputError("larger than the limit of " + std::to_string(max_bytes) + " bytes" +
                         (m_compressed ? " once decompressed" : ""));
    }
    std::string out = m_buffer.substr(m_pos);
    m_pos = m_buffer.size();
    return out;
}

bool InputStream::read_line(std::string& line, std::size_t max_bytes, bool& truncated) {
    line.clear();
    truncated = false;
    bool any = false;
    for (;;) {
        if (m_pos >= m_buffer.size() && !fill()) return any;
        any = true;
        const char* begin = m_buffer.data() + m_pos;
        const std::size_t avail = m_buffer.size() - m_pos;
        const void* nl = std::memchr(begin, '\n', avail);
        const std::size_t take = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - begin) : avail;
        const std::size_t room = max_bytes > line.size() ? max_bytes - line.size() : 0;
        if (take > room) truncated = true;
        line.append(begin, std::min(take, room));
        m_pos += take;
        if (nl) {
            ++m_pos;
            return true;
        }
    }
}

std::string_view InputStream::peek(std::size_t size) {
    while (m_buffer.size() - m_pos < size && fill()) {
    }
    return std::string_view(m_buffer).substr(m_pos, size);
}

std::string logical_name(const fs::path& path) {
    std::string name = ascii_lowercase(path.filename().string());
    if (name.ends_with(".gz")) name.resize(name.size() - 3);
    return name;
}

namespace {

// Why a path that is there as a name cannot be followed to a file or folder.
std::string unreachable(const fs::path& path, bool is_link) {
    std::error_code ec;
    (void)fs::status(path, ec);
    if (ec == std::errc::too_many_symbolic_link_levels) return "symbolic link loop (" + ec.message() + ")";
    if (!ec || ec == std::errc::no_such_file_or_directory)
        return is_link ? "broken symbolic link" : "no such file or folder";
    return ec.message();
}

void walk_folder(const fs::path& folder, const std::string& source_prefix, const WalkVisitor& visit) {
    auto problem = [&](const std::string& source, const std::string& reason) {
        if (visit.problem) visit.problem(source, reason);
    };
    std::vector<fs::directory_entry> entries;
    std::error_code ec;
    fs::directory_iterator it(folder, fs::directory_options::none, ec);
    if (ec) {
        problem(source_prefix, "cannot read folder: " + ec.message());
        return;
    }
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
            problem(source_prefix, "cannot read folder: " + ec.message());
            break;
        }
        if (it->path().filename().string().starts_with('.')) continue;
        entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.path().filename().native() < b.path().filename().native();
    });
    enum class Kind : unsigned char { skip, subfolder, regular_file, broken_link };
    std::vector<Kind> kinds;
    kinds.reserve(entries.size());
    std::vector<InputFile> files;
    for (const auto& entry : entries) {
        std::error_code type_ec;
        Kind kind = Kind::skip;
        if (entry.is_symlink(type_ec) && entry.is_directory(type_ec)) {
            kind = Kind::skip;  // no loops
        } else if (entry.is_directory(type_ec)) {
            kind = Kind::subfolder;
        } else if (entry.is_regular_file(type_ec)) {
            kind = Kind::regular_file;
            if (visit.folder_begin) files.push_back(InputFile{entry.path(), source_prefix + "/" + entry.path().filename().string()});
        } else if (entry.is_symlink(type_ec) && !entry.exists(type_ec)) {
            kind = Kind::broken_link;
        }
        // Sockets, fifos and devices in an archive folder are not articles: skipped silently.
        kinds.push_back(kind);
    }
    if (visit.folder_begin) visit.folder_begin(folder, files);
    files.clear();
    files.shrink_to_fit();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const fs::path& path = entries[i].path();
        switch (kinds[i]) {
            case Kind::subfolder: walk_folder(path, source_prefix + "/" + path.filename().string(), visit); break;
            case Kind::regular_file:
                if (visit.file) visit.file(InputFile{path, source_prefix + "/" + path.filename().string()});
                break;
            case Kind::broken_link: problem(source_prefix + "/" + path.filename().string(), unreachable(path, true)); break;
            case Kind::skip: break;
        }
    }
    if (visit.folder_end) visit.folder_end(folder);
}

}  // namespace

void walk_inputs(const std::vector<std::string>& inputs, const WalkVisitor& visit) {
    for (const std::string& input : inputs) {
        std::error_code ec;
        const fs::path path(input);
        const auto status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            if (visit.problem) visit.problem(input, unreachable(path, fs::is_symlink(fs::symlink_status(path, ec))));
        } else if (fs::is_directory(status)) {
            std::string prefix = input;
            while (prefix.size() > 1 && prefix.ends_with('/')) prefix.pop_back();
            walk_folder(path, prefix, visit);
        } else if (visit.file) {
            visit.file(InputFile{path, input});
        }
    }
}

void walk_inputs(const std::vector<std::string>& inputs,
                 const std::function<void(const InputFile&)>& on_file,
                 const std::function<void(const std::string& source, const std::string& reason)>& on_problem) {
    walk_inputs(inputs, WalkVisitor{on_file, on_problem, {}, {}});
}

}  // namespace newsindex::detail
