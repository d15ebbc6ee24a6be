// Organisation analysis: "one task is chaired by exactly one organisation",
// overlapping functions, intermediate (pass-through) units, span and depth,
// staffing against quotas. Every analysis reads the state valid on `as_of`.
#pragma once

#include <cstdint>
#include <vector>

#include "cchc/model.hpp"

namespace cchc::org {

/// One row per task valid on the date.
struct TaskChairs {
    Index task = kNone;
    std::int32_t chairs = 0;
    std::int32_t coordinators = 0;
    std::vector<Index> chair_agencies;  // in assignment order
};

/// Chairs and coordinators of every task on `as_of` (kNoDate: ignore dates). Tasks that have
/// assignments but none on the date (ended or not begun) are left out.
std::vector<TaskChairs> task_chairs(const Model& m, Date as_of);

/// Two agencies whose task sets overlap.
struct Overlap {
    Index a = kNone;
    Index b = kNone;
    std::int32_t shared = 0;
    double jaccard = 0.0;           // shared / |tasks(a) ∪ tasks(b)|
    std::int32_t shared_chaired = 0; // tasks both chair (a direct conflict)
    std::vector<Index> shared_tasks;
};

struct OverlapOptions {
    bool chair_only = false;     // compare chaired tasks only (else chair + coordinate)
    std::int32_t min_shared = 1;
    double min_jaccard = 0.0;
    std::size_t top = 50;        // 0: all pairs
};

/// Pairs of agencies ranked by Jaccard similarity of their task sets, then by shared count.
/// Linear in the assignments plus the pairs that share a task (inverted index).
std::vector<Overlap> overlaps(const Model& m, Date as_of, const OverlapOptions& options = {});

/// One row per agency valid on the date.
struct UnitStructure {
    Index agency = kNone;
    std::int32_t depth = 0;        // root = 0
    std::int32_t children = 0;     // span of control
    std::int32_t descendants = 0;
    bool pass_through = false;     // exactly one child, itself with children: an intermediate layer
    std::int32_t people = 0;       // serving on the date
    std::int32_t leaders = 0;      // heads
    std::int32_t deputies = 0;
    std::int32_t procedures = 0;   // procedures it implements (has a volume at)
    double annual_dossiers = 0.0;
};

std::vector<UnitStructure> structure(const Model& m, Date as_of);

}  // namespace cchc::org
