// libFuzzer target: the snapshot loader. Three modes, chosen by the first byte
// (modulo 3), so every layer is exercised:
//   0: the input is a whole .cchc file (header and checksums checked first);
//   1: the rest of the input is a payload that the target seals with a valid
//      header, so the Boost decoder and the table checks see arbitrary bytes;
//   2: the rest of the input edits the payload of a small valid snapshot (each
//      3 bytes: a 16-bit offset and a new byte) and the target re-seals it, as a
//      forger would: the decoder succeeds and the value checks (text, dates,
//      numbers, references) must refuse what the JSON reader would refuse.
// Anything but cchc::SnapshotError escaping, or a crash, is a finding; so is a
// loaded model that does not re-save to identical bytes, or whose JSON the JSON
// reader rejects (a snapshot must hold nothing a JSON document could not).
#include <cstdint>
#include <cstring>
#include <string>

#include "cchc/errors.hpp"
#include "cchc/io/json.hpp"
#include "cchc/io/snapshot.hpp"

namespace {
void put64(std::string& s, std::size_t at, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// Header and checksums for `payload`, as snapshot_dumps writes them.
std::string seal(const std::string& payload) {
    std::string sealed(cchc::io::kSnapshotHeaderSize, '\0');
    std::memcpy(sealed.data(), cchc::io::kSnapshotMagic.data(), cchc::io::kSnapshotMagic.size());
    sealed[8] = static_cast<char>(cchc::io::kSnapshotFormatVersion);
    sealed[12] = static_cast<char>(cchc::io::kSnapshotHeaderSize);
    sealed += payload;
    put64(sealed, 16, payload.size());
    put64(sealed, 24, cchc::io::xxh64(payload));
    put64(sealed, 40, cchc::io::xxh64(std::string_view(sealed).substr(0, 40)));
    return sealed;
}

// The payload of a small model with text, dates, numbers and references of every table.
const std::string& base_payload() {
    static const std::string payload = [] {
        const auto m = cchc::io::read_json(R"({"format": "cchc", "version": 1, "name": "Fuzz", "province": "Lai Châu",
          "as_of": "2021-12-31", "calendar": {"overrides": [{"date": "2021-02-10", "name": "Tết"}]},
          "agencies": [{"code": "UBND", "name": "Ủy ban", "kind": "provincial_people_committee", "level": "province",
                        "headcount": 10, "quota_civil_servants": 12},
                       {"code": "SNV", "name": "Sở Nội vụ", "kind": "department", "level": "province",
                        "parent": "UBND", "valid_from": "2008-04-01"}],
          "tasks": [{"code": "T", "name": "Nhiệm vụ", "assignments": [{"agency": "SNV", "role": "chair"}]}],
          "procedures": [{"code": "1.1", "name": "Thủ tục", "field": "Nội vụ", "levels": ["province"], "trips": 1,
                          "steps": [{"name": "Xử lý", "role": "processing", "responsible": "SNV", "duration": 2}],
                          "methods": [{"channel": "in_person", "processing_time": 3}],
                          "fees": [{"name": "Phí", "amount": 50000}],
                          "components": [{"name": "Tờ khai", "copies": 1, "cost": 2000}],
                          "volumes": [{"agency": "SNV", "annual": 12}], "legal_basis": ["L"]}],
          "documents": [{"code": "L", "title": "Luật", "issued": "2014-11-20", "effective": "2016-01-01"}],
          "courses": [{"code": "C", "name": "Khóa", "content": "digital_skills", "periods": 16}],
          "people": [{"id": "P1", "agency": "SNV", "category": "cong_chuc", "rank": "01.003", "birth_year": 1985, "gender": "female",
                      "ethnicity": "Thái", "entered": "2010-03-01",
                      "training": [{"course": "C", "start": "2012-05-02", "end": "2012-07-30"}]}]})",
                                           "fuzz-base.json");
        return cchc::io::snapshot_dumps(*m).substr(cchc::io::kSnapshotHeaderSize);
    }();
    return payload;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] % 3 == 1) {
        bytes = seal(bytes);
    } else if (data[0] % 3 == 2) {
        std::string payload = base_payload();
        for (std::size_t i = 0; i + 3 <= bytes.size(); i += 3) {
            const std::size_t at = (static_cast<std::uint8_t>(bytes[i]) | static_cast<std::uint8_t>(bytes[i + 1]) << 8) %
                                   payload.size();
            payload[at] = bytes[i + 2];
        }
        bytes = seal(payload);
    }
    std::shared_ptr<const cchc::Model> m;
    try {
        m = cchc::io::snapshot_loads(bytes, "fuzz");
    } catch (const cchc::SnapshotError&) {
        return 0;
    }
    // A model that loads must save, reload and save again to the same bytes...
    const std::string once = cchc::io::snapshot_dumps(*m);
    try {
        if (cchc::io::snapshot_dumps(*cchc::io::snapshot_loads(once, "fuzz-resaved")) != once) __builtin_trap();
    } catch (const cchc::SnapshotError&) {
        __builtin_trap();
    }
    // ...and hold only what the JSON reader accepts.
    try {
        cchc::io::read_json(cchc::io::write_json(*m), "fuzz-as-json");
    } catch (const cchc::ValidationError&) {
        __builtin_trap();
    }
    return 0;
}
