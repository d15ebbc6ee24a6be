// Snapshot format `.cchc`: a fixed header of our own, then a Boost.Serialization
// binary archive of the model's tables.
//
// Layout (little-endian, 48-byte header, see docs/snapshot.md):
//   0  magic      "\x89CCHC\r\n\x1a"   (binary-unsafe transfers mangle it, like PNG's)
//   8  u32        format version (1)
//  12  u32        header size (48)
//  16  u64        payload length in bytes
//  24  u64        XXH64 of the payload (seed 0)
//  32  u32        flags (0)
//  36  u32        reserved (0)
//  40  u64        XXH64 of header bytes [0, 40)
//  48  payload    boost::archive::binary_oarchive, every type with a class version
//
// The header and both checksums are verified before Boost reads a byte, so a
// truncated, bit-flipped, foreign, empty or future-version file raises
// SnapshotError naming which; the decoded tables then go through Model::build's
// full validation. Bytes 0..16 (magic, version, header size) and "the header
// ends with the XXH64 of the rest of it" are frozen for every future version.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cchc/model.hpp"

namespace cchc::io {

inline constexpr std::uint32_t kSnapshotFormatVersion = 1;
inline constexpr std::size_t kSnapshotHeaderSize = 48;
inline constexpr std::string_view kSnapshotMagic{"\x89" "CCHC\r\n\x1a", 8};

/// The model as snapshot bytes (header + payload); deterministic for a model.
std::string snapshot_dumps(const Model& model);

/// Decodes snapshot bytes. Throws SnapshotError naming `source` and the kind of
/// damage (empty, foreign, truncated, corrupted, newer version, invalid tables).
Shared<Model> snapshot_loads(std::string_view bytes, const std::string& source = "<bytes>");

/// Saves atomically (temporary file, fsync, rename).
void save_snapshot(const Model& model, const std::string& path);

/// Loads a `.cchc` file; SnapshotError on any damage, Error when unreadable.
Shared<Model> load_snapshot(const std::string& path);

/// What the header says, without decoding the payload (throws SnapshotError like snapshot_loads).
struct SnapshotInfo {
    std::uint32_t format_version = 0;
    std::uint64_t payload_length = 0;
    std::uint64_t payload_checksum = 0;
};
SnapshotInfo snapshot_info(std::string_view bytes, const std::string& source = "<bytes>");

/// XXH64 (xxHash, 64-bit) of `data`: the snapshot checksum.
std::uint64_t xxh64(std::string_view data, std::uint64_t seed = 0) noexcept;

}  // namespace cchc::io
