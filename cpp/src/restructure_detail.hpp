// Internal to scenario.cpp and restructure.cpp: the restructuring action kinds'
// JSON, checks and application.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cchc/scenario.hpp"

namespace cchc::restructure {

/// Carried across the actions of one scenario: which unit took over an ended one
/// (agencies are only ever appended, so indices stay valid from model to model).
struct State {
    std::unordered_map<Index, Index> successor;
};

[[nodiscard]] bool is_restructuring(ActionKind k) noexcept;
std::vector<std::string_view> action_keys(ActionKind k);
/// Reads the restructuring keys of an action (the caller read "action" and "note" and checked key names).
void parse(const nlohmann::json& a, const std::string& at, Action& out);
void check(const Action& a, const std::string& at);
nlohmann::json to_json(const Action& a);
std::string describe(const Action& a);
/// Applies one restructuring action; returns the new model.
Shared<Model> apply(const Model& m, const Action& a, std::int32_t k, State& state, std::vector<RestructureEvent>& log);

}  // namespace cchc::restructure
