// The round cost parameters of the hand-worked cost tests (test_cost.cpp, test_pinned_actions.cpp).
#pragma once

#include "cchc/cost.hpp"

namespace cchc_test {

using cchc::CostParams;
using cchc::Level;

// Round figures so hand computations are exact: 4,400,000 / 176 = 25,000 VND/hour.
inline CostParams hand_params() {
    CostParams p;
    p.income_per_month = 4'400'000;
    p.hours_per_month = 176;
    p.form_hours = 0.5;
    p.waiting_hours = 0.5;
    p.copy_price_per_page = 500;
    p.pages_per_copy = 2;
    p.notarisation_per_copy = 4'000;
    p.postage = 20'000;
    p.online_share_partial = 0.0;
    p.online_share_full = 0.0;
    p.postal_share = 0.0;
    // {default km, VND/km, VND/trip, km/h, hours/trip} by level
    p.travel[static_cast<int>(Level::province)] = {40, 2'000, 5'000, 40, 0.5};
    p.travel[static_cast<int>(Level::district)] = {20, 2'000, 5'000, 30, 0.25};
    p.travel[static_cast<int>(Level::commune)] = {4, 2'000, 0, 20, 0.25};
    return p;
}

}  // namespace cchc_test
