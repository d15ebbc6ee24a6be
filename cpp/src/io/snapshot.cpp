#include "cchc/io/snapshot.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <streambuf>
#include <type_traits>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/tracking.hpp>
#include <boost/serialization/version.hpp>

#include "cchc/io/file.hpp"

// ---------------------------------------------------------------------------
// Memory streams and the decoding budget

namespace cchc::io::snap {

/// Reads from a byte range without copying it.
class MemoryIn : public std::streambuf {
  public:
    MemoryIn(const char* data, std::size_t size) {
        char* p = const_cast<char*>(data);  // the get area is never written through
        setg(p, p, p + size);
    }
    [[nodiscard]] std::uint64_t remaining() const { return static_cast<std::uint64_t>(egptr() - gptr()); }
};

/// Appends to a std::string (one buffer for the whole file).
class StringOut : public std::streambuf {
  public:
    explicit StringOut(std::string& out) : out_(out) {}

  protected:
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) out_.push_back(traits_type::to_char_type(c));
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        out_.append(s, static_cast<std::size_t>(n));
        return n;
    }

  private:
    std::string& out_;
};

// The stream being decoded on this thread: lets every length read from the file
// be checked against the bytes left before anything is allocated, so a forged
// length cannot ask for terabytes.
thread_local const MemoryIn* t_input = nullptr;

void need(std::uint64_t count, std::uint64_t element_size, const char* what) {
    if (t_input == nullptr) return;
    const std::uint64_t left = t_input->remaining();
    if (element_size != 0 && count > left / element_size)
        throw SnapshotError("damaged payload: " + std::string(what) + " claims " + std::to_string(count) +
                            " items but only " + std::to_string(left) + " bytes remain");
}

template <class A>
constexpr bool loading = A::is_loading::value;

/// Arithmetic vector as one contiguous block (Boost's array optimisation: one memcpy).
template <class A, class T>
void column(A& ar, std::vector<T>& v, const char* what) {
    static_assert(std::is_arithmetic_v<T>);
    std::uint64_t n = v.size();
    ar & n;
    if constexpr (loading<A>) {
        need(n, sizeof(T), what);
        v.resize(static_cast<std::size_t>(n));
    }
    if (n != 0) ar& boost::serialization::make_array(v.data(), static_cast<std::size_t>(n));
}

template <class E>
void check_enum(std::uint8_t raw, const char* what) {
    if (raw >= enum_count<E>())
        throw SnapshotError("damaged payload: " + std::string(what) + " has value " + std::to_string(raw) +
                            ", outside " + std::string(EnumInfo<E>::type_name));
}

/// Enumeration vector as one block of bytes; every value range-checked on load.
template <class A, class E>
void enum_column(A& ar, std::vector<E>& v, const char* what) {
    static_assert(std::is_enum_v<E> && sizeof(E) == 1);
    std::uint64_t n = v.size();
    ar & n;
    if constexpr (loading<A>) {
        need(n, 1, what);
        v.resize(static_cast<std::size_t>(n));
    }
    if (n == 0) return;
    auto* bytes = reinterpret_cast<std::uint8_t*>(v.data());
    ar& boost::serialization::make_array(bytes, static_cast<std::size_t>(n));
    if constexpr (loading<A>)
        for (std::size_t i = 0; i < n; ++i) check_enum<E>(bytes[i], what);
}

template <class A, class E>
void enum_field(A& ar, E& e, const char* what) {
    std::uint8_t raw = static_cast<std::uint8_t>(e);
    ar & raw;
    if constexpr (loading<A>) {
        check_enum<E>(raw, what);
        e = static_cast<E>(raw);
    }
}

/// bool as a byte 0/1 (Boost would load any byte into a bool: undefined behaviour).
template <class A>
void flag(A& ar, bool& b, const char* what) {
    std::uint8_t raw = b ? 1 : 0;
    ar & raw;
    if constexpr (loading<A>) {
        if (raw > 1) throw SnapshotError("damaged payload: " + std::string(what) + " is not 0 or 1");
        b = raw != 0;
    }
}

template <class A>
void text(A& ar, std::string& s) {
    std::uint64_t n = s.size();
    ar & n;
    if constexpr (loading<A>) {
        need(n, 1, "a string");
        s.resize(static_cast<std::size_t>(n));
    }
    if (n != 0) ar& boost::serialization::make_array(s.data(), static_cast<std::size_t>(n));
}

