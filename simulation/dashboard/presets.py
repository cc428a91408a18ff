"""Plain-language names of the presets a designer picks from: contexts (`population=`) and
policies (`policy=`). The knobs themselves are `simulation.knobs`, read from the schema."""

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
