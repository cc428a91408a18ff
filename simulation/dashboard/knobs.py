"""The policy knobs a designer can turn: plain-language label, help, evidence row, kind of control.

Keys are the override keys of the command line (`policy.kickoff`); `simulation.config.PolicyConfig`
is the schema they are checked against.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Knob:
    key: str            # override key, e.g. "policy.kickoff"
    label: str          # what the control says
    help: str           # one sentence, plain language
    evidence: str       # EVIDENCE.md rows, e.g. "E6, E14"
    kind: str           # "switch", "choice", "int" or "share" (a number from 0 to 1)
    choices: dict[str, str] = field(default_factory=dict)  # value -> plain-language label


KNOBS = (
    Knob("policy.group_size", "Teachers per group",
         "Small groups (10-15) build trust; too small and nobody can answer.", "E6, E14", "int"),
    Knob("policy.moderator.mode", "Who moderates",
         "A moderator asks questions and encourages quiet members; taking turns builds ownership.",
         "E3, E9, E17", "choice",
         {"none": "Nobody (a leader may emerge)", "fixed": "One teacher, all year",
          "rotating": "Teachers take turns", "facilitator": "A paid facilitator"}),
    Knob("policy.moderator.rotation_weeks", "Weeks per moderator turn",
         "How long each teacher holds the role when teachers take turns.", "E3", "int"),
    Knob("policy.moderator.style", "Moderator style",
         "Personal messages to quiet members, or nudges to the whole group.", "E3", "choice",
         {"community": "Nudges to the whole group", "personal": "Personal messages to quiet members"}),
    Knob("policy.supervisor", "Supervisor in the group",
         "A head teacher in the group makes teachers feel observed: fewer questions.", "E5",
         "choice", {"absent": "No", "present": "Yes"}),
    Knob("policy.kickoff", "In-person kick-off workshop",
         "Meeting in person first starts trust higher.", "E6", "switch"),
    Knob("policy.meeting_every_weeks", "In-person meeting every ... weeks (0 = never)",
         "Regular meetings refresh trust and motivation (blended design).", "E13", "int"),
    Knob("policy.data_subsidy", "Data bundles paid",
         "Paying for data helps most where connectivity is poor.", "E7", "switch"),
    Knob("policy.digital_training", "Digital skills training",
         "Training helps teachers who struggle with the technology get online.", "E7", "switch"),
    Knob("policy.scheduled_slot", "A set time of day for the group",
         "Being online together means questions get answered.", "E8", "switch"),
    Knob("policy.incentive.financial", "Payment (share of the largest plausible)",
         "Money gives a bump that fades while the payments go on.", "E10", "share"),
    Knob("policy.incentive.recognition", "Recognition of teachers' work",
         "Certificates and shout-outs feed lasting motivation.", "E10", "switch"),
    Knob("policy.experts", "Subject experts",
         "Experts answer hard questions and correct errors, if seen as support, not control.",
         "E15", "choice",
         {"none": "None", "support": "Seen as support", "evaluator": "Seen as evaluators"}),
    Knob("policy.chatbot", "Chatbot answers what peers leave unanswered",
         "An automated answerer replies after a delay.", "E19", "switch"),
    Knob("policy.ground_rules", "Ground rules for content",
         "Rules keep off-topic chatter and spam down.", "E4", "switch"),
    Knob("policy.closed_membership", "Closed membership (no new members)",
         "Each stranger who joins dilutes trust.", "E6", "switch"),
    Knob("policy.homogeneity", "How similar the members are (0 to 1)",
         "Similar teachers trust each other; mixed expertise means someone knows the answer.",
         "E16", "share"),
)
KNOB = {k.key: k for k in KNOBS}

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
