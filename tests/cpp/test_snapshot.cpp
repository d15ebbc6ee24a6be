#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "cchc/io/file.hpp"
#include "cchc/io/json.hpp"
#include "cchc/io/snapshot.hpp"

using namespace cchc;

namespace {

std::string fixture(const std::string& name) { return io::read_file(std::string(CCHC_TEST_DATA) + "/" + name); }

Shared<Model> sample() { return io::read_json(fixture("snapshot_v1.json"), "snapshot_v1.json"); }

// The message of the SnapshotError that loading `bytes` raises ("" if none).
std::string load_error(std::string_view bytes) {
    try {
        io::snapshot_loads(bytes, "t.cchc");
    } catch (const SnapshotError& e) {
        return e.what();
    }
    return "";
}

void put64(std::string& s, std::size_t at, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// Recomputes both checksums so a payload edit reaches the Boost decoder.
void reseal(std::string& s) {
    put64(s, 16, s.size() - io::kSnapshotHeaderSize);
    put64(s, 24, io::xxh64(std::string_view(s).substr(io::kSnapshotHeaderSize)));
    put64(s, 40, io::xxh64(std::string_view(s).substr(0, 40)));
}

}  // namespace

TEST(snapshot, xxh64_matches_reference_vectors) {
    // Reference values from the xxHash project's own implementation (python-xxhash 3.x).
    EXPECT_EQ(io::xxh64(""), 0xEF46DB3751D8E999ULL);
    EXPECT_EQ(io::xxh64("abc"), 0x44BC2CF5AD770999ULL);
    EXPECT_EQ(io::xxh64("abc", 7), 0x9E755206156676D7ULL);
    EXPECT_EQ(io::xxh64("0123456789abcdef0123456789abcdef0123456789"), 0xA76190C3ACF08A1CULL);
    std::string bytes;
    for (int r = 0; r < 3; ++r)
        for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
    EXPECT_EQ(io::xxh64(bytes), 0x8E03C838C596036FULL);
}

TEST(snapshot, round_trip_is_exact_and_deterministic) {
    auto m = sample();
    const std::string bytes = io::snapshot_dumps(*m);
    ASSERT_GT(bytes.size(), io::kSnapshotHeaderSize);
    EXPECT_EQ(bytes.substr(0, 8), std::string(io::kSnapshotMagic));
    auto back = io::snapshot_loads(bytes);
    EXPECT_EQ(io::write_json(*back), io::write_json(*m));
    EXPECT_EQ(io::snapshot_dumps(*back), bytes);
    // Pool ids are rebuilt: interning an existing string returns its id.
    auto& pool = const_cast<StringPool&>(back->people().strings);
    EXPECT_EQ(pool.intern("Thái"), m->people().strings.ids.at("Thái"));
    EXPECT_EQ(back->find_person("P000003"), 2);
}

TEST(snapshot, header_fields) {
    const std::string bytes = io::snapshot_dumps(*sample());
    const auto info = io::snapshot_info(bytes);
    EXPECT_EQ(info.format_version, 1u);
    EXPECT_EQ(info.payload_length, bytes.size() - 48);
    EXPECT_EQ(info.payload_checksum, io::xxh64(std::string_view(bytes).substr(48)));
}

TEST(snapshot, frozen_v1_fixture_still_loads) {
    auto m = io::snapshot_loads(fixture("snapshot_v1.cchc"), "snapshot_v1.cchc");
    EXPECT_EQ(io::write_json(*m), io::write_json(*sample()));
    EXPECT_EQ(m->info().name, "Snapshot fixture v1");
    EXPECT_EQ(m->records().size(), 3u);
}

TEST(snapshot, empty_file) { EXPECT_NE(load_error("").find("empty"), std::string::npos); }

TEST(snapshot, foreign_files_are_named) {
    EXPECT_NE(load_error(std::string("PK\x03\x04\x14\x00\x00\x00", 8)).find("zip archive"), std::string::npos);
    EXPECT_NE(load_error("{\"format\": \"cchc\", \"version\": 1}").find("JSON"), std::string::npos);
    EXPECT_NE(load_error("\xEF\xBB\xBF  \n{}").find("JSON"), std::string::npos);
    EXPECT_NE(load_error(std::string("\x80\x04\x95\x10\x00\x00\x00\x00", 8)).find("pickle"), std::string::npos);
    EXPECT_NE(load_error(std::string("\x1f\x8b\x08\x00", 4)).find("gzip"), std::string::npos);
    EXPECT_NE(load_error("hello world").find("not a cchc snapshot"), std::string::npos);
}

TEST(snapshot, every_truncation_says_truncated) {
    const std::string bytes = io::snapshot_dumps(*sample());
    for (std::size_t n = 1; n < bytes.size(); ++n) {
        const std::string msg = load_error(std::string_view(bytes).substr(0, n));
        ASSERT_NE(msg.find("truncated"), std::string::npos) << "length " << n << ": " << msg;
    }
}

TEST(snapshot, every_bit_flip_is_detected) {
    const std::string bytes = io::snapshot_dumps(*sample());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            std::string damaged = bytes;
            damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
            const std::string msg = load_error(damaged);
            const bool ok = i < 8 ? msg.find("not a cchc snapshot") != std::string::npos
                                  : msg.find("corrupted") != std::string::npos;
            ASSERT_TRUE(ok) << "byte " << i << " bit " << bit << ": " << msg;
        }
    }
}

