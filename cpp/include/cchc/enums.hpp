// Enumerations of the data model and their stable JSON spellings. The order of
// the names is the numeric value: append, never reorder (snapshots store numbers).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cchc {

enum class AgencyKind : std::uint8_t {
    provincial_people_committee,
    department,
    board,
    sector,
    district_people_committee,
    commune_people_committee,
    division,
    public_service_unit,
    service_centre,
    one_stop_desk,
    other,
};

enum class Level : std::uint8_t { central, province, district, commune };

/// Territorial type of an administrative unit (none for non-territorial agencies).
enum class Territory : std::uint8_t { none, province, city, district, town, commune, ward, township };

enum class TaskRole : std::uint8_t { chair, coordinate };

enum class ProcedureType : std::uint8_t { standard, internal, specific };

enum class OnlineLevel : std::uint8_t { none, partial, full };

enum class Channel : std::uint8_t { in_person, online, post };

enum class TimeUnit : std::uint8_t { working_day, day, working_hour, hour, month };

enum class StepRole : std::uint8_t { reception, processing, appraisal, approval, transfer, result_return };

enum class Transfer : std::uint8_t { none, paper, electronic };

enum class FeeKind : std::uint8_t { fee, charge };

enum class Subject : std::uint8_t { citizen, business, organisation };

enum class PersonCategory : std::uint8_t { can_bo, cong_chuc, vien_chuc };

/// Civil-servant rank groups (A senior, B principal, C specialist, D officer).
enum class RankGroup : std::uint8_t { none, senior_specialist, principal_specialist, specialist, officer };

enum class Leadership : std::uint8_t { none, division_deputy, division_head, department_deputy, department_head };

enum class Gender : std::uint8_t { male, female };

enum class CourseContent : std::uint8_t {
    political_theory,
    defence_security,
    state_management,
    leadership,
    job_position,
    knowledge_update,
    digital_skills,
    commune_title,
    other,
};

enum class TrainingResult : std::uint8_t { passed, failed, attending, exempt };

template <class E>
struct EnumInfo;

#define CCHC_ENUM_INFO(E, ...)                                              \
    template <>                                                             \
    struct EnumInfo<E> {                                                    \
        static constexpr std::string_view type_name = #E;                   \
        static constexpr auto names = std::to_array<std::string_view>({__VA_ARGS__}); \
    };

CCHC_ENUM_INFO(AgencyKind, std::string_view{"provincial_people_committee"}, "department", "board", "sector",
               "district_people_committee", "commune_people_committee", "division", "public_service_unit",
               "service_centre", "one_stop_desk", "other")
CCHC_ENUM_INFO(Level, std::string_view{"central"}, "province", "district", "commune")
CCHC_ENUM_INFO(Territory, std::string_view{"none"}, "province", "city", "district", "town", "commune", "ward",
               "township")
CCHC_ENUM_INFO(TaskRole, std::string_view{"chair"}, "coordinate")
CCHC_ENUM_INFO(ProcedureType, std::string_view{"standard"}, "internal", "specific")
CCHC_ENUM_INFO(OnlineLevel, std::string_view{"none"}, "partial", "full")
CCHC_ENUM_INFO(Channel, std::string_view{"in_person"}, "online", "post")
CCHC_ENUM_INFO(TimeUnit, std::string_view{"working_day"}, "day", "working_hour", "hour", "month")
CCHC_ENUM_INFO(StepRole, std::string_view{"reception"}, "processing", "appraisal", "approval", "transfer",
               "result_return")
CCHC_ENUM_INFO(Transfer, std::string_view{"none"}, "paper", "electronic")
CCHC_ENUM_INFO(FeeKind, std::string_view{"fee"}, "charge")
CCHC_ENUM_INFO(Subject, std::string_view{"citizen"}, "business", "organisation")
CCHC_ENUM_INFO(PersonCategory, std::string_view{"can_bo"}, "cong_chuc", "vien_chuc")
CCHC_ENUM_INFO(RankGroup, std::string_view{"none"}, "senior_specialist", "principal_specialist", "specialist",
               "officer")
CCHC_ENUM_INFO(Leadership, std::string_view{"none"}, "division_deputy", "division_head", "department_deputy",
               "department_head")
CCHC_ENUM_INFO(Gender, std::string_view{"male"}, "female")
CCHC_ENUM_INFO(CourseContent, std::string_view{"political_theory"}, "defence_security", "state_management",
               "leadership", "job_position", "knowledge_update", "digital_skills", "commune_title", "other")
CCHC_ENUM_INFO(TrainingResult, std::string_view{"passed"}, "failed", "attending", "exempt")

#undef CCHC_ENUM_INFO

template <class E>
constexpr std::string_view to_string(E value) {
    return EnumInfo<E>::names[static_cast<std::size_t>(value)];
}

template <class E>
constexpr std::optional<E> enum_from_string(std::string_view text) {
    const auto& names = EnumInfo<E>::names;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == text) return static_cast<E>(i);
    return std::nullopt;
}

/// "a, b, c": the allowed spellings, for error messages.
template <class E>
std::string allowed_values() {
    std::string out;
    for (auto name : EnumInfo<E>::names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

template <class E>
constexpr std::size_t enum_count() {
    return EnumInfo<E>::names.size();
}

}  // namespace cchc