/// Many strings as offsets + one block of characters.
template <class A>
void string_column(A& ar, std::vector<std::string>& v, const char* what) {
    std::vector<std::uint64_t> offsets;
    std::string blob;
    if constexpr (!loading<A>) {
        offsets.reserve(v.size() + 1);
        offsets.push_back(0);
        std::size_t total = 0;
        for (const auto& s : v) total += s.size();
        blob.reserve(total);
        for (const auto& s : v) {
            blob += s;
            offsets.push_back(blob.size());
        }
    }
    column(ar, offsets, what);
    text(ar, blob);
    if constexpr (loading<A>) {
        if (offsets.empty() || offsets.front() != 0 || offsets.back() != blob.size() ||
            !std::is_sorted(offsets.begin(), offsets.end()))
            throw SnapshotError("damaged payload: string offsets of " + std::string(what) + " are inconsistent");
        v.clear();
        v.reserve(offsets.size() - 1);
        for (std::size_t i = 0; i + 1 < offsets.size(); ++i)
            v.emplace_back(blob, static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(offsets[i + 1] - offsets[i]));
    }
}

/// A vector of versioned structs, element by element (small tables only).
template <class A, class T>
void list(A& ar, std::vector<T>& v, const char* what) {
    std::uint64_t n = v.size();
    ar & n;
    if constexpr (loading<A>) {
        need(n, 1, what);  // every element takes at least one byte
        v.clear();
        v.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(n, 4096)));
        for (std::uint64_t i = 0; i < n; ++i) {
            T item;
            ar & item;
            v.push_back(std::move(item));
        }
    } else {
        for (auto& item : v) ar & item;
    }
}

template <class T>
void check_version(unsigned version, unsigned current, const char* type) {
    if (version > current)
        throw SnapshotError("written by a newer cchc: " + std::string(type) + " has class version " +
                            std::to_string(version) + ", this cchc reads up to " + std::to_string(current) +
                            "; upgrade cchc");
}

/// The payload's root: tables of a model on save, ModelParts on load.
struct Body {
    const TableSet* in = nullptr;
    ModelParts* out = nullptr;
};

}  // namespace cchc::io::snap

// ---------------------------------------------------------------------------
// Class versions: bump one when its serialize() changes, keep reading the old.

#define CCHC_SNAPSHOT_TYPE(T, V)  \
    BOOST_CLASS_VERSION(T, V)     \
    BOOST_CLASS_TRACKING(T, boost::serialization::track_never)

CCHC_SNAPSHOT_TYPE(cchc::ModelInfo, 1)
CCHC_SNAPSHOT_TYPE(cchc::Agency, 1)
CCHC_SNAPSHOT_TYPE(cchc::TaskAssignment, 1)
CCHC_SNAPSHOT_TYPE(cchc::Task, 1)
CCHC_SNAPSHOT_TYPE(cchc::Step, 1)
CCHC_SNAPSHOT_TYPE(cchc::SubmissionMethod, 1)
CCHC_SNAPSHOT_TYPE(cchc::FeeItem, 1)
CCHC_SNAPSHOT_TYPE(cchc::Component, 1)
CCHC_SNAPSHOT_TYPE(cchc::Volume, 1)
CCHC_SNAPSHOT_TYPE(cchc::Procedure, 2)  // 2: online_share, postal_share
CCHC_SNAPSHOT_TYPE(cchc::LegalDocument, 1)
CCHC_SNAPSHOT_TYPE(cchc::Course, 1)
CCHC_SNAPSHOT_TYPE(cchc::CalendarOverride, 1)
CCHC_SNAPSHOT_TYPE(cchc::People, 1)
CCHC_SNAPSHOT_TYPE(cchc::TrainingRecords, 1)
CCHC_SNAPSHOT_TYPE(cchc::io::snap::Body, 1)

#undef CCHC_SNAPSHOT_TYPE

