// Atomic saves and the removal of temporary files left by interrupted ones.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

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
