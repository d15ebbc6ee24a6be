#include "cchc/synthetic.hpp"

#include "cchc/random.hpp"
#include "cchc/sim/rng.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cchc {

namespace {

// ---------------------------------------------------------------------------
// Random numbers: splitmix64 seeding, xoshiro256** stream, our own distributions
// (integer arithmetic and + - * / only, so every machine draws the same values).

// The simulation's xoshiro256** with this generator's own seeding (kept so that
// a seed still gives the same national model), plus the draws synthetic data needs.
class Rng : public sim::Rng {
  public:
    Rng(std::uint64_t seed, std::uint64_t stream) : sim::Rng(seeded(seed, stream)) {}
    bool chance(double p) { return uniform() < p; }
    std::int32_t between(std::int32_t lo, std::int32_t hi) {  // inclusive
        return lo + static_cast<std::int32_t>(below(static_cast<std::uint32_t>(hi - lo + 1)));
    }
    /// Index drawn with the given (unnormalised, non-negative) weights.
    template <class W>
    std::size_t pick(const W& weights) {
        double total = 0;
        for (double w : weights) total += w;
        double u = uniform() * total;
        std::size_t i = 0;
        for (double w : weights) {
            if (u < w) return i;
            u -= w;
            ++i;
        }
        // Rounding left u on the edge: the last non-zero weight.
        for (std::size_t k = std::size(weights); k-- > 0;)
            if (weights[k] > 0) return k;
        return 0;
    }

  private:
    static sim::Rng seeded(std::uint64_t seed, std::uint64_t stream) {
        std::uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ULL);
        const std::uint64_t s0 = splitmix64(x), s1 = splitmix64(x), s2 = splitmix64(x), s3 = splitmix64(x);
        return sim::Rng::from_state(s0, s1, s2, s3);
    }
};

/// Splits `total` into parts proportional to `weights`, exactly (cumulative rounding).
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
    double sum = 0;
    for (double w : weights) sum += w;
    std::vector<std::int64_t> out(weights.size(), 0);
    if (sum <= 0 || weights.empty()) return out;
    double cum = 0;
    std::int64_t prev = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        cum += weights[i];
        const auto upto = i + 1 == weights.size() ? total
                                                  : static_cast<std::int64_t>(static_cast<double>(total) * (cum / sum) + 0.5);
        out[i] = std::max<std::int64_t>(0, upto - prev);
        prev = std::max(prev, upto);
    }
    return out;
}

std::string pad(std::int64_t n, int width) {
    std::string s = std::to_string(n);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width - static_cast<int>(s.size())), '0');
    return s;
}

// ---------------------------------------------------------------------------
// Vocabulary

// The 34 provincial-level units from 1 July 2025; the first six are centrally-run cities.
constexpr std::array<std::string_view, 34> kProvinces = {
    "Hà Nội",    "Huế",       "Hải Phòng", "Đà Nẵng",   "Hồ Chí Minh", "Cần Thơ",   "Lai Châu",
    "Điện Biên", "Sơn La",    "Lạng Sơn",  "Quảng Ninh", "Thanh Hóa",  "Nghệ An",   "Hà Tĩnh",
    "Cao Bằng",  "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",   "Bắc Ninh",  "Hưng Yên",
    "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai",   "Khánh Hòa",  "Lâm Đồng",  "Đắk Lắk",
    "Đồng Nai",  "Tây Ninh",  "Vĩnh Long", "Đồng Tháp",  "Cà Mau",     "An Giang"};
constexpr std::size_t kCities = 6;
constexpr std::size_t kLaiChau = 6;

struct Department {
    std::string_view abbr;
    std::string_view name;
    std::string_view field;  // the procedures' field (lĩnh vực) it implements
};
constexpr std::array<Department, 14> kDepartments = {{
    {"VP", "Văn phòng Ủy ban nhân dân", "Tổng hợp"},
    {"SNV", "Sở Nội vụ", "Nội vụ"},
    {"STP", "Sở Tư pháp", "Tư pháp"},
    {"STC", "Sở Tài chính", "Đầu tư"},
    {"SCT", "Sở Công Thương", "Công thương"},
    {"SNNMT", "Sở Nông nghiệp và Môi trường", "Đất đai"},
    {"SXD", "Sở Xây dựng", "Xây dựng"},
    {"SGDDT", "Sở Giáo dục và Đào tạo", "Giáo dục"},
    {"SYT", "Sở Y tế", "Y tế"},
    {"SKHCN", "Sở Khoa học và Công nghệ", "Khoa học, công nghệ"},
    {"SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Văn hóa"},
    {"SDTTG", "Sở Dân tộc và Tôn giáo", "Dân tộc, tôn giáo"},
    {"TT", "Thanh tra tỉnh", "Thanh tra"},
    {"SNgV", "Sở Ngoại vụ", "Ngoại vụ"},
}};
constexpr std::size_t kEducation = 7, kHealth = 8;

// Commune-level procedure fields, each handled by the commune People's Committee.
constexpr std::array<std::string_view, 10> kCommuneFields = {
    "Hộ tịch", "Chứng thực", "Đất đai", "Bảo trợ xã hội", "Người có công",
    "Xây dựng", "Hộ kinh doanh", "Giáo dục", "Thi đua, khen thưởng", "Tôn giáo"};

constexpr std::array<std::string_view, 10> kVerbs = {"Cấp",        "Cấp lại",  "Cấp đổi",   "Gia hạn", "Đăng ký",
                                                     "Điều chỉnh", "Công nhận", "Thẩm định", "Xác nhận", "Thu hồi"};