TEST(snapshot, trailing_bytes_are_corruption) {
    const std::string msg = load_error(io::snapshot_dumps(*sample()) + "x");
    EXPECT_NE(msg.find("corrupted"), std::string::npos) << msg;
}

TEST(snapshot, future_format_version_asks_for_upgrade) {
    std::string bytes = io::snapshot_dumps(*sample());
    bytes[8] = 2;  // format version 2, header re-sealed as a newer writer would
    put64(bytes, 40, io::xxh64(std::string_view(bytes).substr(0, 40)));
    const std::string msg = load_error(bytes);
    EXPECT_NE(msg.find("newer cchc"), std::string::npos) << msg;
    EXPECT_NE(msg.find("version 2"), std::string::npos) << msg;
}

TEST(snapshot, forged_payload_with_valid_checksum_is_rejected) {
    const std::string good = io::snapshot_dumps(*sample());
    // Garbage payload: Boost's own archive header check fails.
    std::string bytes = good.substr(0, 48) + std::string(100, '\x7f');
    reseal(bytes);
    EXPECT_NE(load_error(bytes).find("damaged payload"), std::string::npos);
    // Cut the payload short but reseal: Boost runs out of input.
    bytes = good.substr(0, good.size() - 10);
    reseal(bytes);
    EXPECT_NE(load_error(bytes).find("damaged payload"), std::string::npos);
    // Extra bytes after a valid model.
    bytes = good + "zz";
    reseal(bytes);
    EXPECT_NE(load_error(bytes).find("left after the model"), std::string::npos);
}

TEST(snapshot, forged_enum_value_is_rejected) {
    // The training result column is the last enum block: put 9 (no such result) in it.
    const std::string good = io::snapshot_dumps(*sample());
    // Payload ends with: result bytes [passed=0, attending=2, failed=1], then the
    // certificate column (u64 count 3, bytes 1 0 0), then the calendar list.
    const std::string result_block("\x03\x00\x00\x00\x00\x00\x00\x00\x00\x02\x01", 11);
    const auto at = good.rfind(result_block);
    ASSERT_NE(at, std::string::npos);
    std::string bytes = good;
    bytes[at + 8] = 9;
    reseal(bytes);
    const std::string msg = load_error(bytes);
    EXPECT_NE(msg.find("record result"), std::string::npos) << msg;
    EXPECT_NE(msg.find("TrainingResult"), std::string::npos) << msg;
}

TEST(snapshot, forged_length_cannot_allocate_beyond_the_file) {
    // A huge count right where the people-id offsets column starts: refused before allocating.
    const std::string good = io::snapshot_dumps(*sample());
    const std::string offsets("\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 16);
    const auto at = good.find(offsets);
    ASSERT_NE(at, std::string::npos);
    std::string bytes = good;
    put64(bytes, at, 0x0FFFFFFFFFFFFFFFULL);
    reseal(bytes);
    const std::string msg = load_error(bytes);
    EXPECT_NE(msg.find("claims"), std::string::npos) << msg;
}

TEST(snapshot, invalid_tables_inside_a_sealed_payload) {
    // A reference out of range is caught by Model::build's checks, reported as SnapshotError.
    const std::string good = io::snapshot_dumps(*sample());
    // people agency column: count 3 then indices 1, 0, 2 (SNV, UBND-T, X-01).
    const std::string agency_col("\x03\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00",
                                 20);
    const auto at = good.find(agency_col);
    ASSERT_NE(at, std::string::npos);
    std::string bytes = good;
    bytes[at + 8] = 77;
    reseal(bytes);
    const std::string msg = load_error(bytes);
    EXPECT_NE(msg.find("invalid model"), std::string::npos) << msg;
    EXPECT_NE(msg.find("/people/0/agency"), std::string::npos) << msg;
}

TEST(snapshot, save_and_load_file) {
    const auto dir = std::filesystem::temp_directory_path() / "cchc_snapshot_test";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "m.cchc").string();
    io::save_snapshot(*sample(), path);
    EXPECT_EQ(io::write_json(*io::load_snapshot(path)), io::write_json(*sample()));
    std::filesystem::remove_all(dir);
}

TEST(snapshot, forged_archive_signature_length_is_refused_before_boost_allocates) {
    // Found by fuzz_snapshot: Boost reads its signature string with a length from
    // the stream (here 2 GB) and allocates it before comparing.
    const std::string good = io::snapshot_dumps(*sample());
    std::string bytes = good;
    put64(bytes, 48, 0x7B000000ULL);
    reseal(bytes);
    const std::string msg = load_error(bytes);
    EXPECT_NE(msg.find("Boost binary archive signature"), std::string::npos) << msg;
}
