// Whole-file reading and crash-safe writing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace cchc::io {

/// Refuses a path that cannot name a file: empty, or holding a NUL character
/// (the system would cut it there: "victim\0.json" would open "victim").
/// Every function here that takes a path calls it; throws cchc::Error.
void check_path(std::string_view path);

/// The file a save to `path` replaces: symbolic links followed to their final
/// target (which need not exist yet), as editors do; `path` itself otherwise.
/// Throws cchc::Error after 40 links (a loop).
std::string resolve_write_target(const std::string& path);

/// Reads a file's bytes to its end (a pipe or /dev/stdin too: it never seeks); throws
/// cchc::Error naming the file when it cannot (a directory: "Is a directory").
std::string read_file(const std::string& path);

/// Writes atomically: a temporary file in the target's folder, fsync, rename over
/// the target, fsync of the folder. An interrupted save leaves the old file intact.
/// A symbolic link is written through (its final target is replaced, the link kept).
/// A device, pipe or socket (/dev/stdout, a FIFO) is written in place, never replaced.
/// An existing target keeps its permission bits (and, where allowed, its owner and
/// group); a new file gets 0666 less the umask. Stale temporary files of earlier
/// interrupted saves of the same target are removed first (see remove_stale_temporaries).
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
    /// Gives up: removes the temporary file, leaves the target untouched (no-op after commit).
    void discard() noexcept;
    const std::string& temporary_path() const { return tmp_; }
    /// The file that commit replaces (the path with symbolic links followed).
    const std::string& target_path() const { return target_; }

  private:
    std::string path_, target_, dir_, tmp_;
    int fd_ = -1;
    bool direct_ = false;  // a device or pipe: written in place, no temporary
};

/// Temporary files of interrupted saves are named `.<name>.tmp-<host>-<pid>-<random>`
/// next to the target `<name>` (`.<name>.tmp-<pid>-<random>` before 2026-11). A name
/// longer than 128 bytes would not fit in NAME_MAX (255) with the suffix: it is
/// replaced by its first 64 bytes (cut at a UTF-8 boundary), '~' and the 16 hex
/// digits of its 64-bit FNV-1a hash (temporary_name_stem).
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

/// This host's name as used in temporary file names ('-' kept, '/' replaced, at most 64 bytes).
std::string temporary_host_name();

/// The part of a temporary file's name that stands for the target's file name
/// (the name itself, or its short form when longer than 128 bytes; see above).
std::string temporary_name_stem(const std::string& filename);

}  // namespace cchc::io
