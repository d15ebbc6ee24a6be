// Atomic saves and the removal of temporary files left by interrupted ones.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "cchc/errors.hpp"
#include "cchc/io/file.hpp"

using namespace cchc;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
    auto dir = fs::temp_directory_path() / ("cchc_io_file_" + std::to_string(::getpid()) + "_" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void touch(const fs::path& path, std::chrono::seconds age) {
    std::ofstream(path) << "partial";
    const auto when = fs::file_time_type::clock::now() - age;
    fs::last_write_time(path, when);
}

// A pid that surely belongs to no process: a child that has exited and been reaped.
pid_t dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

std::set<std::string> names(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
}

}  // namespace

TEST(io_file, stale_temporaries_of_the_target_are_removed_and_live_ones_kept) {
    using namespace std::chrono_literals;
    const auto dir = temp_dir();
    const std::string host = io::temporary_host_name();
    const std::string dead = std::to_string(dead_pid());
    const std::string self = std::to_string(::getpid());
    const std::string parent = std::to_string(::getppid());
    // Removed: a dead writer of this host, quiet for 2 minutes; anyone's file untouched for 2 hours.
    touch(dir / (".m.json.tmp-" + host + "-" + dead + "-11"), 120s);
    touch(dir / (".m.json.tmp-elsewhere-" + parent + "-12"), 2h);
    touch(dir / (".m.json.tmp-" + dead + "-13"), 2h);  // the older name without a host
    // Kept: a dead writer's file modified 5 s ago (another pid namespace may share the host name),
    touch(dir / (".m.json.tmp-" + host + "-" + dead + "-21"), 5s);
    // a live writer (this process, another thread; the parent process), however old the pid check,
    touch(dir / (".m.json.tmp-" + host + "-" + self + "-22"), 120s);
    touch(dir / (".m.json.tmp-" + host + "-" + parent + "-23"), 120s);
    // another host's writer within the hour, the older name within the hour,
    touch(dir / (".m.json.tmp-elsewhere-" + dead + "-24"), 120s);
    touch(dir / (".m.json.tmp-" + dead + "-25"), 120s);
    // and whatever is not a temporary of this target.
    touch(dir / (".other.json.tmp-" + host + "-" + dead + "-26"), 2h);
    touch(dir / (".m.json.tmp-" + host + "-" + dead + "-x"), 2h);
    touch(dir / "m.json.tmp-1-2", 2h);
    const auto before = names(dir);

    EXPECT_EQ(io::remove_stale_temporaries((dir / "m.json").string()), 3u);
    auto expected = before;
    expected.erase(".m.json.tmp-" + host + "-" + dead + "-11");
    expected.erase(".m.json.tmp-elsewhere-" + parent + "-12");
    expected.erase(".m.json.tmp-" + dead + "-13");
    EXPECT_EQ(names(dir), expected);

    // A save cleans up before it writes, and leaves only its target behind.
    touch(dir / (".m.json.tmp-" + host + "-" + dead + "-31"), 120s);
    io::write_file_atomic((dir / "m.json").string(), "{}");
    expected.insert("m.json");
    EXPECT_EQ(names(dir), expected);
    EXPECT_EQ(io::read_file((dir / "m.json").string()), "{}");
    fs::remove_all(dir);
}

TEST(io_file, an_abandoned_piecewise_save_leaves_the_old_file) {
    const auto dir = temp_dir();
    const std::string target = (dir / "m.json").string();
    io::write_file_atomic(target, "old");
    {
        io::AtomicFile file(target);
        file.write("new, but never committed");
        EXPECT_TRUE(fs::exists(file.temporary_path()));
        EXPECT_EQ(fs::path(file.temporary_path()).filename().string().rfind(".m.json.tmp-" + io::temporary_host_name() + "-", 0), 0u);
    }
    EXPECT_EQ(io::read_file(target), "old");
    EXPECT_EQ(names(dir), std::set<std::string>{"m.json"});
    {
        io::AtomicFile file(target);
        file.write("ne");
        file.write("w");
        file.commit();
    }
    EXPECT_EQ(io::read_file(target), "new");
    fs::remove_all(dir);
}

TEST(io_file, a_path_with_a_nul_character_is_refused_everywhere) {
    const auto dir = temp_dir();
    const std::string victim = (dir / "victim").string();
    io::write_file_atomic(victim, "precious");
    const std::string bad = victim + std::string("\0.json", 6);
    const std::string message = "invalid path '" + victim + "\\0.json': it contains a NUL character (byte " +
                                std::to_string(victim.size()) + ")";
    auto expect_refused = [&](auto&& call) {
        try {
            call();
            ADD_FAILURE() << "accepted a path with a NUL character";
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()), message);
        }
    };
    expect_refused([&] { io::write_file_atomic(bad, "overwritten"); });
    expect_refused([&] { io::AtomicFile file(bad); });
    expect_refused([&] { (void)io::read_file(bad); });
    expect_refused([&] { (void)io::remove_stale_temporaries(bad); });
    expect_refused([&] { (void)io::resolve_write_target(bad); });
    EXPECT_THROW(io::check_path(""), Error);
    EXPECT_EQ(io::read_file(victim), "precious");
    EXPECT_EQ(names(dir), std::set<std::string>{"victim"});
    fs::remove_all(dir);
}

