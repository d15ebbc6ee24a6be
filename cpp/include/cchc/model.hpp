// The data model: agencies, tasks, procedures, legal documents, people,
// courses and training records. A Model is an immutable value shared by every
// engine and thread (std::shared_ptr<const Model>); each table is held by its own
// shared_ptr so a derived model (a scenario applied) shares untouched tables.
// Codes are strings at the boundary and dense 32-bit indices inside.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cchc/date.hpp"
#include "cchc/enums.hpp"
#include "cchc/errors.hpp"

namespace cchc {

using Index = std::int32_t;
inline constexpr Index kNone = -1;
/// A reference that failed to resolve while reading; the reader already reported it.
inline constexpr Index kUnresolved = -3;

/// A channel share not recorded in the data (Procedure::online_share, postal_share): NaN,
/// which no JSON file can hold, so every present value is checked.
inline constexpr double kShareUnknown = std::numeric_limits<double>::quiet_NaN();

inline bool share_known(double share) noexcept { return share == share; }

/// Money in Vietnamese đồng.
using Vnd = std::int64_t;

/// The most money (VND) any input may give: below 2^63, so every amount rounds to a Vnd
/// exactly (a cast of 1e19 would wrap to a negative amount).
inline constexpr double kMaxVnd = 9.2e18;

/// The one range check of money given as a number (scenario actions, options): "" when
/// `value` is finite and in 0 … kMaxVnd, else "1e+19 VND is out of range (0 … 9.2e18)".
std::string money_problem(double value);

/// `value` rounded to whole đồng, clamped to 0 … kMaxVnd (callers check money_problem first).
Vnd round_vnd(double value) noexcept;

struct Agency {
    std::string code;
    std::string name;
    AgencyKind kind = AgencyKind::other;
    Level level = Level::province;
    Territory territory = Territory::none;
    Index parent = kNone;
    Date valid_from = kNoDate;  // inclusive; kNoDate = since ever
    Date valid_to = kNoDate;    // inclusive; kNoDate = still valid
    std::int32_t quota_civil_servants = 0;   // biên chế công chức
    std::int32_t quota_public_employees = 0; // số lượng người làm việc (viên chức)
    std::int32_t headcount = 0;              // recorded headcount (may differ from people listed)
    std::int64_t population = 0;             // residents served (territorial units)
    double travel_km = 0.0;                  // mean one-way distance from a citizen to this unit's desk

    [[nodiscard]] bool valid_on(Date d) const noexcept {
        return (valid_from == kNoDate || d >= valid_from) && (valid_to == kNoDate || d <= valid_to);
    }
};

struct TaskAssignment {
    Index agency = kNone;
    TaskRole role = TaskRole::chair;
    Date valid_from = kNoDate;
    Date valid_to = kNoDate;
};

/// A function or duty (chức năng, nhiệm vụ) and who chairs or coordinates it.
struct Task {
    std::string code;
    std::string name;
    std::string field;
    std::vector<TaskAssignment> assignments;
};

/// Responsible agency of a step: an agency index, or one of these relative markers.
inline constexpr Index kImplementingAgency = -1;
inline constexpr Index kParentOfImplementing = -2;

struct Step {
    std::string name;
    StepRole role = StepRole::processing;
    Index responsible = kImplementingAgency;
    double duration = 0.0;
    TimeUnit unit = TimeUnit::working_day;
    Transfer transfer = Transfer::none;  // how the dossier reaches this step's agency
};

struct SubmissionMethod {
    Channel channel = Channel::in_person;
    double processing_time = 0.0;
    TimeUnit unit = TimeUnit::working_day;
};

struct FeeItem {
    std::string name;
    FeeKind kind = FeeKind::fee;
    Vnd amount = 0;
};

/// A dossier component (thành phần hồ sơ).
struct Component {
    std::string name;
    std::int32_t originals = 1;
    std::int32_t copies = 0;
    double prep_hours = 0.0;  // time a normally efficient citizen needs to obtain/prepare it
    Vnd cost = 0;             // out-of-pocket cost (copies, certification, ...)
    bool required = true;
    bool notarised = false;   // copies must be certified (chứng thực)
    bool electronic_form = false;
};

struct Volume {
    Index agency = kNone;  // implementing agency
    double annual = 0.0;   // dossiers per year
};

/// An administrative procedure (thủ tục hành chính), national-database record.
struct Procedure {
    std::string code;
    std::string name;
    std::string field;
    std::vector<Level> levels;
    ProcedureType type = ProcedureType::standard;
    std::string decision;              // publishing decision
    std::vector<Index> legal_basis;    // legal documents
    std::vector<Subject> subjects;
    OnlineLevel online_level = OnlineLevel::none;
    std::int32_t trips = 2;            // trips by a citizen using the counter route
    // Observed or planned channel shares; kShareUnknown: engines use their default for the online level.
    double online_share = kShareUnknown;  // share of dossiers filed online (0..1)
    double postal_share = kShareUnknown;  // share of counter dossiers whose result is returned by post (0..1)
    std::string result;                // what the citizen receives
    std::vector<Step> steps;
    std::vector<SubmissionMethod> methods;
    std::vector<FeeItem> fees;
    std::vector<Component> components;
    std::vector<Volume> volumes;

