"""Configuration: Hydra schemas, composition, and validation into immutable settings.

The dataclasses below are the schemas registered in Hydra's ConfigStore (they must stay mutable
for composition). `validate` checks a composed config (types, ranges, enums, cross-field rules)
and returns the same tree frozen, so a model never sees a value nobody checked. Every problem is a
`ConfigError` that names the key, the value and what is allowed.

No config may name a Python object: keys such as `_target_` are rejected. Interpolations may
only refer to other keys (`${weeks}`); resolvers (`${oc.env:SECRET}`, `${oc.decode:...}`) are
rejected, so a shared config file or a dashboard upload cannot read the environment. Output
folders named in config files must stay inside the working folder (`check_output_dirs`).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml
from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import MISSING, DictConfig, OmegaConf
from omegaconf._utils import OmegaConfDumper
from omegaconf.errors import OmegaConfBaseException

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"


class ConfigError(ValueError):
    """A configuration value is wrong; the message names the key, the value and what is allowed."""


DESIGNS = ("lhs", "morris", "sobol")  # how a set of worlds is drawn (simulation.worlds)


def _range(lo: float, hi: float, default: Any = MISSING, help: str = "") -> Any:
    """A numeric field whose value must lie in [lo, hi]; without a default the YAML must set it."""
    return field(default=default, metadata={"range": (lo, hi), "help": help})


def _cost(unit: str, help: str, source: str = "assumption") -> Any:
    """A unit price (in `costs.currency` per `unit`), with what it pays for and its source."""
    return field(default=MISSING, metadata={"range": (0.0, 1e6), "unit": unit, "help": help,
                                            "source": source})


def _choice(choices: tuple[str, ...], default: str, help: str = "") -> Any:
    """A string field restricted to `choices`."""
    return field(default=default, metadata={"choices": choices, "help": help})


def _knob(default: Any, label: str, help: str, evidence: str, *,
          choices: dict[str, str] | None = None, range: tuple[float, float] | None = None) -> Any:
    """A policy knob: its default, what it is (`label`, a few words), why it matters (`help`, one
    plain sentence), the EVIDENCE.md rows behind it, and the values it takes (`choices`: value ->
    plain-language label, or a `range`). Written once here; `copsim --help`, the README's table
    and the dashboard's controls read it (`knobs`)."""
    metadata = {"label": label, "help": help, "evidence": evidence}
    if choices is not None:
        metadata |= {"choices": tuple(choices), "choice_labels": choices}
    if range is not None:
        metadata["range"] = range
    return field(default=default, metadata=metadata)


class _Settings:
    """Mixin: mutable while Hydra composes, read-only once `validate` has frozen it."""

    def __setattr__(self, key: str, value: Any) -> None:
        if getattr(self, "_frozen", False):
            raise dataclasses.FrozenInstanceError(f"settings are read-only: cannot set {key!r}")
        object.__setattr__(self, key, value)

    def _freeze(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, _Settings):
                value._freeze()
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, _Settings):
                        item._freeze()
                object.__setattr__(self, f.name, tuple(value))
        object.__setattr__(self, "_frozen", True)


# --------------------------------------------------------------------------------------------
# Population: who the teachers are (a context from the sources).
# --------------------------------------------------------------------------------------------
@dataclass
class CalendarConfig(_Settings):
    """School calendar, in programme weeks counted from 1 (E8)."""

    holiday_weeks: list[int] = field(default_factory=list)
    exam_weeks: list[int] = field(default_factory=list)


@dataclass
class PopulationConfig(_Settings):
    """A context: the distribution of teacher states, each a mean in [0, 1] with a spread."""

    name: str = MISSING
    group_size: int = _range(2, 100_000, help="usual group size in this context")
    motivation: float = _range(0.0, 1.0)
    workload: float = _range(0.0, 1.0)
    connectivity: float = _range(0.0, 1.0)
    trust: float = _range(0.0, 1.0)
    digital_literacy: float = _range(0.0, 1.0)
    expertise: float = _range(0.0, 1.0)
    novice_share: float = _range(0.0, 1.0)
    spread: float = _range(0.0, 0.5, help="standard deviation of states around their means")
    propensity_sigma: float = _range(0.0, 3.0, help="log-normal sigma of posting propensity")
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    plausible: dict[str, list[float]] = field(default_factory=dict, metadata={
        "help": "plausible [low, high] of a value where the sources say more than +-50% "
                "(simulation.parameters.plausible_ranges)"})


# --------------------------------------------------------------------------------------------
# Policy: what a programme designer can switch on and off.
# --------------------------------------------------------------------------------------------
@dataclass
class ModeratorConfig(_Settings):
    mode: str = _knob(
        "none", "Who moderates",
        "A moderator asks questions and encourages quiet members; taking turns builds ownership.",
        "E3, E9, E17", choices={"none": "Nobody",
                                "bottom_up": "Nobody appointed (a leader may emerge)",
                                "fixed": "One teacher, all year",
                                "rotating": "Teachers take turns",
                                "facilitator": "A paid facilitator"})
    rotation_weeks: int = _knob(
        4, "Weeks per moderator turn",
        "How long each teacher holds the role when teachers take turns.", "E3", range=(1, 520))
    style: str = _knob(
        "community", "Moderator style",
        "Personal messages to quiet members, or nudges to the whole group.", "E3",
        choices={"community": "Nudges to the whole group",
                 "personal": "Personal messages to quiet members"})


