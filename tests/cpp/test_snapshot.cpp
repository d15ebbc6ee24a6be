#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "cchc/io/file.hpp"
#include "cchc/io/json.hpp"
#include "cchc/io/snapshot.hpp"
#include "cchc/text.hpp"

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

// A sealed payload must pass the same value checks as a JSON document (checksums only catch
// accidents): the payload is edited in place, resealed, and the error names table, row, field.
namespace {
std::string forged(std::string_view find, std::string_view replace) {
    std::string bytes = io::snapshot_dumps(*sample());
    const auto at = bytes.find(find);
    EXPECT_NE(at, std::string::npos);
    EXPECT_EQ(bytes.find(find, at + 1), std::string::npos) << "ambiguous edit";
    EXPECT_EQ(find.size(), replace.size());
    bytes.replace(at, find.size(), replace);
    reseal(bytes);
    return bytes;
}
std::string le32(std::int32_t v) {
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((static_cast<std::uint32_t>(v) >> (8 * i)) & 0xFF);
    return s;
}
}  // namespace

TEST(snapshot, forged_invalid_utf8_is_rejected_with_its_place) {
    const std::string msg = load_error(forged("Sở Nội vụ", "S\xFF\xBB\x9F Nội vụ"));
    EXPECT_NE(msg.find("/agencies/1/name"), std::string::npos) << msg;
    EXPECT_NE(msg.find("not valid UTF-8 (byte 0xFF at offset 1)"), std::string::npos) << msg;
    EXPECT_EQ(invalid_utf8_at(msg), std::string_view::npos) << "the message itself must stay printable";
    // In a code, which other messages would quote: still printable, nothing else reported.
    const std::string code = load_error(forged("P000002", "P\xC3\x28" "0002"));
    EXPECT_NE(code.find("/people/1/id"), std::string::npos) << code;
    EXPECT_EQ(invalid_utf8_at(code), std::string_view::npos) << code;
}

TEST(snapshot, forged_text_not_in_nfc_is_rejected) {
    // "Ủy" (U+1EE6) -> U + combining hook above: the same byte length, not NFC.
    const std::string msg = load_error(forged("Ủy ban nhân dân tỉnh", "U\xCC\x89y ban nhân dân tỉnh"));
    EXPECT_NE(msg.find("/agencies/0/name"), std::string::npos) << msg;
    EXPECT_NE(msg.find("not in Unicode NFC"), std::string::npos) << msg;
}

TEST(snapshot, forged_dates_and_birth_years_are_rejected) {
    // People's `entered` column holds 2010-03-01, 1995-01-01 and "no date".
    const std::string entered = le32(make_date(2010, 3, 1)) + le32(make_date(1995, 1, 1));
    std::string msg = load_error(forged(entered, le32(2'000'000'000) + le32(make_date(1995, 1, 1))));
    EXPECT_NE(msg.find("/people/0/entered"), std::string::npos) << msg;
    EXPECT_NE(msg.find("day number 2000000000 is not a date in 1900-01-01 .. 2200-12-31"), std::string::npos) << msg;
    // A training record's end, and the model's as_of.
    msg = load_error(forged(le32(make_date(2012, 7, 30)), le32(make_date(1899, 12, 31))));
    EXPECT_NE(msg.find("/people/0/training/0/end"), std::string::npos) << msg;
    msg = load_error(forged(le32(make_date(2021, 12, 31)), le32(-1'000'000)));
    EXPECT_NE(msg.find("/as_of"), std::string::npos) << msg;
    // birth_year column (int16): 1985, 1970, 1992.
    const std::string years("\xC1\x07\xB2\x07\xC8\x07", 6);
    msg = load_error(forged(years, std::string("\x08\x07\xB2\x07\xC8\x07", 6)));  // 1800
    EXPECT_NE(msg.find("/people/0/birth_year"), std::string::npos) << msg;
    EXPECT_NE(msg.find("birth year 1800 is outside 1920..2015"), std::string::npos) << msg;
}

TEST(snapshot, nonzero_reserved_header_bytes_are_rejected) {
    for (std::size_t at : {32U, 39U}) {
        std::string bytes = io::snapshot_dumps(*sample());
        bytes[at] = 1;
        put64(bytes, 40, io::xxh64(std::string_view(bytes).substr(0, 40)));
        const std::string msg = load_error(bytes);
        EXPECT_NE(msg.find("reserved bytes 32..39 are not zero"), std::string::npos) << msg;
    }
}