    [[nodiscard]] double annual_volume() const noexcept;
};

struct LegalDocument {
    std::string code;
    std::string title;
    std::string issuer;
    std::string kind;  // law, decree, circular, decision, ...
    Date issued = kNoDate;
    Date effective = kNoDate;
    Date expired = kNoDate;
    std::vector<Index> procedures;  // procedures it creates or changes
};

struct Course {
    std::string code;
    std::string name;
    CourseContent content = CourseContent::other;
    double periods = 0.0;  // tiết
    double days = 0.0;
    std::int32_t certificate_validity_years = 0;  // 0: does not expire
};

/// Dictionary-encoded strings: columns store uint32 ids into `values`.
struct StringPool {
    std::vector<std::string> values;
    std::unordered_map<std::string, std::uint32_t> ids;

    std::uint32_t intern(std::string_view text);
    [[nodiscard]] const std::string& operator[](std::uint32_t id) const { return values[id]; }
    [[nodiscard]] std::size_t size() const noexcept { return values.size(); }
};

/// Cadres, civil servants and public employees, column-wise (national scale: millions).
struct People {
    std::vector<std::string> id;  // pseudonymous
    std::vector<Index> agency;
    std::vector<PersonCategory> category;
    std::vector<RankGroup> rank_group;
    std::vector<std::uint32_t> rank;       // pool: rank code/name (ngạch)
    std::vector<std::uint32_t> position;   // pool: position title / job position
    std::vector<Leadership> leadership;
    std::vector<std::int16_t> birth_year;
    std::vector<Gender> gender;
    std::vector<std::uint32_t> ethnicity;  // pool
    std::vector<Date> entered;             // first day in service
    std::vector<Date> left;                // last day in service; kNoDate while serving
    StringPool strings;

    [[nodiscard]] std::size_t size() const noexcept { return id.size(); }
    /// Left the service before day d (`left` is the last day in service, docs/format.md).
    [[nodiscard]] bool left_before(std::size_t i, Date d) const noexcept { return left[i] != kNoDate && left[i] < d; }
    /// Serving on day d: entered on or before it, left on or after it (both days inclusive).
    /// The one definition every engine uses; d = kNoDate (no date given) counts everyone.
    [[nodiscard]] bool serving_on(std::size_t i, Date d) const noexcept {
        return d == kNoDate || ((entered[i] == kNoDate || entered[i] <= d) && !left_before(i, d));
    }
    void reserve(std::size_t n);
};

/// Training records grouped by person (CSR): records of person p are
/// [offsets[p], offsets[p+1]).
struct TrainingRecords {
    std::vector<std::int64_t> offsets{0};
    std::vector<Index> course;
    std::vector<Date> start;
    std::vector<Date> end;
    std::vector<float> periods;
    std::vector<TrainingResult> result;
    std::vector<std::uint8_t> certificate;

    [[nodiscard]] std::size_t size() const noexcept { return course.size(); }
    [[nodiscard]] std::size_t person_count() const noexcept { return offsets.size() - 1; }
    /// Person index of every record (expands the CSR offsets).
    [[nodiscard]] std::vector<Index> person_column() const;
};

struct ModelInfo {
    std::string name;
    std::string province;
    std::string description;
    Date as_of = kNoDate;
};

/// Everything a Model is made of, as plain mutable tables; Model::build checks it.
struct ModelParts {
    ModelInfo info;
    std::vector<Agency> agencies;
    std::vector<Task> tasks;
    std::vector<Procedure> procedures;
    std::vector<LegalDocument> documents;
    std::vector<Course> courses;
    People people;
    TrainingRecords records;
    std::vector<CalendarOverride> calendar;
};

template <class T>
using Shared = std::shared_ptr<const T>;

/// Shared handles to every table of a model. A derived model copies only the
/// tables it changes and shares the others.
struct TableSet {
    Shared<ModelInfo> info;
    Shared<std::vector<Agency>> agencies;
    Shared<std::vector<Task>> tasks;
    Shared<std::vector<Procedure>> procedures;
    Shared<std::vector<LegalDocument>> documents;
    Shared<std::vector<Course>> courses;
    Shared<People> people;
    Shared<TrainingRecords> records;
    Shared<std::vector<CalendarOverride>> calendar;
};

class Model {
  public:
    /// Checks every invariant and builds; throws ValidationError listing every
    /// problem (prior = problems already found by a reader, merged in).
    static Shared<Model> build(ModelParts parts, std::vector<Problem> prior = {}, std::string source = "");