@dataclass
class IncentiveConfig(_Settings):
    financial: float = _knob(
        0.0, "Payment (share of the largest plausible)",
        "Money gives a bump that fades while the payments go on.", "E10", range=(0.0, 1.0))
    kind: str = _knob(
        "contingent", "What a payment is for",
        "Paid for taking part, it crowds out the motivation there was; paid to all, it only fades.",
        "E10, X1, X2", choices={"contingent": "For taking part (each week a member posts)",
                                "unconditional": "To every member, whatever they do"})
    recognition: str = _knob(
        "none", "Recognition of teachers' work (who gets it)",
        "Certificates and shout-outs feed lasting motivation; the same people recognised again "
        "and again gain less each time.", "E10, X1",
        choices={"none": "Nobody",
                 "active": "Every member active in the week",
                 "top": "The week's top contributors",
                 "newcomers": "A first contribution (a welcome)"})


@dataclass
class PhaseConfig(_Settings):
    """A part of the programme: from week `start` to week `end` (inclusive; null: to the end of
    the run), every `every`-th week, the policy knobs in `set` take the given values
    (`simulation.timeline`)."""

    start: int = _range(1, 520, help="first week of the phase")
    end: int | None = field(default=None, metadata={
        "range": (1, 520), "help": "last week of the phase; null: to the end of the run"})
    every: int = _range(1, 520, 1, "the phase holds every k-th week from `start` (1: each week)")
    set: dict[str, Any] = field(default_factory=dict, metadata={
        "help": "policy knobs and their values in the phase, e.g. {moderator.mode: facilitator}"})


@dataclass
class PolicyConfig(_Settings):
    name: str = "none"
    group_size: int | None = _knob(
        None, "Teachers per group",
        "Small groups (10-15) build trust; too small and nobody can answer (null: the context's "
        "usual size).", "E6, E14", range=(2, 100_000))
    moderator: ModeratorConfig = field(default_factory=ModeratorConfig)
    supervisor: str = _knob(
        "absent", "Supervisor in the group",
        "A head teacher in the group makes teachers feel observed: fewer questions.", "E5",
        choices={"absent": "No", "present": "Yes"})
    kickoff: bool = _knob(False, "In-person kick-off workshop",
                          "Meeting in person first starts trust higher.", "E6")
    meeting_every_weeks: int = _knob(
        0, "In-person meeting every ... weeks (0 = never)",
        "Regular meetings refresh trust and motivation (blended design).", "E13", range=(0, 520))
    data_subsidy: bool = _knob(False, "Data bundles paid",
                               "Paying for data helps most where connectivity is poor.", "E7")
    digital_training: bool = _knob(
        False, "Digital skills training",
        "Training helps teachers who struggle with the technology get online.", "E7")
    scheduled_slot: bool = _knob(False, "A set time of day for the group",
                                 "Being online together means questions get answered.", "E8")
    incentive: IncentiveConfig = field(default_factory=IncentiveConfig)
    experts: str = _knob(
        "none", "Subject experts",
        "Experts answer hard questions and correct errors, if seen as support, not control.",
        "E15", choices={"none": "None", "support": "Seen as support",
                        "evaluator": "Seen as evaluators"})
    chatbot: bool = _knob(False, "Chatbot answers what peers leave unanswered",
                          "An automated answerer replies after a delay.", "E19")
    ground_rules: bool = _knob(False, "Ground rules for content",
                               "Rules keep off-topic chatter and spam down.", "E4")
    closed_membership: bool = _knob(True, "Closed membership (no new members)",
                                    "Each stranger who joins dilutes trust.", "E6")
    homogeneity: float = _knob(
        0.5, "How similar the members are (0 to 1)",
        "Similar teachers trust each other; mixed expertise means someone knows the answer.",
        "E16", range=(0.0, 1.0))
    phases: list[PhaseConfig] = field(default_factory=list, metadata={
        "help": "a timeline: knobs that change at given weeks, e.g. "
                "[{start: 1, end: 13, set: {data_subsidy: true}}]"})


# --------------------------------------------------------------------------------------------
# Behaviour: the mechanisms' constants. No source gives a number for any of them: each is an
# assumption (`source`: "assumption", or the source of its direction with the level assumed),
# with a plausible range for sensitivity analysis and calibration (`plausible`; by default +-50%
# of its value, clipped to what is valid: `simulation.parameters.plausible_ranges`).
# Values: configs/behaviour/default.yaml.
# --------------------------------------------------------------------------------------------
def _assumed(lo: float, hi: float, help: str, source: str = "assumption",
             plausible: tuple[float, float] | None = None) -> Any:
    """A behaviour constant: valid in [lo, hi], with its meaning, source and (if the +-50% rule
    does not fit) its plausible range."""
    return field(default=MISSING, metadata={"range": (lo, hi), "help": help, "source": source,
                                            "plausible": plausible})