// Non-intrusive serialize() overloads, found by argument-dependent lookup.
namespace cchc {

using io::snap::check_version;
using io::snap::column;
using io::snap::enum_column;
using io::snap::enum_field;
using io::snap::flag;
using io::snap::list;
using io::snap::string_column;
using io::snap::text;

template <class A>
void serialize(A& ar, ModelInfo& x, unsigned version) {
    check_version<ModelInfo>(version, 1, "ModelInfo");
    text(ar, x.name);
    text(ar, x.province);
    text(ar, x.description);
    ar & x.as_of;
}

template <class A>
void serialize(A& ar, Agency& x, unsigned version) {
    check_version<Agency>(version, 1, "Agency");
    text(ar, x.code);
    text(ar, x.name);
    enum_field(ar, x.kind, "agency kind");
    enum_field(ar, x.level, "agency level");
    enum_field(ar, x.territory, "agency territory");
    ar & x.parent & x.valid_from & x.valid_to & x.quota_civil_servants & x.quota_public_employees & x.headcount &
        x.population & x.travel_km;
}

template <class A>
void serialize(A& ar, TaskAssignment& x, unsigned version) {
    check_version<TaskAssignment>(version, 1, "TaskAssignment");
    ar & x.agency;
    enum_field(ar, x.role, "assignment role");
    ar & x.valid_from & x.valid_to;
}

template <class A>
void serialize(A& ar, Task& x, unsigned version) {
    check_version<Task>(version, 1, "Task");
    text(ar, x.code);
    text(ar, x.name);
    text(ar, x.field);
    list(ar, x.assignments, "task assignments");
}

template <class A>
void serialize(A& ar, Step& x, unsigned version) {
    check_version<Step>(version, 1, "Step");
    text(ar, x.name);
    enum_field(ar, x.role, "step role");
    ar & x.responsible & x.duration;
    enum_field(ar, x.unit, "step unit");
    enum_field(ar, x.transfer, "step transfer");
}

template <class A>
void serialize(A& ar, SubmissionMethod& x, unsigned version) {
    check_version<SubmissionMethod>(version, 1, "SubmissionMethod");
    enum_field(ar, x.channel, "method channel");
    ar & x.processing_time;
    enum_field(ar, x.unit, "method unit");
}

template <class A>
void serialize(A& ar, FeeItem& x, unsigned version) {
    check_version<FeeItem>(version, 1, "FeeItem");
    text(ar, x.name);
    enum_field(ar, x.kind, "fee kind");
    ar & x.amount;
}

template <class A>
void serialize(A& ar, Component& x, unsigned version) {
    check_version<Component>(version, 1, "Component");
    text(ar, x.name);
    ar & x.originals & x.copies & x.prep_hours & x.cost;
    flag(ar, x.required, "component required");
    flag(ar, x.notarised, "component notarised");
    flag(ar, x.electronic_form, "component electronic_form");
}

template <class A>
void serialize(A& ar, Volume& x, unsigned version) {
    check_version<Volume>(version, 1, "Volume");
    ar & x.agency & x.annual;
}

template <class A>
void serialize(A& ar, Procedure& x, unsigned version) {
    check_version<Procedure>(version, 2, "Procedure");
    text(ar, x.code);
    text(ar, x.name);
    text(ar, x.field);
    enum_column(ar, x.levels, "procedure levels");
    enum_field(ar, x.type, "procedure type");
    text(ar, x.decision);
    column(ar, x.legal_basis, "procedure legal basis");
    enum_column(ar, x.subjects, "procedure subjects");
    enum_field(ar, x.online_level, "procedure online level");
    ar & x.trips;
    text(ar, x.result);
    list(ar, x.steps, "procedure steps");
    list(ar, x.methods, "procedure methods");
    list(ar, x.fees, "procedure fees");
    list(ar, x.components, "procedure components");
    list(ar, x.volumes, "procedure volumes");
    if (version >= 2) ar & x.online_share & x.postal_share;  // version 1 files: not recorded
}

template <class A>
void serialize(A& ar, LegalDocument& x, unsigned version) {
    check_version<LegalDocument>(version, 1, "LegalDocument");
    text(ar, x.code);
    text(ar, x.title);
    text(ar, x.issuer);
    text(ar, x.kind);
    ar & x.issued & x.effective & x.expired;
    column(ar, x.procedures, "document procedures");
}

template <class A>
void serialize(A& ar, Course& x, unsigned version) {
    check_version<Course>(version, 1, "Course");
    text(ar, x.code);
    text(ar, x.name);
    enum_field(ar, x.content, "course content");
    ar & x.periods & x.days & x.certificate_validity_years;
}

template <class A>
void serialize(A& ar, CalendarOverride& x, unsigned version) {
    check_version<CalendarOverride>(version, 1, "CalendarOverride");
    ar & x.date;
    flag(ar, x.working, "calendar override working");
    text(ar, x.name);
}

template <class A>
void serialize(A& ar, People& x, unsigned version) {
    check_version<People>(version, 1, "People");
    string_column(ar, x.id, "people ids");
    column(ar, x.agency, "people agency");
    enum_column(ar, x.category, "people category");
    enum_column(ar, x.rank_group, "people rank_group");
    column(ar, x.rank, "people rank");
    column(ar, x.position, "people position");
    enum_column(ar, x.leadership, "people leadership");
    column(ar, x.birth_year, "people birth_year");
    enum_column(ar, x.gender, "people gender");
    column(ar, x.ethnicity, "people ethnicity");
    column(ar, x.entered, "people entered");
    column(ar, x.left, "people left");
    string_column(ar, x.strings.values, "people string pool");
    if constexpr (io::snap::loading<A>) {
        x.strings.ids.clear();
        x.strings.ids.reserve(x.strings.values.size());
        for (std::size_t i = 0; i < x.strings.values.size(); ++i)
            x.strings.ids.emplace(x.strings.values[i], static_cast<std::uint32_t>(i));
    }
}

template <class A>
void serialize(A& ar, TrainingRecords& x, unsigned version) {
    check_version<TrainingRecords>(version, 1, "TrainingRecords");
    column(ar, x.offsets, "record offsets");
    column(ar, x.course, "record course");
    column(ar, x.start, "record start");
    column(ar, x.end, "record end");
    column(ar, x.periods, "record periods");
    enum_column(ar, x.result, "record result");
    column(ar, x.certificate, "record certificate");
}

namespace io::snap {

template <class A>
void serialize(A& ar, Body& body, unsigned version) {
    check_version<Body>(version, 1, "snapshot body");
    if constexpr (loading<A>) {
        ModelParts& p = *body.out;
        ar & p.info;
        list(ar, p.agencies, "agencies");
        list(ar, p.tasks, "tasks");
        list(ar, p.procedures, "procedures");
        list(ar, p.documents, "documents");
        list(ar, p.courses, "courses");
        ar & p.people;
        ar & p.records;
        list(ar, p.calendar, "calendar overrides");
    } else {
        // Saving only reads these; the helpers share one signature for both directions.
        const TableSet& t = *body.in;
        ar & const_cast<ModelInfo&>(*t.info);
        list(ar, const_cast<std::vector<Agency>&>(*t.agencies), "agencies");
        list(ar, const_cast<std::vector<Task>&>(*t.tasks), "tasks");
        list(ar, const_cast<std::vector<Procedure>&>(*t.procedures), "procedures");
        list(ar, const_cast<std::vector<LegalDocument>&>(*t.documents), "documents");
        list(ar, const_cast<std::vector<Course>&>(*t.courses), "courses");
        ar & const_cast<People&>(*t.people);
        ar & const_cast<TrainingRecords&>(*t.records);
        list(ar, const_cast<std::vector<CalendarOverride>&>(*t.calendar), "calendar overrides");
    }
}

}  // namespace io::snap
}  // namespace cchc