constexpr std::array<std::string_view, 12> kComponents = {
    "Tờ khai theo mẫu",     "Đơn đề nghị",         "Bản sao căn cước",         "Giấy khai sinh",
    "Giấy xác nhận",        "Bản vẽ thiết kế",     "Giấy chứng nhận quyền sử dụng đất", "Hợp đồng",
    "Báo cáo thuyết minh",  "Quyết định của cơ quan có thẩm quyền", "Ảnh 4x6",   "Giấy ủy quyền"};

constexpr std::array<std::string_view, 16> kSyllables = {"Tân", "Phúc", "Hòa", "An",   "Bình", "Thanh", "Minh", "Đông",
                                                         "Nà",  "Bản", "Mường", "Sơn", "Hưng", "Long", "Phú",  "Thịnh"};

// Minority ethnic groups (weights roughly by national size; unconfirmed).
constexpr std::array<std::string_view, 12> kMinorities = {"Tày",  "Thái", "Mường", "Khmer", "Mông",   "Nùng",
                                                          "Dao",  "Hoa",  "Gia Rai", "Ê Đê", "Ba Na", "Xơ Đăng"};
constexpr std::array<double, 12> kMinorityWeights = {1.85, 1.82, 1.45, 1.32, 1.39, 1.08, 0.89, 0.75, 0.51, 0.40, 0.29, 0.21};

struct CourseDef {
    std::string_view code;
    std::string_view name;
    CourseContent content;
    double periods;
    double days;
    std::int32_t validity;
    bool certificate;
};
// Programmes under Decree 101/2017 (amended 89/2021) and 171/2025; periods are typical, unconfirmed.
constexpr std::array<CourseDef, 19> kCourses = {{
    {"QLNN-CVCC", "Quản lý nhà nước ngạch chuyên viên cao cấp", CourseContent::state_management, 320, 40, 0, true},
    {"QLNN-CVC", "Quản lý nhà nước ngạch chuyên viên chính", CourseContent::state_management, 280, 35, 0, true},
    {"QLNN-CV", "Quản lý nhà nước ngạch chuyên viên", CourseContent::state_management, 240, 30, 0, true},
    {"LLCT-SC", "Lý luận chính trị sơ cấp", CourseContent::political_theory, 200, 25, 0, true},
    {"LLCT-TC", "Lý luận chính trị trung cấp", CourseContent::political_theory, 600, 75, 0, true},
    {"LLCT-CC", "Lý luận chính trị cao cấp", CourseContent::political_theory, 1200, 150, 0, true},
    {"QPAN-4", "Kiến thức quốc phòng và an ninh đối tượng 4", CourseContent::defence_security, 40, 5, 0, true},
    {"QPAN-3", "Kiến thức quốc phòng và an ninh đối tượng 3", CourseContent::defence_security, 80, 10, 0, true},
    {"LD-PHONG", "Bồi dưỡng lãnh đạo cấp phòng", CourseContent::leadership, 80, 10, 0, true},
    {"LD-SO", "Bồi dưỡng lãnh đạo cấp sở", CourseContent::leadership, 160, 20, 0, true},
    {"VTVL", "Bồi dưỡng theo vị trí việc làm", CourseContent::job_position, 40, 5, 0, false},
    {"VTVL-CCHC", "Nghiệp vụ cải cách hành chính", CourseContent::job_position, 24, 3, 0, false},
    {"VTVL-MOTCUA", "Nghiệp vụ một cửa, một cửa liên thông", CourseContent::job_position, 16, 2, 0, false},
    {"CNKT", "Cập nhật kiến thức hằng năm (40 tiết)", CourseContent::knowledge_update, 40, 5, 1, false},
    {"KNS-CB", "Kỹ năng số cơ bản", CourseContent::digital_skills, 16, 2, 3, true},
    {"KNS-NC", "Chuyển đổi số và đổi mới sáng tạo", CourseContent::digital_skills, 24, 3, 3, true},
    {"CDX", "Bồi dưỡng chức danh cán bộ, công chức cấp xã", CourseContent::commune_title, 80, 10, 0, true},
    {"VC-CDNN", "Tiêu chuẩn chức danh nghề nghiệp viên chức", CourseContent::job_position, 160, 20, 0, true},
    {"NN-TH", "Ngoại ngữ, tin học", CourseContent::other, 60, 8, 0, false},
}};
enum CourseId : std::size_t {
    kCvcc, kCvc, kCv, kLlctSc, kLlctTc, kLlctCc, kQpan4, kQpan3, kLdPhong, kLdSo, kVtvl, kVtvlCchc, kVtvlMotcua,
    kCnkt, kKnsCb, kKnsNc, kCdx, kVcCdnn, kNnTh, kCourseCount
};

