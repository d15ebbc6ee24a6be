// National-scale synthetic models for benchmarks and tests (two-tier local
// government after 1 July 2025: provinces and commune-level units, no districts).
// Deterministic for a seed on every machine: one xoshiro256** stream, our own
// distribution code, no floating-point library functions in the sampling.
// Distributions and their calibration are documented in docs/synthetic.md.
#pragma once

#include <cstdint>

#include "cchc/model.hpp"

namespace cchc {

struct SyntheticOptions {
    std::int32_t provinces = 34;            // provinces and centrally-run cities after 2025
    std::int32_t communes = 3321;           // commune-level units nationwide (communes, wards, special zones)
    std::int64_t people = 2'000'000;        // cadres, civil servants and public employees
    double records_per_person = 10.0;       // mean training records per person
    std::uint64_t seed = 0;
    std::int32_t province_procedures = 1224;  // Lai Châu one-stop desks, 2017 (docs/domain.md, unconfirmed)
    std::int32_t commune_procedures = 365;    // 230 district + 135 commune (districts dissolved in 2025)
    std::int64_t population = 101'300'000;    // residents nationwide (unconfirmed parameter)
    double dossiers_per_resident = 0.3;       // annual dossiers per resident (unconfirmed parameter)
    Date as_of = make_date(2025, 12, 31);
};

/// The tables of a synthetic national model (not yet validated).
ModelParts synthetic_parts(const SyntheticOptions& options);

/// A synthetic national model, built and validated; throws std::invalid_argument on bad options.
Shared<Model> synthetic(const SyntheticOptions& options);

}  // namespace cchc
