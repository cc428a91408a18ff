"""The dashboard under load: ten browser sessions at once, each with its own settings."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_dashboard import set_group_size

pytestmark = pytest.mark.browser

SIZES = [5, 8, 11, 14, 17, 20, 23, 26, 29, 32]
LOADED_MS = 240_000  # twenty simulations start at once on two cores


def test_ten_concurrent_sessions_keep_their_own_results_and_the_server_keeps_serving(
        browser, dashboard):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1100}) for _ in SIZES]
    errors = []
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(dashboard)
        for page in pages:
            expect(page.locator(".decay-curves svg.marks").first).to_be_visible(
                timeout=LOADED_MS)
        for page, size in zip(pages, SIZES):
            set_group_size(page, size)
        for page in pages:  # press Run everywhere before waiting for anyone
            expect(page.get_by_text("Settings changed")).to_be_visible(timeout=LOADED_MS)
            page.locator(".run-button").click()
        for page, size in zip(pages, SIZES):
            mine = re.compile(rf"policy\.group_size={size}\b")
            expect(page.locator("code", has_text=mine)).to_be_visible(timeout=LOADED_MS)
        for page, size in zip(pages, SIZES):
            shown = page.locator("code").all_inner_texts()
            others = [s for s in SIZES if s != size and
                      any(re.search(rf"policy\.group_size={s}\b", text) for text in shown)]
            assert not others, f"session with {size} shows results of {others}"
            expect(page.get_by_text("The run failed")).to_have_count(0)
        assert not errors
        fresh = contexts[0].new_page()
        fresh.goto(dashboard + "evidence")
        expect(fresh.get_by_text("Evidence rows").first).to_be_visible(timeout=LOADED_MS)
    finally:
        for context in contexts:
            context.close()