// What an agency is, for staffing and staff composition.
enum class Role : std::uint8_t {
    ppc_province, service_centre_province, department, board, psu_province, high_school, hospital,
    ppc_commune, service_centre_commune, kindergarten, primary_school, secondary_school, health_station
};
// Relative staffing (people per unit; national totals are scaled to `people`). Unconfirmed.
double staff_weight(Role r) {
    switch (r) {
        case Role::ppc_province: return 40;
        case Role::service_centre_province: return 25;
        case Role::department: return 70;
        case Role::board: return 30;
        case Role::psu_province: return 40;
        case Role::high_school: return 60;
        case Role::hospital: return 300;
        case Role::ppc_commune: return 35;
        case Role::service_centre_commune: return 6;
        case Role::kindergarten: return 25;
        case Role::primary_school: return 35;
        case Role::secondary_school: return 35;
        case Role::health_station: return 10;
    }
    return 1;
}
// Shares of can_bo, cong_chuc, vien_chuc by unit.
std::array<double, 3> category_mix(Role r) {
    switch (r) {
        case Role::ppc_province: return {0.25, 0.75, 0.0};
        case Role::ppc_commune: return {0.40, 0.60, 0.0};
        case Role::service_centre_province:
        case Role::service_centre_commune: return {0.0, 0.80, 0.20};
        case Role::department:
        case Role::board: return {0.0, 0.90, 0.10};
        default: return {0.0, 0.0, 1.0};
    }
}
std::string_view staff_position(Role r, std::size_t variant) {
    switch (r) {
        case Role::high_school:
        case Role::kindergarten:
        case Role::primary_school:
        case Role::secondary_school: return "Giáo viên";
        case Role::hospital:
        case Role::health_station: return variant % 3 == 0 ? "Bác sĩ" : "Điều dưỡng";
        case Role::psu_province: return "Viên chức chuyên môn";
        default: return "Chuyên viên";
    }
}

struct AgencyBuild {
    Role role;
    std::int32_t province;
};

}  // namespace