TEST(io_file, a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask) {
    const auto dir = temp_dir();
    const std::string target = (dir / "people.json").string();
    io::write_file_atomic(target, "old");
    ASSERT_EQ(::chmod(target.c_str(), 0600), 0);
    io::write_file_atomic(target, "new");
    struct stat st {};
    ASSERT_EQ(::stat(target.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    EXPECT_EQ(io::read_file(target), "new");
    ASSERT_EQ(::chmod(target.c_str(), 0640), 0);
    {
        io::AtomicFile file(target);  // private or not, the temporary has the target's mode from the start
        ASSERT_EQ(::stat(file.temporary_path().c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 07777, 0640u);
    }
    const mode_t old = ::umask(027);
    io::write_file_atomic((dir / "new.json").string(), "x");
    ::umask(old);
    ASSERT_EQ(::stat((dir / "new.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);  // 0666 less the umask
    fs::remove_all(dir);
}

TEST(io_file, a_save_to_a_symbolic_link_writes_through_to_its_final_target) {
    const auto dir = temp_dir();
    fs::create_directories(dir / "real");
    io::write_file_atomic((dir / "real" / "m.json").string(), "old");
    fs::create_symlink("real/m.json", dir / "hop");     // relative, resolved from the link's folder
    fs::create_symlink(dir / "hop", dir / "link.json");  // a chain of two
    io::write_file_atomic((dir / "link.json").string(), "new");
    EXPECT_TRUE(fs::is_symlink(dir / "link.json"));
    EXPECT_TRUE(fs::is_symlink(dir / "hop"));
    EXPECT_EQ(io::read_file((dir / "real" / "m.json").string()), "new");
    EXPECT_EQ(io::resolve_write_target((dir / "link.json").string()), (dir / "real" / "m.json").string());
    // A dangling link creates its target; a loop is an error naming the path.
    fs::create_symlink("real/created.json", dir / "dangling.json");
    io::write_file_atomic((dir / "dangling.json").string(), "x");
    EXPECT_EQ(io::read_file((dir / "real" / "created.json").string()), "x");
    fs::create_symlink("loop2", dir / "loop1");
    fs::create_symlink("loop1", dir / "loop2");
    try {
        io::write_file_atomic((dir / "loop1").string(), "x");
        ADD_FAILURE() << "saved through a link loop";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("loop1': Too many levels of symbolic links"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(names(dir / "real"), (std::set<std::string>{"created.json", "m.json"}));
    fs::remove_all(dir);
}

TEST(io_file, names_up_to_255_bytes_save_and_their_stale_temporaries_are_found) {
    using namespace std::chrono_literals;
    const auto dir = temp_dir();
    for (const std::size_t length : {127u, 128u, 129u, 200u, 234u, 250u, 255u}) {
        const std::string name = std::string(length - 5, 'a') + ".json";
        const std::string target = (dir / name).string();
        io::write_file_atomic(target, "v1");
        EXPECT_EQ(io::read_file(target), "v1") << length;
        // An interrupted save's temporary: found by the same rule and removed when stale.
        std::string temporary;
        {
            io::AtomicFile file(target);
            temporary = fs::path(file.temporary_path()).filename().string();
            EXPECT_LE(temporary.size(), 255u);
            EXPECT_EQ(temporary.rfind("." + io::temporary_name_stem(name) + ".tmp-", 0), 0u) << temporary;
        }
        touch(dir / temporary, 2h);
        EXPECT_EQ(io::remove_stale_temporaries(target), 1u) << length;
        EXPECT_FALSE(fs::exists(dir / temporary));
        fs::remove(target);
    }
    // The short form: 64 bytes of the name (not cutting a UTF-8 character), '~', a stable hash.
    const std::string vietnamese = std::string(63, 'a') + "ở" + std::string(100, 'b') + ".json";
    EXPECT_EQ(io::temporary_name_stem(vietnamese).substr(0, 64), std::string(63, 'a') + "~");
    EXPECT_EQ(io::temporary_name_stem(vietnamese).size(), 63u + 1u + 16u);
    EXPECT_EQ(io::temporary_name_stem("m.json"), "m.json");
    EXPECT_NE(io::temporary_name_stem(std::string(200, 'x')), io::temporary_name_stem(std::string(201, 'x')));
    fs::remove_all(dir);
}

TEST(io_file, a_pipe_is_written_in_place_and_a_folder_is_refused) {
    const auto dir = temp_dir();
    const auto fifo = dir / "out.json";  // like /dev/stdout: written to, never replaced by a file
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // so that the writer's open does not wait
    ASSERT_GE(reader, 0);
    io::write_file_atomic(fifo.string(), "through the pipe");
    char buf[64];
    const ssize_t n = ::read(reader, buf, sizeof buf);
    ::close(reader);
    EXPECT_EQ(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0), "through the pipe");
    struct stat st {};
    ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
    EXPECT_EQ(names(dir), std::set<std::string>{"out.json"});
    try {
        io::write_file_atomic(dir.string(), "x");
        ADD_FAILURE() << "replaced a folder";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot write '" + dir.string() + "': Is a directory");
    }
    EXPECT_TRUE(fs::is_directory(dir));
    fs::remove_all(dir);
}