@dataclass
class BehaviourConfig(_Settings):
    # daily engagement and its cost (E1, E8)
    engagement: float = _assumed(0.0, 1.0, "chance a fully motivated member with no workload opens the group on a day")
    time_pressure: float = _assumed(0.0, 1.0, "how much today's workload cuts that chance")
    novelty: float = _assumed(0.0, 1.0, "extra drive of a brand-new group")
    novelty_weeks: float = _assumed(0.1, 520.0, "weeks over which the novelty fades", "000: lively, then 'dropped steadily from week to week' (level assumed)")
    learning_rate: float = _assumed(0.0, 1.0, "daily speed at which value minus cost moves motivation")
    participation_cost: float = _assumed(0.0, 1.0, "cost of reading, per unit of workload and overload")
    content_habituation_weeks: float = _assumed(0.1, 520.0, "weeks over which learning from the same peers wears off")
    content_floor: float = _assumed(0.0, 1.0, "share of reading's value that never wears off")
    content_half: float = _assumed(0.1, 1e4, "useful messages a day at which reading is half as good as it gets")
    answer_value: float = _assumed(0.0, 1.0, "value of getting one's question answered (E11)")
    belonging_value: float = _assumed(0.0, 1.0, "value of taking part, per unit of belonging")
    unanswered_penalty: float = _assumed(0.0, 10.0, "motivation cost of a question that expired unanswered")
    wrong_weight: float = _assumed(0.0, 10.0, "cost of a wrong message to a reader, against a useful one")
    idle_drift: float = _assumed(0.0, 1.0, "daily pull on motivation of not reading: out of sight, out of mind")
    # reading (E12, E4)
    overload_messages: float = _assumed(1.0, 1e6, "daily messages at which half of the readers' attention is lost", "002: 'the amount of content can become overwhelming' (level assumed)")
    volume_memory: float = _assumed(0.0, 0.99, "weight of yesterday in a group's recent volume and off-topic share")
    literacy_floor: float = _assumed(0.0, 1.0, "chance factor of going online at no digital literacy (even a novice opens WhatsApp)")
    # posting (E2, E4, E5)
    question_rate: float = _assumed(0.0, 1.0, "base daily chance of asking")
    novice_need: float = _assumed(0.0, 1.0, "extra need to ask of an early-career teacher", "002: early-career teachers ('ECTs') have more to ask (level assumed)")
    difficulty_low: float = _assumed(0.0, 1.0, "least a question lies beyond its asker's expertise")
    difficulty_span: float = _assumed(0.0, 1.0, "spread of how far beyond (uniform from difficulty_low)")
    share_rate: float = _assumed(0.0, 1.0, "base daily chance of sharing")
    reaction_rate: float = _assumed(0.0, 1.0, "base daily chance of reacting")
    offtopic_rate: float = _assumed(0.0, 1.0, "base daily chance of off-topic chatter")
    probability_cap: float = _assumed(0.01, 1.0, "highest daily chance of asking, sharing, reacting or chatter")
    norm_drift: float = _assumed(0.0, 1.0, "weekly loosening of norms without moderation", "000: groups 'become social groups' (level assumed)")
    starting_norms: float = _assumed(0.0, 1.0, "a new group's norms without ground rules")
    ground_rules_norms: float = _assumed(0.0, 1.0, "a new group's norms with ground rules")
    incorrect_rate: float = _assumed(0.0, 1.0, "chance content by a member who knows nothing is wrong", "000: 'Not all the information published was correct' (level assumed)")
    belonging_feedback: float = _assumed(0.0, 1.0, "belonging gained per message written", "002: 'The more that you contribute, the more comfortable you feel' (level assumed)")
    belonging_fade: float = _assumed(0.0, 1.0, "daily fade of a silent member's belonging, as a share of belonging_feedback")
    # answering (E11, E16, E8)
    answer_rate: float = _assumed(0.0, 5.0, "peers' daily answering intensity per unit of willing readers")
    relevance_base: float = _assumed(0.0, 1.0, "relevance of a question to peers at homogeneity 0 (E16)")
    attempt_slack: float = _assumed(0.0, 1.0, "how far beyond their expertise members attempt an answer")
    guess_error: float = _assumed(0.0, 1.0, "extra chance an answer beyond one's expertise is wrong")
    tie_pull: float = _assumed(0.0, 1.0, "chance a member tied to the asker (helped or was helped) and reading today takes the question up", "Faraj & Johnson 2011: direct reciprocity above chance, a minority of exchanges (level assumed)")
    answer_window_days: int = _assumed(1, 60, "days a question waits for an answer before it expires")
    reply_hours_async: float = _assumed(0.1, 24.0, "mean wait within a day without a shared time slot")
    reply_hours_slot: float = _assumed(0.1, 24.0, "mean wait within a day with one", "000: 'a specific set time for group activity' (level assumed)")
    slot_boost: float = _assumed(0.0, 5.0, "extra answering when members are online together")
    slot_time_relief: float = _assumed(0.0, 1.0, "share of workload a timetabled CPD slot frees", "000: 'Allocate time in the school timetable' (level assumed)")
    # trust (E6, E11, E14)
    trust_reply_gain: float = _assumed(0.0, 1.0, "trust gained when one's question is answered")
    trust_unanswered_loss: float = _assumed(0.0, 1.0, "trust lost per question that expired unanswered")
    trust_size_scale: float = _assumed(1.0, 1e5, "members at which the size part of the trust ceiling is one half", "000: 'not more than 10-15 teachers' (level assumed)")
    trust_relaxation: float = _assumed(0.0, 1.0, "weekly share of trust above the size ceiling that goes")
    kickoff_trust: float = _assumed(0.0, 1.0, "trust a kick-off workshop adds")
    kickoff_belonging: float = _assumed(0.0, 1.0, "belonging a kick-off workshop adds")
    newcomers_per_week: float = _assumed(0.0, 100.0, "arrivals per open group per week")
    newcomer_trust_loss: float = _assumed(0.0, 1.0, "members' trust lost per stranger who joins")
    newcomer_trust: float = _assumed(0.0, 1.0, "share of their drawn trust a newcomer arrives with")
    homogeneity_trust: float = _assumed(0.0, 1.0, "trust of a homogeneous group, above a mixed one")
    belonging_start: float = _assumed(0.0, 1.0, "belonging of strangers in a new group")
    novice_expertise_gap: float = _assumed(0.0, 1.0, "expertise early-career teachers lack")
    # supervisor and experts (E5, E15)
    supervisor_pressure: float = _assumed(0.0, 1.0, "how much a supervisor in the group cuts a novice's asking", "000: teachers 'felt pressured and observed' (level assumed)")
    experienced_share: float = _assumed(0.0, 1.0, "share of that pressure experienced teachers feel")
    supervisor_acknowledgement: float = _assumed(0.0, 5.0, "extra reacting when a supervisor watches")
    announcements_per_week: float = _assumed(0.0, 7.0, "a supervisor's posts per week")
    expert_answer_rate: float = _assumed(0.0, 1.0, "daily chance an expert takes up an open question (within capacity)")
    expert_hours: float = _assumed(0.0, 168.0, "experts' hours for a group each week (X4: limited)", "X4: experts have limited hours (level assumed)", plausible=(0.1, 1.0))
    expert_answer_minutes: float = _assumed(1.0, 600.0, "minutes an expert spends on one answer", "assumption", plausible=(5.0, 30.0))
    expert_accuracy: float = _assumed(0.0, 1.0, "chance an expert's answer is right")
    expert_accuracy_gain: float = _assumed(0.0, 1.0, "how much experts in the group cut members' wrong content")
    # moderation (E3, E9, E17)
    prompt_days_per_week: float = _assumed(0.0, 7.0, "a moderator's prompt days per week", "000: 'quizzes and puzzles' (level assumed)")
    prompt_boost: float = _assumed(0.0, 5.0, "extra tendency to post on a prompt day")
    quiet_days: int = _assumed(1, 365, "days without a post after which a member counts as quiet")
    encouraged_per_week: int = _assumed(0, 1000, "quiet members a personal moderator writes to each week")
    encouragement: float = _assumed(0.0, 1.0, "lift of a personal nudge")
    encouragement_habituation: float = _assumed(0.1, 1000.0, "nudges received after which the next counts half")
    community_share: float = _assumed(0.0, 1.0, "per-message strength of a group-wide nudge, against a personal one")
    celebrated: int = _assumed(0, 1000, "top contributors a moderator celebrates each week")
    ownership: float = _assumed(0.0, 5.0, "extra tendency to post after holding a role", "000: rotation 'to encourage ownership and more active participation' (level assumed)")
    ownership_lift: float = _assumed(0.0, 1.0, "motivation lift the first time a teacher takes a role")
    moderator_base_hours: float = _assumed(0.0, 100.0, "a moderator's weekly hours", "000: 'the time involved in administering ... can be significant' (level assumed)")
    moderator_hours_per_message: float = _assumed(0.0, 1.0, "a moderator's hours per message of the week")
    facilitator_hours: float = _assumed(0.0, 168.0, "a paid facilitator's hours for a group each week", "X4: limited hours; E9 (level assumed)", plausible=(1.0, 4.0))
    burnout: float = _assumed(0.0, 1.0, "motivation a teacher moderator loses per hour of moderating")
    norm_restore: float = _assumed(0.0, 1.0, "weekly share of lost norms a moderator restores")
    leader_emergence: float = _assumed(0.0, 1.0, "share of groups where someone will lead (moderator mode bottom_up)", "000: 'there is a risk that no-one takes on this role' (level assumed)")
    leader_min_posts: int = _assumed(1, 1000, "posts in a week to become a group's leader")
    # feedback (E10, E11)
    recognition_habituation: float = _assumed(0.1, 1000.0, "awards a member has had after which the next counts half", "assumption: no study measured it", plausible=(1.0, 12.0))
    recognition_gain: float = _assumed(0.0, 1.0, "motivation and belonging lift of being recognised", "001: 'recognition can be a powerful motivator' (level assumed)")
    incentive_boost: float = _assumed(0.0, 1.0, "drive a full payment adds at first", "001: 'financial incentives do not always lead to consistent participation' (level assumed)")
    habituation_weeks: float = _assumed(0.1, 520.0, "weeks over which a payment's bump wears off")
    crowding_out: float = _assumed(0.0, 1.0, "share of their motivation a member paid for taking part loses each paid week, at a full payment", "X1: d about -0.28 to -0.40 after contingent rewards stop (level set to it)")
    # going silent and leaving (X3, E1, E4, E12)
    mute_threshold: float = _assumed(0.0, 1.0, "motivation below which a member may mute the group (disengaged)")
    mute_rate: float = _assumed(0.0, 1.0, "daily chance a disengaged member mutes the group")
    unmute_threshold: float = _assumed(0.0, 1.0, "motivation at which a muted member unmutes")
    muted_opening: float = _assumed(0.0, 1.0, "chance factor of opening a muted group (no notifications)")
    preview_value: float = _assumed(0.0, 1.0, "share of a read that glancing at a day's notification previews gives, without opening the group", "assumption: no study measured it", plausible=(0.0, 0.3))
    exit_overload: float = _assumed(0.0, 1.0, "daily chance a disengaged member leaves a fully overloaded group", "X3: leaving is rarer than muting; E12 (level assumed)")
    exit_noise: float = _assumed(0.0, 1.0, "daily chance a disengaged member leaves a group of nothing but chatter", "X3: leaving is rarer than muting; E4 (level assumed)")
    exit_no_value: float = _assumed(0.0, 1.0, "daily chance a muted member leaves (tidies the group away)", "X3: leaving is rarer than muting (level assumed)")
    # newcomers (E11)
    first_reply_lift: float = _assumed(0.0, 1.0, "motivation and belonging lift of a first reply to a member's first message", "Joyce & Kraut 2006: a reply to a first post brings newcomers back (56% vs 44%; level assumed)")
    # connectivity (E7)
    subsidy_effect: float = _assumed(0.0, 1.0, "share of the connectivity gap data bundles close")
    training_effect: float = _assumed(0.0, 1.0, "share of the literacy gap digital training closes")
    # calendar (E8)
    exam_workload: float = _assumed(0.0, 5.0, "workload factor in exam weeks")
    weekend_workload: float = _assumed(0.0, 5.0, "workload factor at weekends")
    holiday_workload: float = _assumed(0.0, 5.0, "workload factor in holidays")
    holiday_attention: float = _assumed(0.0, 1.0, "chance factor of opening the group in holidays")
    # meetings and chatbot (E13, E19)
    meeting_boost: float = _assumed(0.0, 1.0, "motivation, trust and belonging lift of a meeting", "001: monthly meetings, 'a place for teachers to recharge' (level assumed)")
    chatbot_delay_days: int = _assumed(0, 60, "days a question waits before the chatbot answers it")
    chatbot_reach: float = _assumed(0.0, 1.0, "share of waiting questions the chatbot can answer")
    chatbot_accuracy: float = _assumed(0.0, 1.0, "chance a chatbot answer is right")
    chatbot_crowding: float = _assumed(0.0, 1.0, "how much a chatbot cuts peers' answering", "000 leaves the effect on peers open: 0 = none", plausible=(0.0, 0.5))