// ---------------------------------------------------------------------------
// Header, checksums, public functions

namespace cchc::io {

namespace {

constexpr std::uint64_t P1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t P2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t P3 = 0x165667B19E3779F9ULL;
constexpr std::uint64_t P4 = 0x85EBCA77C2B2AE63ULL;
constexpr std::uint64_t P5 = 0x27D4EB2F165667C5ULL;

constexpr std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

std::uint64_t read64(const unsigned char* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];  // little-endian on every host
    return v;
}
std::uint32_t read32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
void write64(char* p, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
void write32(char* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

constexpr std::uint64_t round64(std::uint64_t acc, std::uint64_t input) {
    return rotl(acc + input * P2, 31) * P1;
}
constexpr std::uint64_t merge64(std::uint64_t acc, std::uint64_t v) { return (acc ^ round64(0, v)) * P1 + P4; }

constexpr std::size_t kOffVersion = 8, kOffHeaderSize = 12, kOffLength = 16, kOffChecksum = 24, kOffFlags = 32,
                      kOffHeaderChecksum = 40;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw SnapshotError("snapshot '" + source + "': " + what);
}

std::string hex_prefix(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < std::min<std::size_t>(bytes.size(), 8); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (i) out += ' ';
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

/// Names a foreign file by its first bytes.
std::string foreign_kind(std::string_view bytes) {
    const auto b0 = static_cast<unsigned char>(bytes[0]);
    if (bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06")) return "a zip archive";
    if (bytes.starts_with("\x1f\x8b")) return "a gzip file (a .json.gz model? load it by its .json.gz name)";
    if (b0 == 0x80 && bytes.size() > 1 && static_cast<unsigned char>(bytes[1]) <= 5) return "a Python pickle";
    std::size_t i = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) ++i;
    if (i < bytes.size() && (bytes[i] == '{' || bytes[i] == '['))
        return "a JSON document (JSON models load from .json files)";
    if (bytes.starts_with("22 serialization::archive") || bytes.find("serialization::archive") < 16)
        return "a bare Boost archive without the cchc header";
    return "of unknown kind (first bytes " + hex_prefix(bytes) + ")";
}

/// The first bytes of every binary archive this Boost writes: the length of the
/// signature string and the signature itself.
const std::string& archive_signature() {
    static const std::string prefix = [] {
        std::string bytes;
        {
            snap::StringOut sink(bytes);
            boost::archive::binary_oarchive ar(sink);
        }
        return bytes.substr(0, sizeof(std::size_t) + std::strlen(boost::archive::BOOST_ARCHIVE_SIGNATURE()));
    }();
    return prefix;
}

}  // namespace

std::uint64_t xxh64(std::string_view data, std::uint64_t seed) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    const std::size_t len = data.size();
    const unsigned char* const end = p + len;
    std::uint64_t h;
    if (len >= 32) {
        std::uint64_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
        const unsigned char* const limit = end - 32;
        do {
            v1 = round64(v1, read64(p));
            v2 = round64(v2, read64(p + 8));
            v3 = round64(v3, read64(p + 16));
            v4 = round64(v4, read64(p + 24));
            p += 32;
        } while (p <= limit);
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        h = merge64(h, v1);
        h = merge64(h, v2);
        h = merge64(h, v3);
        h = merge64(h, v4);
    } else {
        h = seed + P5;
    }
    h += static_cast<std::uint64_t>(len);
    while (p + 8 <= end) {
        h ^= round64(0, read64(p));
        h = rotl(h, 27) * P1 + P4;
        p += 8;
    }
    if (p + 4 <= end) {
        h ^= static_cast<std::uint64_t>(read32(p)) * P1;
        h = rotl(h, 23) * P2 + P3;
        p += 4;
    }
    while (p < end) {
        h ^= static_cast<std::uint64_t>(*p) * P5;
        h = rotl(h, 11) * P1;
        ++p;
    }
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

SnapshotInfo snapshot_info(std::string_view bytes, const std::string& source) {
    if (bytes.empty()) fail(source, "the file is empty (0 bytes), not a cchc snapshot");
    const std::size_t magic_seen = std::min(bytes.size(), kSnapshotMagic.size());
    if (bytes.substr(0, magic_seen) != kSnapshotMagic.substr(0, magic_seen))
        fail(source, "not a cchc snapshot: the file is " + foreign_kind(bytes));
    const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
    if (bytes.size() < 16)
        fail(source, "truncated: " + std::to_string(bytes.size()) + " bytes, shorter than the snapshot header");
    const std::uint32_t version = read32(u + kOffVersion);
    const std::uint32_t header_size = read32(u + kOffHeaderSize);
    if (header_size < kSnapshotHeaderSize || header_size > 4096 || header_size % 8 != 0)
        fail(source, "corrupted header: header size " + std::to_string(header_size) + " is impossible");
    if (bytes.size() < header_size)
        fail(source, "truncated: " + std::to_string(bytes.size()) + " bytes, shorter than the " +
                         std::to_string(header_size) + "-byte header");
    const std::uint64_t header_sum = read64(u + header_size - 8);
    if (xxh64(bytes.substr(0, header_size - 8)) != header_sum)
        fail(source, "corrupted header: its checksum does not match (bit flip or overwritten bytes)");
    if (version > kSnapshotFormatVersion)
        fail(source, "written by a newer cchc: snapshot format version " + std::to_string(version) +
                         ", this cchc reads versions 1.." + std::to_string(kSnapshotFormatVersion) + "; upgrade cchc");
    if (version == 0 || header_size != kSnapshotHeaderSize)
        fail(source, "corrupted header: format version " + std::to_string(version) + " with a " +
                         std::to_string(header_size) + "-byte header");
    // Reserved for later versions, written as zeros: anything else is damage or forgery.
    if (const std::uint64_t reserved = read64(u + kOffFlags); reserved != 0)
        fail(source, "corrupted header: the reserved bytes " + std::to_string(kOffFlags) + ".." +
                         std::to_string(kOffFlags + 7) + " are not zero (" + hex_prefix(bytes.substr(kOffFlags, 8)) +
                         ")");
    SnapshotInfo info;
    info.format_version = version;
    info.payload_length = read64(u + kOffLength);
    info.payload_checksum = read64(u + kOffChecksum);
    const std::uint64_t have = bytes.size() - header_size;
    if (have < info.payload_length)
        fail(source, "truncated: the payload has " + std::to_string(have) + " of " +
                         std::to_string(info.payload_length) + " bytes (an interrupted copy or download?)");
    if (have > info.payload_length)
        fail(source, "corrupted: " + std::to_string(have - info.payload_length) +
                         " unexpected bytes after the payload");
    return info;
}

std::string snapshot_dumps(const Model& model) {
    std::string out(kSnapshotHeaderSize, '\0');
    {
        snap::StringOut sink(out);
        boost::archive::binary_oarchive ar(sink);
        const snap::Body body{&model.tables(), nullptr};
        ar << body;
    }
    const std::string_view payload = std::string_view(out).substr(kSnapshotHeaderSize);
    char* h = out.data();
    std::memcpy(h, kSnapshotMagic.data(), kSnapshotMagic.size());
    write32(h + kOffVersion, kSnapshotFormatVersion);
    write32(h + kOffHeaderSize, static_cast<std::uint32_t>(kSnapshotHeaderSize));
    write64(h + kOffLength, payload.size());
    write64(h + kOffChecksum, xxh64(payload));
    write32(h + kOffFlags, 0);
    write32(h + kOffFlags + 4, 0);
    write64(h + kOffHeaderChecksum, xxh64(std::string_view(out).substr(0, kOffHeaderChecksum)));
    return out;
}

Shared<Model> snapshot_loads(std::string_view bytes, const std::string& source) {
    const SnapshotInfo info = snapshot_info(bytes, source);
    const std::string_view payload = bytes.substr(kSnapshotHeaderSize);
    if (xxh64(payload) != info.payload_checksum)
        fail(source, "corrupted: the payload checksum does not match (bit flip or overwritten bytes)");

    // Boost reads its archive signature with a length taken from the stream and
    // allocates that much before comparing (found by fuzz_snapshot: a 2 GB
    // request). Compare the signature ourselves first.
    if (!payload.starts_with(archive_signature()))
        fail(source, "damaged payload: it does not start with a Boost binary archive signature");

    ModelParts parts;
    try {
        snap::MemoryIn in(payload.data(), payload.size());
        snap::t_input = &in;
        struct Reset {
            ~Reset() { snap::t_input = nullptr; }
        } reset;
        boost::archive::binary_iarchive ar(in);
        snap::Body body{nullptr, &parts};
        ar >> body;
        if (in.remaining() != 0)
            fail(source, "damaged payload: " + std::to_string(in.remaining()) + " bytes left after the model");
    } catch (const SnapshotError& e) {
        const std::string what = e.what();
        if (what.starts_with("snapshot '")) throw;
        fail(source, what);
    } catch (const std::exception& e) {
        // A payload with a valid checksum that Boost cannot decode: forged or
        // written by a broken build.
        fail(source, std::string("damaged payload: ") + e.what());
    }
    try {
        return Model::build(std::move(parts), {}, source);
    } catch (const ValidationError& e) {
        std::string msg = "invalid model inside the snapshot (" + std::to_string(e.problems().size()) + " problems)";
        std::size_t shown = 0;
        for (const auto& p : e.problems()) {
            if (p.severity != Severity::error) continue;
            msg += "; " + p.to_string();
            if (++shown == 3) break;
        }
        fail(source, msg);
    }
}

void save_snapshot(const Model& model, const std::string& path) { write_file_atomic(path, snapshot_dumps(model)); }

Shared<Model> load_snapshot(const std::string& path) { return snapshot_loads(read_file(path), path); }

}  // namespace cchc::io
