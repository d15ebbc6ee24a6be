// libFuzzer target: the snapshot loader. Two modes, chosen by the first byte,
// so both layers are exercised:
//   even: the input is a whole .cchc file (header and checksums checked first);
//   odd:  the rest of the input is a payload sealed with a valid header, so the
//         Boost decoder and the table checks see arbitrary bytes.
// Anything but cchc::SnapshotError escaping, or a crash, is a finding.
#include <cstdint>
#include <cstring>
#include <string>

#include "cchc/errors.hpp"
#include "cchc/io/snapshot.hpp"

namespace {
void put64(std::string& s, std::size_t at, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] & 1) {
        std::string sealed(cchc::io::kSnapshotHeaderSize, '\0');
        std::memcpy(sealed.data(), cchc::io::kSnapshotMagic.data(), cchc::io::kSnapshotMagic.size());
        sealed[8] = 1;   // format version
        sealed[12] = 48; // header size
        sealed += bytes;
        put64(sealed, 16, bytes.size());
        put64(sealed, 24, cchc::io::xxh64(bytes));
        put64(sealed, 40, cchc::io::xxh64(std::string_view(sealed).substr(0, 40)));
        bytes = std::move(sealed);
    }
    try {
        auto m = cchc::io::snapshot_loads(bytes, "fuzz");
        // A model that loads must save, reload and save again to the same bytes.
        const std::string once = cchc::io::snapshot_dumps(*m);
        if (cchc::io::snapshot_dumps(*cchc::io::snapshot_loads(once, "fuzz-resaved")) != once) __builtin_trap();
    } catch (const cchc::SnapshotError&) {
    }
    return 0;
}