@dataclass
class CostConfig(_Settings):
    """Unit prices, each in `currency` per its unit, with its source (all assumptions today: set
    them to your programme's prices)."""

    currency: str = field(default="USD", metadata={"help": "the currency of every price"})
    kickoff_per_teacher: float = _cost("teacher invited", "a one-day in-person workshop (venue, transport, lunch)")
    meeting_per_teacher: float = _cost("teacher attending", "transport reimbursement per in-person meeting attended")
    data_per_teacher_week: float = _cost("member-week", "a weekly WhatsApp data bundle")
    training_per_teacher: float = _cost("teacher trained", "one digital-skills session")
    facilitator_per_hour: float = _cost("hour", "an external facilitator's hour")
    expert_per_group_week: float = _cost("group-week", "a subject advisor's time for one group")
    chatbot_per_group_week: float = _cost("group-week", "messaging fees for an automated answerer")
    financial_per_teacher_week: float = _cost("paid member-week", "the largest plausible weekly payment (scaled by policy.incentive.financial)")
    recognition_per_group_week: float = _cost("group-week", "certificates and shout-outs")


@dataclass
class Config(_Settings):
    population: PopulationConfig = field(default_factory=PopulationConfig)
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    behaviour: BehaviourConfig = field(default_factory=BehaviourConfig)
    costs: CostConfig = field(default_factory=CostConfig)
    weeks: int = _range(1, 520, 52, "horizon in weeks")
    groups: int = _range(1, 1_000_000, 1, "groups per replicate")
    replicates: int = _range(1, 100_000, 20)
    seed: int = _range(0, 2**63 - 1, 0)
    compare: list[str] = field(
        default_factory=list, metadata={"help": "policy presets to run side by side"}
    )
    decompose: bool = field(default=False, metadata={
        "help": "also split each policy's effect (against the first compared policy, or none) "
                "into its knobs' effects alone, what it loses without each, and their "
                "interaction (simulation.decompose)"})
    worlds: int = _range(0, 10_000, 0, "also compare the policies in this many plausible worlds "
                         "(draws of every assumption over its plausible range; 0: none; "
                         "simulation.worlds)")
    worlds_seed: int = _range(0, 2**32 - 1, 0, "which set of plausible worlds (the same seed and "
                              "number give the same worlds)")
    worlds_design: str = _choice(DESIGNS, "lhs", "how worlds are drawn: lhs (a Latin hypercube of "
                                 "`worlds` worlds), morris (`worlds` trajectories) or sobol "
                                 "(`worlds` base samples, a power of 2; copsim-sensitivity)")
    worlds_keys: list[str] = field(default_factory=list, metadata={
        "help": "the assumptions the worlds draw (dotted keys; default every one)"})
    world: int = _range(-1, 100_000_000, -1, "run in this one world of the design (a point of "
                        "copsim-sensitivity's sweep); -1: the assumptions as set")
    progress: bool = True


