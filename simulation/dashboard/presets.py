"""Plain-language names of the presets a designer picks from: contexts (`population=`) and
policies (`policy=`). The knobs themselves are `simulation.knobs`, read from the schema.

Each preset has a description (what a menu lists: `CONTEXTS`, `POLICIES`) and a short name
(`CONTEXT_NAMES`, `POLICY_NAMES`), which titles, legends, cards and file names use
(`Scenario.title`). Every preset in configs/ has both (tests/test_dashboard_words.py).
"""

CONTEXTS = {
    "tanzania_maths": "Tanzania: secondary maths teachers from different schools (groups of 38)",
    "kenya_kplay": "Kenya: school-level groups, heavy workload, low connectivity",
    "uk_online": "UK: large open Twitter/Facebook groups",
}
POLICIES = {
    "none": "No support: a group is created and left to itself",
    "dime_recommended": "World Bank DIME recommendations, all at once",
    "kplay_blended": "Kenya blended design: monthly meetings plus WhatsApp",
    "pilot_then_handover": "A funded term (facilitator, data, training), then teachers take turns",
    "pilot_all_year": "The funded term's support all year",
    "rotation_all_year": "Teachers take turns moderating, all year",
    "paid_pilot": "Payments for the first two months only",
    "paid_all_year": "Payments all year",
}
CONTEXT_NAMES = {
    "tanzania_maths": "Tanzania maths teachers",
    "kenya_kplay": "Kenya school groups",
    "uk_online": "UK open online groups",
}
POLICY_NAMES = {
    "none": "No support",
    "dime_recommended": "DIME's recommended package",
    "kplay_blended": "Kenya blended design",
    "pilot_then_handover": "A funded term, then teachers take turns",
    "pilot_all_year": "Funded support all year",
    "rotation_all_year": "Teachers take turns all year",
    "paid_pilot": "Payments for two months",
    "paid_all_year": "Payments all year",
}
