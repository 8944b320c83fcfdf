#pragma once
// Helpers shared by the tests: temporary folders and files that clean up after themselves.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

#include <unistd.h>
#include <zlib.h>

namespace newsindex::test {

/// A fresh folder under the system temporary folder, removed with everything in it.
class TempDir {
  public:
    TempDir() {
        static std::atomic<unsigned> counter{0};
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() /
                 ("newsindex-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                  std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::string operator/(std::string_view name) const { return (m_path / name).string(); }

    /// Writes bytes to a file below the folder (creating sub-folders) and returns its path.
    std::string write(std::string_view name, std::string_view bytes) const {
        const auto p = m_path / name;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    }

  private:
    std::filesystem::path m_path;
};

/// The bytes compressed as one gzip member.
inline std::string gzip(std::string_view data) {
    z_stream zs{};
    deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, data.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string source_dir() { return NEWSINDEX_SOURCE_DIR; }
inline std::string seed_path(std::string_view name) { return source_dir() + "/corpus/" + std::string(name); }
inline constexpr std::string_view cnn_seed = "000_0d1ab3161a27d4a7.txt";
inline constexpr std::string_view respun_seed = "004_49bb6308d4702ce6.txt";

}  // namespace newsindex::test