def _section(f: dataclasses.Field) -> type | None:
    """The dataclass of a nested section (e.g. `policy.moderator`), or None for a leaf field."""
    nested = f.default_factory
    return nested if isinstance(nested, type) and dataclasses.is_dataclass(nested) else None


def schema_fields(cls: type = None, prefix: str = ""):
    """(dotted key, field) for every leaf field of the schema, nested sections included."""
    for f in dataclasses.fields(cls or Config):
        key = f"{prefix}.{f.name}" if prefix else f.name
        nested = _section(f)
        if nested is not None:
            yield from schema_fields(nested, key)
        else:
            yield key, f


BOOL_KEYS = frozenset(key for key, f in schema_fields() if f.type in (bool, "bool"))


def register_configs() -> None:
    """Register the schemas so every YAML file is checked against them while composing."""
    ConfigStore.instance().store(name="config_schema", node=Config)


register_configs()


# --------------------------------------------------------------------------------------------
# Composition and validation
# --------------------------------------------------------------------------------------------
FORBIDDEN_KEYS = ("_target_", "_partial_", "_recursive_", "_convert_", "_args_")
RESOLVER = re.compile(r"\$\{\s*[\w.-]+\s*:")  # ${name:...}: a resolver call, not a key reference


def compose_config(overrides: Iterable[str] = (), return_hydra_config: bool = False) -> DictConfig:
    """Compose `configs/config.yaml` with Hydra overrides, as the command line would."""
    overrides = list(overrides)
    for item in overrides:
        if not isinstance(item, str):
            raise ConfigError(f"override {item!r}: overrides are strings like 'policy=none'")
    _check_booleans(overrides)
    if GlobalHydra.instance().is_initialized():
        GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(version_base="1.3", config_dir=str(CONFIG_DIR)):
            return compose(config_name="config", overrides=overrides,
                           return_hydra_config=return_hydra_config)
    except Exception as exc:  # Hydra raises several unrelated types for user mistakes
        raise ConfigError(_describe_hydra_error(exc, overrides)) from exc


