"""Shared fixtures: small real runs, reused across tests of the output contract."""

import pytest

from simulation import simulate


@pytest.fixture(scope="session")
def dime_run():
    """Tanzania, DIME package (moderator, experts, recognition...), 5 replicates, 16 weeks."""
    return simulate(["policy=dime_recommended", "replicates=5", "weeks=16", "groups=2"], seed=11)


@pytest.fixture(scope="session")
def open_run():
    """Tanzania, no support, open membership (newcomers join), chatbot on, 5 replicates."""
    return simulate(["policy=none", "policy.chatbot=true", "replicates=5", "weeks=16"], seed=12)
