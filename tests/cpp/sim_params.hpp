// Simulation parameters for tests: every random routing off, so a test switches on only what it measures.
#pragma once

#include "cchc/sim/engine.hpp"

namespace cchc_test {

inline cchc::sim::Params routing_off() {
    cchc::sim::Params p;
    p.replications = 1;
    p.supplement_prob = 0;
    p.refusal_prob = 0;
    p.online_share[1] = p.online_share[2] = 0;
    p.post_share = 0;
    p.priority_share = 0;
    p.post_return_share = 0;
    return p;
}

}  // namespace cchc_test