def _check_booleans(overrides: list[str]) -> None:
    """OmegaConf would read `kickoff=2` as true: on/off keys take only true or false."""
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception:
        return  # malformed: Hydra's own message, below, says what is wrong
    for override in parsed:
        key = override.key_or_group.lstrip("+~")
        if key in BOOL_KEYS and not override.is_sweep_override():
            value = override.value()
            if not isinstance(value, bool):
                raise ConfigError(f"{key}={value!r}: expected true or false")


def _describe_hydra_error(exc: Exception, overrides: list[str]) -> str:
    message = " ".join(str(exc).split())
    missing = re.search(r"Could not (?:find|load) '([\w-]+)/([^']+)'", message)
    if missing:
        group, name = missing.groups()
        available = sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))
        return f"{group}={name}: no such preset, allowed {', '.join(available) or 'none'}"
    cause = exc.__cause__
    if cause is not None and getattr(cause, "full_key", None):
        reason = str(cause).splitlines()[0]
        return f"{cause.full_key}: {reason}"
    return f"bad override in {overrides}: {message.split(' Config search path')[0]}"


def validate(cfg: DictConfig | dict) -> Config:
    """Check a composed config and return it as an immutable `Config`.

    Raises `ConfigError` naming the key, the value and what is allowed.
    """
    if isinstance(cfg, dict):
        cfg = OmegaConf.create(cfg)
    raw = OmegaConf.to_container(cfg, resolve=False)
    _reject_unsafe(raw, "")
    _reject_unknown(raw, Config, "")
    try:
        merged = OmegaConf.merge(_schema(), cfg)  # merge copies the schema, never changes it
        settings: Config = OmegaConf.to_object(merged)  # type: ignore[assignment]
    except OmegaConfBaseException as exc:
        key = getattr(exc, "full_key", None) or "config"
        raise ConfigError(f"{key}: {' '.join(str(exc).splitlines()[0].split())}") from exc
    _check_fields(settings, "")
    _check_cross_fields(settings)
    settings._freeze()
    return settings


@functools.cache
def _schema() -> DictConfig:
    """The schema as an OmegaConf tree, built once (it takes longer than the rest of `validate`)."""
    return OmegaConf.structured(Config)


def _reject_unknown(node: Any, schema: type, path: str) -> None:
    """Refuse keys the schema lacks (Hydra lets `+policy.extra=1` add one; it would be ignored)."""
    if not isinstance(node, dict):
        return
    fields = {f.name: f for f in dataclasses.fields(schema)}
    for key, value in node.items():
        name = f"{path}.{key}" if path else str(key)
        if key not in fields:
            raise ConfigError(f"{name}: not a setting; allowed under {path or 'the top level'}: "
                              f"{', '.join(fields)}")
        nested = _section(fields[key])
        if nested is not None:
            _reject_unknown(value, nested, name)


def _reject_unsafe(node: Any, path: str) -> None:
    """Refuse instantiation keys and resolver interpolations anywhere in an unresolved config."""
    if isinstance(node, dict):
        for key, value in node.items():
            name = f"{path}.{key}" if path else str(key)
            if str(key) in FORBIDDEN_KEYS:
                raise ConfigError(
                    f"{name}: configs may not name Python objects to instantiate "
                    f"({', '.join(FORBIDDEN_KEYS)} are not allowed)"
                )
            _reject_unsafe(value, name)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _reject_unsafe(value, f"{path}[{i}]")
    elif isinstance(node, str) and RESOLVER.search(node):
        raise ConfigError(
            f"{path}={node!r}: resolvers are not allowed in configs; "
            "an interpolation may only refer to another key, like ${weeks}"
        )


def check_output_dirs(hydra_cfg: DictConfig, explicit: Iterable[str] = ()) -> None:
    """Output folders set by config files must be relative and stay inside the working folder.

    Folders the user names on the command line (`explicit` keys) are their own choice.
    """
    cwd = Path.cwd().resolve()
    for key in ("run.dir", "sweep.dir"):
        if f"hydra.{key}" in explicit:
            continue
        raw = OmegaConf.select(hydra_cfg, key, default=None)
        if raw is None:
            continue
        path = Path(str(raw))
        if path.is_absolute() or not (cwd / path).resolve().is_relative_to(cwd):
            raise ConfigError(
                f"hydra.{key}={raw!r}: a config file may only write inside the working folder "
                f"({cwd}); give an outside folder on the command line if you mean it"
            )


def _check_fields(settings: _Settings, path: str) -> None:
    for f in dataclasses.fields(settings):
        key = f"{path}.{f.name}" if path else f.name
        value = getattr(settings, f.name)
        if isinstance(value, _Settings):
            _check_fields(value, key)
            continue
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], _Settings):
            for i, item in enumerate(value):
                _check_fields(item, f"{key}[{i}]")
            continue
        if "range" in f.metadata and value is not None:
            lo, hi = f.metadata["range"]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{key}={value!r}: expected a number in [{lo}, {hi}]")
            if isinstance(value, float) and not math.isfinite(value):
                raise ConfigError(f"{key}={value!r}: expected a finite number in [{lo}, {hi}]")
            if not lo <= value <= hi:
                raise ConfigError(f"{key}={value!r}: out of range, allowed [{lo}, {hi}]")
        if "choices" in f.metadata and value not in f.metadata["choices"]:
            allowed = "|".join(f.metadata["choices"])
            raise ConfigError(f"{key}={value!r}: unknown value, allowed {allowed}")