    /// Builds from shared tables (a scenario's result); same checks as build(), except that
    /// tables shared with `base` (and whose references are unchanged) are not checked again.
    static Shared<Model> from_tables(TableSet tables, std::string source = "", const Model* base = nullptr);

    [[nodiscard]] const ModelInfo& info() const noexcept { return *t_.info; }
    [[nodiscard]] const std::vector<Agency>& agencies() const noexcept { return *t_.agencies; }
    [[nodiscard]] const std::vector<Task>& tasks() const noexcept { return *t_.tasks; }
    [[nodiscard]] const std::vector<Procedure>& procedures() const noexcept { return *t_.procedures; }
    [[nodiscard]] const std::vector<LegalDocument>& documents() const noexcept { return *t_.documents; }
    [[nodiscard]] const std::vector<Course>& courses() const noexcept { return *t_.courses; }
    [[nodiscard]] const People& people() const noexcept { return *t_.people; }
    [[nodiscard]] const TrainingRecords& records() const noexcept { return *t_.records; }
    [[nodiscard]] const std::vector<CalendarOverride>& calendar() const noexcept { return *t_.calendar; }

    /// Shared handles, for derived models and zero-copy views.
    [[nodiscard]] Shared<People> people_ptr() const noexcept { return t_.people; }
    [[nodiscard]] Shared<TrainingRecords> records_ptr() const noexcept { return t_.records; }

    /// Index of a code, or kNone.
    [[nodiscard]] Index find_agency(std::string_view code) const;
    [[nodiscard]] Index find_task(std::string_view code) const;
    [[nodiscard]] Index find_procedure(std::string_view code) const;
    [[nodiscard]] Index find_document(std::string_view code) const;
    [[nodiscard]] Index find_course(std::string_view code) const;
    [[nodiscard]] Index find_person(std::string_view id) const;

    /// Index of a code; throws ReferenceError naming the closest existing codes.
    [[nodiscard]] Index agency_index(std::string_view code) const;
    [[nodiscard]] Index procedure_index(std::string_view code) const;
    [[nodiscard]] Index task_index(std::string_view code) const;
    [[nodiscard]] Index course_index(std::string_view code) const;
    [[nodiscard]] Index person_index(std::string_view id) const;

    /// Non-fatal findings: warnings kept from loading plus consistency checks
    /// an analyst should see (tasks without a chair today, headcount over quota, ...).
    [[nodiscard]] std::vector<Problem> validate() const;
    [[nodiscard]] const std::vector<Problem>& load_warnings() const noexcept { return warnings_; }

    /// Shared handles to the tables (copy one, edit it, call from_tables).
    [[nodiscard]] const TableSet& tables() const noexcept { return t_; }

  private:
    Model() = default;
    /// Builds the code maps; a table shared with `base` shares its map too (the keys
    /// view strings owned by that table, which both models keep alive).
    void index_codes(const Model* base = nullptr);

    TableSet t_;
    std::vector<Problem> warnings_;

    using CodeMap = std::unordered_map<std::string_view, Index>;
    std::shared_ptr<const CodeMap> agency_codes_, task_codes_, procedure_codes_, document_codes_, course_codes_,
        person_ids_;
};

/// Semantic checks of a set of tables (duplicates, references, cycles, dates,
/// numbers); pointers assume the JSON layout of format version 1.
/// With `base`, skips the checks of tables shared with it whose referenced tables are shared too.
std::vector<Problem> check_tables(const TableSet& tables, const TableSet* base = nullptr);

/// Lower-case, diacritics removed, đ → d: "Sở Nội vụ" → "so noi vu".
std::string fold_vietnamese(std::string_view text);

/// Up to `limit` codes closest to `wanted` (edit distance on folded text), for "did you mean".
std::vector<std::string> closest_codes(std::string_view wanted, const std::vector<std::string_view>& candidates,
                                       std::size_t limit = 3);

}  // namespace cchc
