#include "cchc/org.hpp"

#include <algorithm>
#include <unordered_map>

namespace cchc::org {

namespace {

bool in_period(Date from, Date to, Date d) {
    return d == kNoDate || ((from == kNoDate || d >= from) && (to == kNoDate || d <= to));
}

bool agency_valid(const Agency& a, Date d) { return d == kNoDate || a.valid_on(d); }

}  // namespace

std::vector<TaskChairs> task_chairs(const Model& m, Date as_of) {
    std::vector<TaskChairs> out;
    out.reserve(m.tasks().size());
    for (std::size_t t = 0; t < m.tasks().size(); ++t) {
        TaskChairs row;
        row.task = static_cast<Index>(t);
        // A task whose assignments all lie outside the date has ended (or not begun): a
        // restructuring split it or handed it over. A task with no assignment at all has no chair.
        const auto& list = m.tasks()[t].assignments;
        if (!list.empty() && std::none_of(list.begin(), list.end(), [&](const TaskAssignment& as) {
                return in_period(as.valid_from, as.valid_to, as_of);
            }))
            continue;
        for (const auto& as : m.tasks()[t].assignments) {
            if (!in_period(as.valid_from, as.valid_to, as_of)) continue;
            if (!agency_valid(m.agencies()[static_cast<std::size_t>(as.agency)], as_of)) continue;
            if (as.role == TaskRole::chair) {
                ++row.chairs;
                row.chair_agencies.push_back(as.agency);
            } else {
                ++row.coordinators;
            }
        }
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<Overlap> overlaps(const Model& m, Date as_of, const OverlapOptions& options) {
    const std::size_t na = m.agencies().size();
    // Task set per agency (distinct tasks), and which of them it chairs.
    std::vector<std::vector<Index>> tasks_of(na);
    std::vector<std::vector<std::pair<Index, bool>>> members(m.tasks().size());  // agency, chairs?
    for (std::size_t t = 0; t < m.tasks().size(); ++t) {
        for (const auto& as : m.tasks()[t].assignments) {
            if (!in_period(as.valid_from, as.valid_to, as_of)) continue;
            if (!agency_valid(m.agencies()[static_cast<std::size_t>(as.agency)], as_of)) continue;
            if (options.chair_only && as.role != TaskRole::chair) continue;
            auto& list = members[t];
            auto it = std::find_if(list.begin(), list.end(), [&](const auto& x) { return x.first == as.agency; });
            if (it == list.end()) {
                list.emplace_back(as.agency, as.role == TaskRole::chair);
                tasks_of[static_cast<std::size_t>(as.agency)].push_back(static_cast<Index>(t));
            } else {
                it->second = it->second || as.role == TaskRole::chair;
            }
        }
    }
    // Count shared tasks per pair through the inverted index.
    std::unordered_map<std::uint64_t, Overlap> pairs;
    for (std::size_t t = 0; t < members.size(); ++t) {
        auto list = members[t];
        std::sort(list.begin(), list.end());
        for (std::size_t i = 0; i < list.size(); ++i)
            for (std::size_t j = i + 1; j < list.size(); ++j) {
                const auto key = (static_cast<std::uint64_t>(list[i].first) << 32) | static_cast<std::uint32_t>(list[j].first);
                Overlap& o = pairs[key];
                o.a = list[i].first;
                o.b = list[j].first;
                ++o.shared;
                o.shared_chaired += list[i].second && list[j].second;
                o.shared_tasks.push_back(static_cast<Index>(t));
            }
    }
    std::vector<Overlap> out;
    out.reserve(pairs.size());
    for (auto& [key, o] : pairs) {
        const auto size_a = tasks_of[static_cast<std::size_t>(o.a)].size();
        const auto size_b = tasks_of[static_cast<std::size_t>(o.b)].size();
        o.jaccard = static_cast<double>(o.shared) / static_cast<double>(size_a + size_b - static_cast<std::size_t>(o.shared));
        if (o.shared >= options.min_shared && o.jaccard >= options.min_jaccard) out.push_back(std::move(o));
    }
    // Deterministic order whatever the hash map did: similarity, shared count, then indices.
    std::sort(out.begin(), out.end(), [](const Overlap& x, const Overlap& y) {
        if (x.jaccard != y.jaccard) return x.jaccard > y.jaccard;
        if (x.shared != y.shared) return x.shared > y.shared;
        return std::tie(x.a, x.b) < std::tie(y.a, y.b);
    });
    if (options.top && out.size() > options.top) out.resize(options.top);
    return out;
}

std::vector<UnitStructure> structure(const Model& m, Date as_of) {
    const auto& agencies = m.agencies();
    const std::size_t na = agencies.size();
    std::vector<std::vector<Index>> children(na);
    std::vector<std::uint8_t> valid(na);
    for (std::size_t i = 0; i < na; ++i) valid[i] = agency_valid(agencies[i], as_of);
    for (std::size_t i = 0; i < na; ++i) {
        const Index p = agencies[i].parent;
        if (valid[i] && p >= 0 && valid[static_cast<std::size_t>(p)])
            children[static_cast<std::size_t>(p)].push_back(static_cast<Index>(i));
    }
    std::vector<UnitStructure> rows(na);
    // Depth top-down from roots; descendants bottom-up in reverse visiting order (the tree is acyclic).
    std::vector<Index> order;
    order.reserve(na);
    for (std::size_t i = 0; i < na; ++i) {
        const Index p = agencies[i].parent;
        if (valid[i] && (p < 0 || !valid[static_cast<std::size_t>(p)])) order.push_back(static_cast<Index>(i));
    }
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto u = static_cast<std::size_t>(order[k]);
        for (Index c : children[u]) {
            rows[static_cast<std::size_t>(c)].depth = rows[u].depth + 1;
            order.push_back(c);
        }
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const auto u = static_cast<std::size_t>(*it);
        rows[u].agency = *it;
        rows[u].children = static_cast<std::int32_t>(children[u].size());
        for (Index c : children[u]) rows[u].descendants += rows[static_cast<std::size_t>(c)].descendants + 1;
        rows[u].pass_through =
            children[u].size() == 1 && !children[static_cast<std::size_t>(children[u][0])].empty();
    }
    const People& people = m.people();
    for (std::size_t i = 0; i < people.size(); ++i) {
        if (!people.serving_on(i, as_of)) continue;
        auto& r = rows[static_cast<std::size_t>(people.agency[i])];
        ++r.people;
        const Leadership l = people.leadership[i];
        r.leaders += l == Leadership::department_head || l == Leadership::division_head;
        r.deputies += l == Leadership::department_deputy || l == Leadership::division_deputy;
    }
    for (const auto& p : m.procedures())
        for (const auto& v : p.volumes) {
            auto& r = rows[static_cast<std::size_t>(v.agency)];
            ++r.procedures;
            r.annual_dossiers += v.annual;
        }
    std::vector<UnitStructure> out;
    out.reserve(order.size());
    for (std::size_t i = 0; i < na; ++i)
        if (valid[i]) out.push_back(rows[i]);
    return out;
}

}  // namespace cchc::org