def _check_cross_fields(s: Config) -> None:
    if s.policy.moderator.mode == "rotating" and s.policy.moderator.rotation_weeks > s.weeks:
        raise ConfigError(
            f"policy.moderator.rotation_weeks={s.policy.moderator.rotation_weeks}: a rotating "
            f"moderator never hands over within the horizon (weeks={s.weeks}); use a period of "
            "at most `weeks` or policy.moderator.mode=fixed"
        )
    if s.policy.meeting_every_weeks > s.weeks:
        raise ConfigError(
            f"policy.meeting_every_weeks={s.policy.meeting_every_weeks}: longer than the horizon "
            f"(weeks={s.weeks}); use 0 for no meetings"
        )
    for key in ("holiday_weeks", "exam_weeks"):
        for week in getattr(s.population.calendar, key):
            if not 1 <= week <= 520:
                raise ConfigError(
                    f"population.calendar.{key} contains {week}: weeks are numbered 1 to 520"
                )
    _check_phases(s)
    for key, bounds in s.population.plausible.items():
        f = next((f for f in dataclasses.fields(PopulationConfig) if f.name == key), None)
        if f is None or "range" not in f.metadata or key == "group_size":
            raise ConfigError(f"population.plausible.{key}: not an uncertain population value")
        lo, hi = f.metadata["range"]
        if len(bounds) != 2 or not lo <= bounds[0] <= bounds[1] <= hi:
            raise ConfigError(f"population.plausible.{key}={list(bounds)}: expected [low, high] "
                              f"with {lo} <= low <= high <= {hi}")
    available = {p.stem for p in (CONFIG_DIR / "policy").glob("*.yaml")}
    for name in s.compare:
        if name not in available:
            raise ConfigError(
                f"compare contains {name!r}: no such policy preset, "
                f"allowed {', '.join(sorted(available))}"
            )
    if s.world >= 0 and not s.worlds:
        raise ConfigError(f"world={s.world}: needs the set it belongs to: worlds=N (and "
                          "worlds_seed, worlds_design as the set was drawn)")
    if s.worlds_design == "sobol" and s.worlds & (s.worlds - 1):
        raise ConfigError(f"worlds={s.worlds}: a Sobol design needs a power of 2 (e.g. 512)")
    if s.decompose and (len(s.compare) == 1 or (not s.compare and s.policy.name == "none")):
        raise ConfigError("decompose=true: needs a policy to split against a baseline: "
                          "policy=NAME (against none) or compare=[BASELINE,NAME,...]")


def check_worlds_request(s: Config) -> None:
    """A single run's `worlds=N` can be carried out: there is a comparison, over a Latin
    hypercube. (A sweep's points carry `worlds` as the size of their design: not checked.)
    Raises ConfigError."""
    if not s.worlds or s.world >= 0:
        return
    if len(s.compare) == 1 or (not s.compare and s.policy.name == "none"):
        raise ConfigError(f"worlds={s.worlds}: needs a policy to compare with a baseline: "
                          "policy=NAME (against none) or compare=[BASELINE,NAME,...]")
    if s.worlds_design != "lhs":
        raise ConfigError(f"worlds_design={s.worlds_design}: a comparison over worlds draws a Latin "
                          "hypercube (lhs); morris and sobol designs are run by copsim-sensitivity")


def updated(settings: Config, changes: dict[str, Any]) -> Config:
    """`settings` with some leaf values replaced ({dotted key: value}, values as Hydra parses
    them), checked as `validate` checks a composed config: the key exists, the value has the
    field's type (a whole number is accepted for a decimal field), range, choices and the
    cross-field rules. ~0.1 ms where `validate` takes ~8 ms: a sweep's points that differ only
    in values are made so from the first one. Raises `ConfigError`."""
    fields = dict(schema_fields())
    new = _unfrozen(settings)
    for key, value in changes.items():
        if key not in fields or _section(fields[key]) is not None:
            raise ConfigError(f"{key}: not a setting (`copsim --cfg job` lists them)")
        *path, name = key.split(".")
        node = new
        for part in path:
            node = getattr(node, part)
        object.__setattr__(node, name, _typed(key, fields[key], value))
    _check_fields(new, "")
    _check_cross_fields(new)
    new._freeze()
    return new


def _unfrozen(settings: _Settings) -> _Settings:
    """A mutable copy of frozen settings (sections copied too; values are immutable)."""
    copy = object.__new__(type(settings))
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        object.__setattr__(copy, f.name, _unfrozen(value) if isinstance(value, _Settings) else value)
    return copy


def _typed(key: str, f: dataclasses.Field, value: Any) -> Any:
    """`value` as the field's type, or ConfigError as OmegaConf would raise it."""
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    if isinstance(value, list):
        if not kind.startswith("list"):
            raise ConfigError(f"{key}={value!r}: expected one value, not a list")
        return tuple(value)
    if value is None and "None" not in kind:
        raise ConfigError(f"{key}=null: a value is required")
    if kind == "bool" and not isinstance(value, bool):
        raise ConfigError(f"{key}={value!r}: expected true or false")
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind in ("int", "int | None", "float") and isinstance(value, bool):
        raise ConfigError(f"{key}={value!r}: expected a number")
    if kind == "str" and not isinstance(value, str):
        raise ConfigError(f"{key}={value!r}: expected text")
    return value


# Policy knobs a phase may change: the others decide who the members are (size, membership,
# homogeneity, the kick-off), which is settled when the group starts.
FIXED_FOR_THE_RUN = ("name", "group_size", "closed_membership", "homogeneity", "kickoff", "phases")