ModelParts synthetic_parts(const SyntheticOptions& o) {
    if (o.provinces < 1) throw std::invalid_argument("synthetic: provinces must be at least 1");
    if (o.communes < o.provinces) throw std::invalid_argument("synthetic: communes must be at least provinces");
    if (o.people < 0 || o.records_per_person < 0 || o.province_procedures < 0 || o.commune_procedures < 0 ||
        o.population < 0 || o.dossiers_per_resident < 0)
        throw std::invalid_argument("synthetic: counts must not be negative");
    if (o.province_procedures + o.commune_procedures > 999'999)
        throw std::invalid_argument("synthetic: at most 999,999 procedures");

    ModelParts parts;
    parts.info.name = "Việt Nam (synthetic, seed " + std::to_string(o.seed) + ")";
    parts.info.province = "";
    parts.info.description =
        "National-scale synthetic model: " + std::to_string(o.provinces) + " provinces, " + std::to_string(o.communes) +
        " commune-level units, " + std::to_string(o.people) +
        " people. Two-tier local government (from 2025-07-01). Invented data, see docs/synthetic.md.";
    parts.info.as_of = o.as_of;
    const int as_of_year = static_cast<int>(to_ymd(o.as_of).year());
    const Date two_tier = make_date(2025, 7, 1);

    // --- Territory --------------------------------------------------------------
    Rng terr(o.seed, 1);
    const auto P = static_cast<std::size_t>(o.provinces);
    std::vector<double> pweight(P);
    for (auto& w : pweight) w = 0.3 + 1.4 * terr.uniform();
    std::vector<std::int64_t> ncommunes(P, 1);
    {
        auto extra = apportion(o.communes - o.provinces, pweight);
        for (std::size_t p = 0; p < P; ++p) ncommunes[p] += extra[p];
        // Lai Châu has 38 commune-level units from 2025 (36 communes, 2 wards).
        if (P == kProvinces.size() && o.communes == 3321) {
            const std::int64_t delta = ncommunes[kLaiChau] - 38;
            ncommunes[kLaiChau] = 38;
            ncommunes[0] += delta;
        }
    }
    std::vector<double> ppop_w(P);
    for (std::size_t p = 0; p < P; ++p) ppop_w[p] = static_cast<double>(ncommunes[p]) * (0.6 + 0.8 * terr.uniform());
    const auto ppop = apportion(o.population, ppop_w);

    auto& ag = parts.agencies;
    std::vector<AgencyBuild> meta;
    auto add = [&](std::string code, std::string name, AgencyKind kind, Level level, Territory terr_kind, Index parent,
                   Role role, std::int32_t province) {
        Agency a;
        a.code = std::move(code);
        a.name = std::move(name);
        a.kind = kind;
        a.level = level;
        a.territory = terr_kind;
        a.parent = parent;
        ag.push_back(std::move(a));
        meta.push_back({role, province});
        return static_cast<Index>(ag.size() - 1);
    };

    std::vector<Index> province_ppc(P), province_centre(P);
    std::vector<std::array<Index, kDepartments.size()>> dept(P);
    std::vector<std::vector<Index>> commune_ppc(P);
    std::vector<double> minority_share(P);
    for (std::size_t p = 0; p < P; ++p) {
        const std::string pcode = "T" + pad(static_cast<std::int64_t>(p + 1), 2);
        const std::string pname = p < kProvinces.size() ? std::string(kProvinces[p]) : "Tỉnh " + std::to_string(p + 1);
        const bool city = p < kCities && p < kProvinces.size();
        const std::string prefix = city ? "thành phố " : "tỉnh ";
        const Index ppc = add(pcode + "-UBND", "Ủy ban nhân dân " + prefix + pname, AgencyKind::provincial_people_committee,
                              Level::province, city ? Territory::city : Territory::province, kNone, Role::ppc_province,
                              static_cast<std::int32_t>(p));
        ag[static_cast<std::size_t>(ppc)].population = ppop[p];
        ag[static_cast<std::size_t>(ppc)].travel_km = 20.0 + 0.25 * terr.between(0, 240);
        province_ppc[p] = ppc;
        province_centre[p] = add(pcode + "-TTPVHCC", "Trung tâm Phục vụ hành chính công " + prefix + pname,
                                 AgencyKind::service_centre, Level::province, Territory::none, ppc,
                                 Role::service_centre_province, static_cast<std::int32_t>(p));
        ag[static_cast<std::size_t>(province_centre[p])].valid_from = two_tier;
        ag[static_cast<std::size_t>(province_centre[p])].travel_km = ag[static_cast<std::size_t>(ppc)].travel_km;
        for (std::size_t d = 0; d < kDepartments.size(); ++d) {
            const auto& dep = kDepartments[d];
            const std::string name = d == 0 || d == 12 ? std::string(dep.name) + " " + prefix + pname : std::string(dep.name);
            dept[p][d] = add(pcode + "-" + std::string(dep.abbr), name, AgencyKind::department, Level::province,
                             Territory::none, ppc, Role::department, static_cast<std::int32_t>(p));
            for (int k = 1; k <= 2; ++k)
                add(pcode + "-" + std::string(dep.abbr) + "-DV" + std::to_string(k),
                    "Trung tâm trực thuộc " + std::string(dep.name) + " số " + std::to_string(k),
                    AgencyKind::public_service_unit, Level::province, Territory::none, dept[p][d], Role::psu_province,
                    static_cast<std::int32_t>(p));
        }
        add(pcode + "-BQLKCN", "Ban Quản lý các khu công nghiệp " + prefix + pname, AgencyKind::board, Level::province,
            Territory::none, ppc, Role::board, static_cast<std::int32_t>(p));
        for (std::int64_t k = 1; k <= (ncommunes[p] + 7) / 8; ++k)
            add(pcode + "-THPT" + pad(k, 3), "Trường Trung học phổ thông số " + std::to_string(k),
                AgencyKind::public_service_unit, Level::province, Territory::none, dept[p][kEducation], Role::high_school,
                static_cast<std::int32_t>(p));
        for (std::int64_t k = 1; k <= (ncommunes[p] + 14) / 15; ++k)
            add(pcode + "-BV" + pad(k, 3), "Bệnh viện đa khoa khu vực số " + std::to_string(k),
                AgencyKind::public_service_unit, Level::province, Territory::none, dept[p][kHealth], Role::hospital,
                static_cast<std::int32_t>(p));

        // Commune-level units: ~20.7% wards and 13 special zones nationally (687 and 13 of 3,321).
        minority_share[p] = p == kLaiChau ? 0.85 : 0.03 + 0.6 * terr.uniform() * terr.uniform();
        std::vector<double> cpop_w(static_cast<std::size_t>(ncommunes[p]));
        std::vector<Territory> ckind(cpop_w.size());
        const bool lai_chau = p == kLaiChau && P == kProvinces.size();
        for (std::size_t c = 0; c < cpop_w.size(); ++c) {
            const double u = terr.uniform();
            ckind[c] = lai_chau ? (c < 2 ? Territory::ward : Territory::commune)
                       : u < (city ? 0.55 : 0.17) ? Territory::ward
                       : u > 0.996                ? Territory::township  // stands for a special zone (đặc khu)
                                                  : Territory::commune;
            cpop_w[c] = (ckind[c] == Territory::ward ? 1.6 : 1.0) * (0.4 + 1.2 * terr.uniform());
        }
        const auto cpop = apportion(ppop[p], cpop_w);
        for (std::size_t c = 0; c < cpop_w.size(); ++c) {
            const std::string ccode = pcode + "-X" + pad(static_cast<std::int64_t>(c + 1), 4);
            const std::string cname = std::string(kSyllables[terr.below(kSyllables.size())]) + " " +
                                      std::string(kSyllables[terr.below(kSyllables.size())]);
            const std::string_view unit = ckind[c] == Territory::ward       ? "phường "
                                          : ckind[c] == Territory::township ? "đặc khu "
                                                                            : "xã ";
            const Index cp = add(ccode + "-UBND", "Ủy ban nhân dân " + std::string(unit) + cname,
                                 AgencyKind::commune_people_committee, Level::commune, ckind[c], ppc, Role::ppc_commune,
                                 static_cast<std::int32_t>(p));
            auto& a = ag[static_cast<std::size_t>(cp)];
            a.valid_from = two_tier;
            a.population = cpop[c];
            // Mean distance to the desk: short in wards, long in upland communes.
            a.travel_km = ckind[c] == Territory::ward ? 1.0 + 0.05 * terr.between(0, 60)
                                                      : 3.0 + 0.1 * terr.between(0, 170) * (0.5 + minority_share[p]);
            commune_ppc[p].push_back(cp);
            const double travel_km = a.travel_km;  // `a` dangles once add() grows the agency vector
            const Index desk = add(ccode + "-TTPV", "Trung tâm phục vụ hành chính công " + std::string(unit) + cname,
                                   AgencyKind::service_centre, Level::commune, Territory::none, cp,
                                   Role::service_centre_commune, static_cast<std::int32_t>(p));
            ag[static_cast<std::size_t>(desk)].valid_from = two_tier;
            ag[static_cast<std::size_t>(desk)].travel_km = travel_km;
            add(ccode + "-MN", "Trường Mầm non " + cname, AgencyKind::public_service_unit, Level::commune, Territory::none,
                cp, Role::kindergarten, static_cast<std::int32_t>(p));
            add(ccode + "-TH", "Trường Tiểu học " + cname, AgencyKind::public_service_unit, Level::commune,
                Territory::none, cp, Role::primary_school, static_cast<std::int32_t>(p));
            add(ccode + "-THCS", "Trường Trung học cơ sở " + cname, AgencyKind::public_service_unit, Level::commune,
                Territory::none, cp, Role::secondary_school, static_cast<std::int32_t>(p));
            add(ccode + "-TYT", "Trạm Y tế " + std::string(unit) + cname, AgencyKind::public_service_unit, Level::commune,
                Territory::none, cp, Role::health_station, static_cast<std::int32_t>(p));
        }
    }

    // --- People ------------------------------------------------------------------
    People& pe = parts.people;
    TrainingRecords& rec = parts.records;
    auto& pool = pe.strings;
    const std::uint32_t s_none = pool.intern("");
    const std::uint32_t s_kinh = pool.intern("Kinh");
    std::array<std::uint32_t, kMinorities.size()> s_minority{};
    for (std::size_t i = 0; i < kMinorities.size(); ++i) s_minority[i] = pool.intern(kMinorities[i]);
    const std::array<std::uint32_t, 5> s_rank = {s_none, pool.intern("01.001 Chuyên viên cao cấp"),
                                                 pool.intern("01.002 Chuyên viên chính"), pool.intern("01.003 Chuyên viên"),
                                                 pool.intern("01.004 Cán sự")};
    const std::array<std::uint32_t, 3> s_vc_rank = {pool.intern("Chức danh nghề nghiệp hạng I"),
                                                    pool.intern("Chức danh nghề nghiệp hạng II"),
                                                    pool.intern("Chức danh nghề nghiệp hạng III")};
    const std::array<std::uint32_t, 5> s_lead = {0, pool.intern("Phó trưởng phòng"), pool.intern("Trưởng phòng"),
                                                 pool.intern("Phó giám đốc"), pool.intern("Giám đốc")};
    const std::array<std::uint32_t, 3> s_can_bo = {pool.intern("Chủ tịch Ủy ban nhân dân"),
                                                   pool.intern("Phó Chủ tịch Ủy ban nhân dân"),
                                                   pool.intern("Ủy viên")};

    std::vector<double> staff_w(ag.size());
    for (std::size_t a = 0; a < ag.size(); ++a) staff_w[a] = staff_weight(meta[a].role);
    const auto staff = apportion(o.people, staff_w);
    pe.reserve(static_cast<std::size_t>(o.people));

    Rng prng(o.seed, 2);
    std::vector<std::int32_t> cs_count(ag.size(), 0), pe_count(ag.size(), 0);
    std::int64_t next_id = 1;
    for (std::size_t a = 0; a < ag.size(); ++a) {
        const auto mix = category_mix(meta[a].role);
        const auto prov = static_cast<std::size_t>(meta[a].province);
        for (std::int64_t k = 0; k < staff[a]; ++k) {
            pe.id.push_back("P" + pad(next_id++, 8));
            pe.agency.push_back(static_cast<Index>(a));
            const auto cat = static_cast<PersonCategory>(prng.pick(mix));
            pe.category.push_back(cat);
            RankGroup rg = RankGroup::none;
            std::uint32_t rank = s_none, position = pool.intern(staff_position(meta[a].role, static_cast<std::size_t>(k)));
            Leadership lead = Leadership::none;
            if (cat == PersonCategory::cong_chuc) {
                // Rank groups A/B/C/D: 3% / 22% / 65% / 10% (unconfirmed).
                rg = static_cast<RankGroup>(1 + prng.pick(std::array<double, 4>{0.03, 0.22, 0.65, 0.10}));
                rank = s_rank[static_cast<std::size_t>(rg)];
                // Leaders: 5% division deputies, 3% heads, 1.5% department deputies, 0.5% heads.
                lead = static_cast<Leadership>(prng.pick(std::array<double, 5>{0.90, 0.05, 0.03, 0.015, 0.005}));
                if (lead != Leadership::none) position = s_lead[static_cast<std::size_t>(lead)];
                ++cs_count[a];
            } else if (cat == PersonCategory::vien_chuc) {
                rank = s_vc_rank[prng.pick(std::array<double, 3>{0.05, 0.35, 0.60})];
                if (prng.chance(0.04)) lead = prng.chance(0.6) ? Leadership::division_deputy : Leadership::division_head;
                ++pe_count[a];
            } else {
                position = s_can_bo[prng.pick(std::array<double, 3>{0.1, 0.2, 0.7})];
                lead = position == s_can_bo[0] ? Leadership::department_head
                       : position == s_can_bo[1] ? Leadership::department_deputy
                                                 : Leadership::none;
                ++cs_count[a];
            }
            pe.rank_group.push_back(rg);
            pe.rank.push_back(rank);
            pe.position.push_back(position);
            pe.leadership.push_back(lead);
            // Age 22..60, triangular (sum of two uniforms), peak at 41.
            const int age = 22 + static_cast<int>(19.0 * (prng.uniform() + prng.uniform()));
            const int birth = as_of_year - age;
            pe.birth_year.push_back(static_cast<std::int16_t>(birth));
            const double female = cat == PersonCategory::vien_chuc ? 0.62 : 0.42;
            pe.gender.push_back(prng.chance(female) ? Gender::female : Gender::male);
            pe.ethnicity.push_back(prng.chance(minority_share[prov]) ? s_minority[prng.pick(kMinorityWeights)] : s_kinh);
            const int entry_year = birth + 22 + static_cast<int>(prng.below(static_cast<std::uint32_t>(std::min(9, age - 21))));
            Date entered = make_date(std::min(entry_year, as_of_year), 1, 1) + static_cast<Date>(prng.below(365));
            entered = std::min(entered, o.as_of);
            pe.entered.push_back(entered);
            Date left = kNoDate;
            if (prng.chance(0.02)) left = std::max(entered, o.as_of - static_cast<Date>(prng.below(700)));
            pe.left.push_back(left);
        }
    }
    for (std::size_t a = 0; a < ag.size(); ++a) {
        auto& x = ag[a];
        x.headcount = cs_count[a] + pe_count[a];
        // Quotas (biên chế): a little above the civil servants employed; public employees likewise.
        x.quota_civil_servants = cs_count[a] + (cs_count[a] + 19) / 20;
        x.quota_public_employees = pe_count[a] + (pe_count[a] + 32) / 33;
    }

    // --- Courses and training records --------------------------------------------
    for (const auto& c : kCourses) {
        Course course;
        course.code = std::string(c.code);
        course.name = std::string(c.name);
        course.content = c.content;
        course.periods = c.periods;
        course.days = c.days;
        course.certificate_validity_years = c.validity;
        parts.courses.push_back(std::move(course));
    }
    const std::size_t np = pe.size();
    const Date history_start = make_date(2010, 1, 1);
    const Date knowledge_update_end = make_date(2021, 12, 10);  // Decree 89/2021 abolished annual updating
    const Date digital_push = make_date(2025, 7, 1);             // Decree 171/2025
    double mean_service = 0;
    for (std::size_t i = 0; i < np; ++i)
        mean_service += static_cast<double>(o.as_of - std::max(pe.entered[i], history_start) + 1);
    mean_service = np ? mean_service / static_cast<double>(np) : 1.0;

    Rng rrng(o.seed, 3);
    rec.offsets.assign(1, 0);
    rec.offsets.reserve(np + 1);
    const auto expected = static_cast<std::size_t>(static_cast<double>(np) * o.records_per_person * 1.02) + 16;
    rec.course.reserve(expected);
    rec.start.reserve(expected);
    rec.end.reserve(expected);
    rec.periods.reserve(expected);
    rec.result.reserve(expected);
    rec.certificate.reserve(expected);
    struct Rec {
        Date start, end;
        std::uint8_t course;
    };
    std::vector<Rec> mine;
    for (std::size_t i = 0; i < np; ++i) {
        const Date from = std::max(pe.entered[i], history_start);
        const Date until = pe.left[i] != kNoDate ? pe.left[i] : o.as_of;
        const double service = static_cast<double>(o.as_of - from + 1);
        // Records proportional to years in service, mean records_per_person.
        const double want = o.records_per_person * service / mean_service * (0.5 + rrng.uniform());
        auto n = static_cast<std::int64_t>(want + rrng.uniform());
        if (until < from) n = 0;
        std::array<double, kCourseCount> w{};
        const auto cat = pe.category[i];
        const auto lead = pe.leadership[i];
        if (cat == PersonCategory::cong_chuc) {
            const auto rg = pe.rank_group[i];
            w[rg == RankGroup::senior_specialist ? kCvcc : rg == RankGroup::principal_specialist ? kCvc : kCv] = 1.0;
            w[kLlctSc] = 0.6;
            w[kLlctTc] = rg == RankGroup::principal_specialist || rg == RankGroup::senior_specialist ? 0.6 : 0.1;
            w[kQpan4] = 0.8;
            w[kVtvl] = 2.0;
            w[kVtvlCchc] = 1.0;
            w[kVtvlMotcua] = meta[static_cast<std::size_t>(pe.agency[i])].role == Role::service_centre_commune ||
                                     meta[static_cast<std::size_t>(pe.agency[i])].role == Role::service_centre_province
                                 ? 3.0
                                 : 0.3;
            w[kNnTh] = 0.5;
        } else if (cat == PersonCategory::vien_chuc) {
            w[kVcCdnn] = 2.0;
            w[kVtvl] = 2.0;
            w[kQpan4] = 0.5;
            w[kLlctSc] = 0.5;
            w[kNnTh] = 1.0;
        } else {
            w[kLlctTc] = 1.0;
            w[kLlctCc] = 0.4;
            w[kQpan3] = 1.0;
            w[kCdx] = 2.0;
            w[kVtvlCchc] = 0.5;
        }
        if (lead == Leadership::division_deputy || lead == Leadership::division_head) w[kLdPhong] = 1.5;
        if (lead == Leadership::department_deputy || lead == Leadership::department_head) {
            w[kLdSo] = 1.5;
            w[kQpan3] = std::max(w[kQpan3], 1.0);
        }
        mine.clear();
        for (std::int64_t k = 0; k < n; ++k) {
            const Date start = from + static_cast<Date>(rrng.below(static_cast<std::uint32_t>(until - from + 1)));
            auto wk = w;
            wk[kCnkt] = start <= knowledge_update_end ? 2.0 : 0.0;
            wk[kKnsCb] = start >= digital_push ? 3.0 : start >= make_date(2020, 1, 1) ? 0.5 : 0.0;
            wk[kKnsNc] = start >= digital_push ? 1.0 : 0.0;
            const auto c = rrng.pick(wk);
            // Course days are working days: about 7/5 calendar days each.
            const auto span = static_cast<Date>(kCourses[c].days * 1.4 + 0.5);
            mine.push_back({start, start + std::max<Date>(0, span - 1), static_cast<std::uint8_t>(c)});
        }
        std::sort(mine.begin(), mine.end(),
                  [](const Rec& a, const Rec& b) { return a.start != b.start ? a.start < b.start : a.course < b.course; });
        for (const auto& r : mine) {
            const auto& c = kCourses[r.course];
            rec.course.push_back(static_cast<Index>(r.course));
            rec.start.push_back(r.start);
            rec.end.push_back(r.end);
            rec.periods.push_back(static_cast<float>(c.periods));
            TrainingResult result = TrainingResult::passed;
            if (r.end > o.as_of) {
                result = TrainingResult::attending;
            } else {
                const double u = rrng.uniform();
                result = u < 0.02 ? TrainingResult::failed : u < 0.03 ? TrainingResult::exempt : TrainingResult::passed;
            }
            rec.result.push_back(result);
            rec.certificate.push_back(result == TrainingResult::passed && c.certificate ? 1 : 0);
        }
        rec.offsets.push_back(static_cast<std::int64_t>(rec.course.size()));
    }

    // --- Procedures and legal documents ----------------------------------------------
    Rng qrng(o.seed, 4);
    const std::int32_t nprov = o.province_procedures, ncomm = o.commune_procedures, nproc = nprov + ncomm;
    const std::int32_t ndocs = std::max(1, nproc / 6);
    for (std::int32_t d = 0; d < ndocs; ++d) {
        LegalDocument doc;
        const int year = 2010 + static_cast<int>(qrng.below(16));
        const std::size_t kind = qrng.pick(std::array<double, 4>{0.1, 0.4, 0.4, 0.1});
        static constexpr std::array<std::string_view, 4> kinds = {"law", "decree", "circular", "decision"};
        static constexpr std::array<std::string_view, 4> suffix = {"QH", "NĐ-CP", "TT", "QĐ-TTg"};
        static constexpr std::array<std::string_view, 4> issuer = {"Quốc hội", "Chính phủ", "Bộ", "Thủ tướng Chính phủ"};
        doc.code = std::to_string(d + 1) + "/" + std::to_string(year) + "/" + std::string(suffix[kind]);
        doc.title = std::string(kinds[kind] == "law" ? "Luật" : kinds[kind] == "decree" ? "Nghị định"
                                                             : kinds[kind] == "circular" ? "Thông tư"
                                                                                         : "Quyết định") +
                    " số " + doc.code;
        doc.issuer = std::string(issuer[kind]);
        doc.kind = std::string(kinds[kind]);
        doc.issued = make_date(year, 1, 1) + static_cast<Date>(qrng.below(365));
        doc.effective = doc.issued + 45;
        parts.documents.push_back(std::move(doc));
    }

    // Annual volumes: Zipf-like 1/rank within each level (a few procedures such as
    // birth registration carry most dossiers); commune level takes 70% of all dossiers.
    auto harmonic = [](std::int32_t n) {
        double h = 0;
        for (std::int32_t k = 1; k <= n; ++k) h += 1.0 / k;
        return h;
    };
    const double h_prov = harmonic(nprov), h_comm = harmonic(ncomm);
    static constexpr std::array<double, 8> prov_days = {3, 5, 7, 10, 15, 20, 30, 45};
    static constexpr std::array<double, 8> prov_days_w = {0.10, 0.15, 0.10, 0.20, 0.15, 0.15, 0.10, 0.05};
    static constexpr std::array<double, 7> comm_days = {1, 3, 5, 7, 10, 15, 20};
    static constexpr std::array<double, 7> comm_days_w = {0.25, 0.25, 0.20, 0.10, 0.10, 0.07, 0.03};
    static constexpr std::array<Vnd, 7> fee_amounts = {10'000, 20'000, 50'000, 100'000, 200'000, 500'000, 1'000'000};
    std::vector<std::int32_t> rank_of(static_cast<std::size_t>(nproc));
    for (std::int32_t i = 0; i < nprov; ++i) rank_of[static_cast<std::size_t>(i)] = i;
    for (std::int32_t i = 0; i < ncomm; ++i) rank_of[static_cast<std::size_t>(nprov + i)] = i;
    // Shuffle ranks within each level (Fisher-Yates) so volume is not tied to the code order.
    auto shuffle = [&](std::size_t lo, std::size_t hi) {
        for (std::size_t i = hi; i > lo + 1; --i)
            std::swap(rank_of[i - 1], rank_of[lo + qrng.below(static_cast<std::uint32_t>(i - lo))]);
    };
    shuffle(0, static_cast<std::size_t>(nprov));
    shuffle(static_cast<std::size_t>(nprov), static_cast<std::size_t>(nproc));

    std::int32_t code_seq = 0;
    for (std::int32_t i = 0; i < nproc; ++i) {
        const bool commune = i >= nprov;
        Procedure pr;
        code_seq += 1 + static_cast<std::int32_t>(qrng.below(3));
        pr.code = "1." + pad(code_seq, 6);
        const std::size_t dep = commune ? 0 : 1 + qrng.below(kDepartments.size() - 1);
        const std::string_view field = commune ? kCommuneFields[qrng.below(kCommuneFields.size())] : kDepartments[dep].field;
        pr.field = std::string(field);
        pr.name = std::string(kVerbs[qrng.below(kVerbs.size())]) + " " + std::string(field) + " (thủ tục " +
                  std::to_string(i + 1) + ")";
        pr.levels = {commune ? Level::commune : Level::province};
        pr.type = qrng.chance(0.05) ? ProcedureType::internal : ProcedureType::standard;
        pr.decision = std::to_string(100 + qrng.below(3000)) + "/QĐ-UBND";
        const std::uint32_t nbasis = 1 + qrng.below(2);
        for (std::uint32_t k = 0; k < nbasis; ++k) {
            const auto doc = static_cast<Index>(qrng.below(static_cast<std::uint32_t>(ndocs)));
            if (std::find(pr.legal_basis.begin(), pr.legal_basis.end(), doc) == pr.legal_basis.end()) {
                pr.legal_basis.push_back(doc);
                parts.documents[static_cast<std::size_t>(doc)].procedures.push_back(static_cast<Index>(i));
            }
        }
        pr.subjects = {Subject::citizen};
        if (!commune && qrng.chance(0.6)) pr.subjects.push_back(Subject::business);
        if (qrng.chance(0.2)) pr.subjects.push_back(Subject::organisation);
        // Online service (Decree 42/2022): full 35%, partial 30%, none 35% (unconfirmed).
        pr.online_level = static_cast<OnlineLevel>(qrng.pick(std::array<double, 3>{0.35, 0.30, 0.35}));
        pr.trips = pr.online_level == OnlineLevel::full ? 0 : pr.online_level == OnlineLevel::partial ? 1 : 2;
        pr.result = "Kết quả giải quyết thủ tục " + pr.code;
        const double total = commune ? comm_days[qrng.pick(comm_days_w)] : prov_days[qrng.pick(prov_days_w)];
        const Transfer tr = qrng.chance(0.6) ? Transfer::electronic : Transfer::paper;
        pr.steps.push_back({"Tiếp nhận hồ sơ", StepRole::reception, kImplementingAgency, 4, TimeUnit::working_hour,
                            Transfer::none});
        const bool appraisal = qrng.chance(0.5);
        pr.steps.push_back({"Xử lý hồ sơ", StepRole::processing, kImplementingAgency, total * (appraisal ? 0.6 : 0.8),
                            TimeUnit::working_day, Transfer::none});
        if (appraisal)
            pr.steps.push_back({"Thẩm định", StepRole::appraisal, kImplementingAgency, total * 0.2, TimeUnit::working_day,
                                Transfer::none});
        pr.steps.push_back({"Phê duyệt", StepRole::approval, commune ? kImplementingAgency : kParentOfImplementing,
                            total * 0.2, TimeUnit::working_day, commune ? Transfer::none : tr});
        pr.steps.push_back({"Trả kết quả", StepRole::result_return, kImplementingAgency, 4, TimeUnit::working_hour,
                            commune ? Transfer::none : tr});
        pr.methods.push_back({Channel::in_person, total, TimeUnit::working_day});
        if (pr.online_level != OnlineLevel::none) pr.methods.push_back({Channel::online, total, TimeUnit::working_day});
        if (qrng.chance(0.4)) pr.methods.push_back({Channel::post, total, TimeUnit::working_day});
        if (qrng.chance(0.4)) pr.fees.push_back({"Phí", FeeKind::fee, fee_amounts[qrng.below(fee_amounts.size())]});
        if (qrng.chance(0.2)) pr.fees.push_back({"Lệ phí", FeeKind::charge, fee_amounts[qrng.below(4)]});
        const std::uint32_t ncomp = 1 + qrng.below(8);
        for (std::uint32_t k = 0; k < ncomp; ++k) {
            Component c;
            c.name = std::string(kComponents[qrng.below(kComponents.size())]);
            c.originals = k == 0 ? 1 : static_cast<std::int32_t>(qrng.below(2));
            c.copies = static_cast<std::int32_t>(qrng.below(3));
            c.prep_hours = 0.25 * (1 + qrng.below(32));
            c.cost = 1000 * static_cast<Vnd>(qrng.below(51));
            c.required = k == 0 || qrng.chance(0.85);
            c.notarised = c.copies > 0 && qrng.chance(0.3);
            c.electronic_form = k == 0 && pr.online_level != OnlineLevel::none;
            pr.components.push_back(std::move(c));
        }
        const std::int32_t rank = rank_of[static_cast<std::size_t>(i)];
        const double per_resident = o.dossiers_per_resident * (commune ? 0.7 / h_comm : 0.3 / h_prov) / (rank + 1);
        for (std::size_t p = 0; p < P; ++p) {
            if (commune) {
                for (Index cp : commune_ppc[p])
                    pr.volumes.push_back(
                        {cp, static_cast<double>(ag[static_cast<std::size_t>(cp)].population) * per_resident});
            } else {
                pr.volumes.push_back({dept[p][dep], static_cast<double>(ppop[p]) * per_resident});
            }
        }
        parts.procedures.push_back(std::move(pr));
    }

    // --- Tasks: 8 per department, chaired by it, coordinated by another; 0.5% have a
    // second chair (the overlaps an organisation review should find). ---------------
    Rng trng(o.seed, 5);
    for (std::size_t p = 0; p < P; ++p) {
        for (std::size_t d = 0; d < kDepartments.size(); ++d) {
            for (int k = 1; k <= 8; ++k) {
                Task t;
                // Built by appends: GCC 12 warns falsely (-Wrestrict) on this chain of operator+.
                t.code = "T";
                t.code.append(pad(static_cast<std::int64_t>(p + 1), 2)).append("-NV-").append(kDepartments[d].abbr);
                t.code.append("-").append(std::to_string(k));
                t.name = "Nhiệm vụ " + std::string(kDepartments[d].field) + " số " + std::to_string(k);
                t.field = std::string(kDepartments[d].field);
                t.assignments.push_back({dept[p][d], TaskRole::chair, kNoDate, kNoDate});
                std::size_t other = trng.below(kDepartments.size() - 1);
                if (other >= d) ++other;
                t.assignments.push_back({dept[p][other], trng.chance(0.005) ? TaskRole::chair : TaskRole::coordinate,
                                         kNoDate, kNoDate});
                parts.tasks.push_back(std::move(t));
            }
        }
    }
    return parts;
}

Shared<Model> synthetic(const SyntheticOptions& options) {
    return Model::build(synthetic_parts(options), {}, "synthetic");
}

}  // namespace cchc
