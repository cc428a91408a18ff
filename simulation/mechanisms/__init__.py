"""The model's mechanisms: one module per idea, each citing the EVIDENCE.md rows it implements.

Every mechanism is a function `f(model, day)` that updates the model's state arrays for all
teachers of all groups at once. `simulation.model.DAILY` and `WEEKLY` give their order.
"""

from simulation.mechanisms import (
    answering,
    asking,
    chatbot,
    connectivity,
    emergent_leaders,
    experts,
    incentive,
    leaving,
    meetings,
    membership,
    moderator,
    motivation,
    offtopic,
    posting,
    programme,
    reading,
    recognition,
    supervisor,
    trust,
    workload,
)

__all__ = [
    "answering", "asking", "chatbot", "connectivity", "emergent_leaders", "experts", "incentive",
    "leaving", "meetings", "membership", "moderator", "motivation", "offtopic", "posting", "programme",
    "reading", "recognition", "supervisor", "trust", "workload",
]