def phase_knobs(phase: PhaseConfig) -> dict[str, Any]:
    """A phase's `set` as {dotted policy key: value} (nested dicts are read as dotted keys)."""
    flat: dict[str, Any] = {}

    def walk(node: dict, prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                flat[f"{prefix}{key}"] = value

    walk(dict(phase.set), "")
    return flat


def _without_phases(settings: Config) -> Config:
    """A mutable copy of `settings` whose policy has no phases."""
    without = _unfrozen(settings)
    object.__setattr__(without.policy, "phases", ())
    return without


def phase_settings(settings: Config) -> list[tuple[PhaseConfig, Config]]:
    """Each phase of `settings.policy.phases` with the settings that hold while it does (the
    policy with the phase's knobs, and no phases), values typed as the schema says."""
    without = _without_phases(settings)
    return [(phase, updated(without, {f"policy.{k}": v for k, v in phase_knobs(phase).items()}))
            for phase in settings.policy.phases]


def _check_phases(s: Config) -> None:
    """Phases in order, not overlapping, within the horizon, each changing knobs that exist and
    may change during a run, to allowed values."""
    if not s.policy.phases:
        return
    without = _without_phases(s)  # each knob's value is checked on the settings without them
    previous_end = 0
    for i, phase in enumerate(s.policy.phases):
        where = f"policy.phases[{i}]"
        end = s.weeks if phase.end is None else phase.end
        if phase.start > s.weeks:
            raise ConfigError(f"{where}.start={phase.start}: after the last week (weeks={s.weeks})")
        if phase.end is not None and phase.end > s.weeks:
            raise ConfigError(f"{where}.end={phase.end}: after the last week (weeks={s.weeks}); "
                              "use null for 'to the end of the run'")
        if end < phase.start:
            raise ConfigError(f"{where}: ends (week {end}) before it starts (week {phase.start})")
        if phase.start <= previous_end:
            raise ConfigError(f"{where}.start={phase.start}: phases must be in order and not "
                              f"overlap (the phase before ends in week {previous_end})")
        previous_end = end
        knobs = phase_knobs(phase)
        if not knobs:
            raise ConfigError(f"{where}.set: empty; name the knobs the phase changes")
        for key, value in knobs.items():
            if key.split(".")[0] in FIXED_FOR_THE_RUN:
                raise ConfigError(f"{where}.set.{key}: cannot change during a run (it decides "
                                  f"who the members are); fixed knobs: {', '.join(FIXED_FOR_THE_RUN)}")
            try:
                updated(without, {f"policy.{key}": value})
            except ConfigError as exc:
                raise ConfigError(f"{where}.set.{str(exc).removeprefix('policy.')}") from None


def load_settings(overrides: Iterable[str] = ()) -> Config:
    """Compose and validate in one step: the entry point for notebooks and tests."""
    return validate(compose_config(overrides))


def setting(settings: Config, key: str) -> Any:
    """A setting by its dotted key (`policy.moderator.mode`)."""
    value: Any = settings
    for part in key.split("."):
        value = getattr(value, part)
    return value


def group_size(settings: Config) -> int:
    """Members per group: the policy's choice, or the context's usual size."""
    return settings.policy.group_size or settings.population.group_size


def to_yaml(settings: Config) -> str:
    """The resolved config as YAML (what is saved beside every result): the text
    `OmegaConf.to_yaml` gives, without building an OmegaConf tree first (5x faster)."""
    return yaml_text(_plain(settings))


class _Dumper(yaml.CDumper):
    """libyaml's emitter (3x faster than PyYAML's own) with OmegaConf's quoting of strings that
    read as booleans or numbers: the text `OmegaConf.to_yaml` gives (tests/test_config.py)."""


_Dumper.add_representer(str, OmegaConfDumper.str_representer)


def yaml_text(data: Any) -> str:
    """Plain data (dicts, lists, values) as the YAML text `OmegaConf.to_yaml` would give.

    Configs are nested mappings of numbers, flags and simple words: those are written directly
    (~20x faster than PyYAML, whose representer is pure Python: a sweep writes several YAML
    files a point); anything else goes through PyYAML."""
    try:
        return "".join(_block(data, "")) if isinstance(data, dict) else _dumped(data)
    except _NotSimple:
        return _dumped(data)


def _dumped(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, default_flow_style=False, allow_unicode=True,
                     sort_keys=False)


class _NotSimple(Exception):
    """A value the direct writer leaves to PyYAML."""


_SIMPLE_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _block(data: dict, indent: str) -> list[str]:
    """PyYAML's block style for a mapping: nested mappings indented by two, lists of scalars
    as `- item` lines at the key's indent, empty ones as {} and []."""
    lines = []
    for key, value in data.items():
        if not isinstance(key, str) or _scalar(key) != key:  # a key that needs quotes
            raise _NotSimple
        if isinstance(value, dict) and value:
            lines.append(f"{indent}{key}:\n")
            lines += _block(value, indent + "  ")
        elif isinstance(value, (list, tuple)) and value:
            lines.append(f"{indent}{key}:\n")
            lines += [f"{indent}- {_scalar(item)}\n" for item in value]
        elif isinstance(value, (dict, list, tuple)):
            lines.append(f"{indent}{key}: {'{}' if isinstance(value, dict) else '[]'}\n")
        else:
            lines.append(f"{indent}{key}: {_scalar(value)}\n")
    return lines


def _scalar(value: Any) -> str:
    """A value as PyYAML writes it (its float representation included)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (math.inf, -math.inf):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    if isinstance(value, str) and _SIMPLE_WORD.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    raise _NotSimple


def _plain(value: Any) -> Any:
    """Settings as nested dicts and lists, in schema order."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
