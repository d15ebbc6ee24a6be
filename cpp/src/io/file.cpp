#include "cchc/io/file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>

#include "cchc/errors.hpp"

namespace cchc::io {

namespace {
[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw Error(what + " '" + path + "': " + std::strerror(errno));
}

// Parses a whole decimal field; false when it is empty or not a number.
bool parse_uint(std::string_view text, std::uint64_t& out) {
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::string temp_prefix(const std::filesystem::path& target) {
    // Built by appends: GCC 12 warns falsely (-Wrestrict) on chained operator+ here.
    std::string prefix(".");
    prefix.append(temporary_name_stem(target.filename().string())).append(".tmp-");
    return prefix;
}

std::filesystem::path folder_of(const std::filesystem::path& target) {
    return target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
}

// The path as it can be shown in a message: a NUL would cut the message short.
std::string printable(std::string_view path) {
    std::string out;
    for (const char c : path) {
        if (c == '\0')
            out.append("\\0");
        else
            out.push_back(c);
    }
    return out;
}

// Removes the stale temporaries of an already resolved target.
std::size_t remove_stale_of(const std::filesystem::path& target, std::chrono::seconds dead_writer_grace,
                            std::chrono::seconds abandoned_after);
}  // namespace

void check_path(std::string_view path) {
    if (path.empty()) throw Error("invalid path '': empty");
    const auto nul = path.find('\0');
    if (nul != std::string_view::npos)
        throw Error("invalid path '" + printable(path) + "': it contains a NUL character (byte " +
                    std::to_string(nul) + ")");
}

std::string resolve_write_target(const std::string& path) {
    check_path(path);
    std::filesystem::path p(path);
    for (int links = 0; links < 40; ++links) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p.string();
        std::error_code ec;
        const std::filesystem::path to = std::filesystem::read_symlink(p, ec);
        if (ec) {
            errno = ec.value();
            fail("cannot read the symbolic link", p.string());
        }
        p = to.is_absolute() ? to : folder_of(p) / to;
    }
    errno = ELOOP;
    fail("cannot save to", path);
}

std::string temporary_name_stem(const std::string& filename) {
    constexpr std::size_t kLongest = 128, kKept = 64;
    if (filename.size() <= kLongest) return filename;
    std::uint64_t hash = 14695981039346656037ull;  // FNV-1a: stable across versions and hosts
    for (const char c : filename) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    std::size_t cut = kKept;
    while (cut > 0 && (static_cast<unsigned char>(filename[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    char hex[17] = {};
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    std::string stem = filename.substr(0, cut);
    stem.append("~").append(hex);
    return stem;
}

std::string read_file(const std::string& path) {
    check_path(path);
    // read(2) to the end, never a seek: a directory's "size" is not its content (ifstream
    // opens one and tellg gave 2^63: bad_alloc), and a pipe or /dev/stdin has none.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail("cannot open", path);
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail("cannot read", path);
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        fail("cannot read", path);
    }
    // A regular file's size + 1, so its end is seen without growing; else grown by doubling.
    std::string bytes(S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : std::size_t{65536}, '\0');
    std::size_t got = 0;
    for (;;) {
        if (got == bytes.size()) bytes.resize(2 * bytes.size());
        const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
        if (n == 0) break;
        if (n > 0)
            got += static_cast<std::size_t>(n);
        else if (errno != EINTR)
            fail("cannot read", path);
    }
    bytes.resize(got);
    return bytes;
}

std::string temporary_host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
    std::string host(buf);
    if (host.size() > 64) host.resize(64);  // HOST_NAME_MAX on Linux: the temporary's name must fit NAME_MAX
    for (char& c : host)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_'))
            c = '_';
    return host;
}

std::size_t remove_stale_temporaries(const std::string& path, std::chrono::seconds dead_writer_grace,
                                     std::chrono::seconds abandoned_after) {
    check_path(path);
    std::string target;
    try {
        target = resolve_write_target(path);
    } catch (const Error&) {
        return 0;  // best effort: the save itself reports the link loop
    }
    return remove_stale_of(target, dead_writer_grace, abandoned_after);
}

namespace {
std::size_t remove_stale_of(const std::filesystem::path& target, std::chrono::seconds dead_writer_grace,
                            std::chrono::seconds abandoned_after) {
    const std::filesystem::path dir = folder_of(target);
    const std::string prefix = temp_prefix(target);
    const std::string host = temporary_host_name();
    DIR* d = ::opendir(dir.c_str());
    if (!d) return 0;
    const std::time_t now = std::time(nullptr);
    std::size_t removed = 0;
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name(e->d_name);
        if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) continue;
        // <host>-<pid>-<random>, or <pid>-<random> from older versions: parsed from the right.
        const std::string_view rest = name.substr(prefix.size());
        const auto last = rest.rfind('-');
        if (last == std::string_view::npos) continue;
        std::uint64_t pid = 0, random = 0;
        if (!parse_uint(rest.substr(last + 1), random)) continue;
        const auto before = last == 0 ? std::string_view::npos : rest.rfind('-', last - 1);
        const std::string_view pid_text =
            before == std::string_view::npos ? rest.substr(0, last) : rest.substr(before + 1, last - before - 1);
        const std::string_view writer_host = before == std::string_view::npos ? "" : rest.substr(0, before);
        if (!parse_uint(pid_text, pid)) continue;
        const std::string file = (dir / std::string(name)).string();
        struct stat st {};
        if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        const auto age = std::chrono::seconds(now > st.st_mtime ? now - st.st_mtime : 0);
        bool stale = age >= abandoned_after;
        if (!stale && writer_host == host && age >= dead_writer_grace && pid > 0 &&
            pid <= static_cast<std::uint64_t>(std::numeric_limits<pid_t>::max()) &&
            static_cast<pid_t>(pid) != ::getpid()) {
            // kill(pid, 0): ESRCH means no such process; EPERM means alive (someone else's).
            stale = ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
        }
        if (stale && ::unlink(file.c_str()) == 0) ++removed;
    }
    ::closedir(d);
    return removed;
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), target_(resolve_write_target(path_)) {
    const std::filesystem::path target(target_);
    dir_ = folder_of(target).string();
    struct stat st {};
    const bool exists = ::stat(target_.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        fail("cannot write", path_);
    }
    if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) {
        // A device or pipe (/dev/stdout, /dev/null, a FIFO) is written to, never replaced by a file.
        direct_ = true;
        fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd_ < 0) fail("cannot write", path_);
        return;
    }
    remove_stale_of(target, std::chrono::seconds(60), std::chrono::hours(1));
    std::random_device rd;
    std::string name = temp_prefix(target);
    name.append(temporary_host_name()).append("-").append(std::to_string(::getpid()));
    name.append("-").append(std::to_string(rd()));
    tmp_ = (std::filesystem::path(dir_) / name).string();
    // The file may hold personal data: a replaced file keeps its permissions (private from the
    // first byte), a new one gets what the umask allows, as any program's new file does.
    const bool replaces = exists && S_ISREG(st.st_mode);
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, replaces ? 0600 : 0666);
    if (fd_ < 0) fail("cannot write", path_);
    if (replaces) {
        // Owner and group where allowed (root, or a group of ours), before chmod (chown clears set-id bits).
        if (st.st_uid != ::geteuid() || st.st_gid != ::getegid()) (void)!::fchown(fd_, st.st_uid, st.st_gid);
        if (::fchmod(fd_, st.st_mode & 07777) != 0) {
            const int saved = errno;
            discard();
            errno = saved;
            fail("cannot keep the permissions of", path_);
        }
    }
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
        if (!direct_) ::unlink(tmp_.c_str());
    }
}

void AtomicFile::write(std::string_view bytes) {
    if (fd_ < 0) throw Error("write after commit to '" + path_ + "'");
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd_, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int saved = errno;
            discard();
            errno = saved;
            fail("cannot write", path_);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    if (fd_ < 0) throw Error("commit twice to '" + path_ + "'");
    const int fd = fd_;
    fd_ = -1;
    if (direct_) {
        if (::close(fd) != 0) fail("cannot write", path_);
        return;
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int saved = errno;
        ::unlink(tmp_.c_str());
        errno = saved;
        fail("cannot write", path_);
    }
    if (::rename(tmp_.c_str(), target_.c_str()) != 0) {
        const int saved = errno;
        ::unlink(tmp_.c_str());
        errno = saved;
        fail("cannot replace", path_);
    }
    // Make the rename itself durable.
    const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void write_file_atomic(const std::string& path, std::string_view bytes) {
    AtomicFile file(path);
    file.write(bytes);
    file.commit();
}

}  // namespace cchc::io
