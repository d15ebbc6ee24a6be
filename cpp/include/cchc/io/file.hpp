// Whole-file reading and crash-safe writing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace cchc::io {

/// Reads a file's bytes to its end (a pipe or /dev/stdin too: it never seeks); throws
/// cchc::Error naming the file when it cannot (a directory: "Is a directory").
std::string read_file(const std::string& path);

/// Writes atomically: a temporary file in the same folder, fsync, rename over
/// the target, fsync of the folder. An interrupted save leaves the old file intact.
/// Stale temporary files of earlier interrupted saves of the same target are
/// removed first (see remove_stale_temporaries).
void write_file_atomic(const std::string& path, std::string_view bytes);

/// The same, written in pieces: `write` as often as needed, then `commit`.
/// Destroyed without commit (an exception while producing the bytes), it
/// removes its temporary file and leaves the target untouched.
class AtomicFile {
  public:
    explicit AtomicFile(std::string path);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    void write(std::string_view bytes);
    /// fsync, rename over the target, fsync the folder.
    void commit();
    const std::string& temporary_path() const { return tmp_; }

  private:
    std::string path_, dir_, tmp_;
    int fd_ = -1;
};

/// Temporary files of interrupted saves are named `.<name>.tmp-<host>-<pid>-<random>`
/// next to the target `<name>` (`.<name>.tmp-<pid>-<random>` before 2026-11).
/// Removes those of `path` that no writer can still be using:
///  * written by a process of this host (same host name) that no longer exists,
///    and unmodified for at least `dead_writer_grace` (other pid namespaces on a
///    shared folder could reuse the host name), or
///  * unmodified for at least `abandoned_after`, whoever wrote them (every live
///    writer writes continuously, then renames within seconds).
/// Never touches other names; errors are ignored (cleanup is best effort).
/// Returns the number of files removed.
std::size_t remove_stale_temporaries(const std::string& path,
                                     std::chrono::seconds dead_writer_grace = std::chrono::seconds(60),
                                     std::chrono::seconds abandoned_after = std::chrono::hours(1));

/// This host's name as used in temporary file names ('-' kept, '/' replaced).
std::string temporary_host_name();

}  // namespace cchc::io
