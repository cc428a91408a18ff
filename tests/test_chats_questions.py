"""Questions and replies in imported chats (simulation/chats/questions.py): each rule on messages
made for it, then the error rates on the hand-labelled messages and threads of tests/data/chats
(README there). The rules were tuned on the "dev" half only; the bounds below were set a little
under what the "test" half measured (run with -s to print the figures).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.chats.questions import (REPLY_WINDOW_HOURS, find_replies, is_greeting,
                                        is_phatic, is_question, is_thanks, question_rates,
                                        reply_rates)

DATA = Path(__file__).parent / "data" / "chats"
MESSAGES = pd.read_csv(DATA / "labelled_messages.csv", keep_default_na=False)
THREADS = pd.read_csv(DATA / "labelled_threads.csv", keep_default_na=False)

# Bounds, a little under what the test split measured: every message right in each language (one
# error would make en 0.98, sw 0.98, mixed 0.93), replies recall 0.77 and precision 0.65. With
# 15 mixed messages (6 not asking), one false positive is a rate of 0.17.
MIN_QUESTION_ACCURACY = {"en": 0.9, "sw": 0.9, "mixed": 0.9}
MAX_FALSE_POSITIVE_RATE = {"en": 0.1, "sw": 0.1, "mixed": 0.2}
MAX_FALSE_NEGATIVE_RATE = {"en": 0.1, "sw": 0.1, "mixed": 0.2}
MIN_REPLY_RECALL, MIN_REPLY_PRECISION = 0.7, 0.6


# --- is_question, rule by rule --------------------------------------------------------------------

@pytest.mark.parametrize("text, asks", [
    ("Umepona?", True),                                    # rule 1: "?" alone
    ("Tumechoka sasa?!", False),                           # ... but "?!" exclaims
    ("Tumechoka sasa? 😂", False),                         # ... as does a laugh right after "?"
    ("Mmechoka? 😅", True),                                # ... not any emoji
    ("Nani atatulipa? Hakuna!", False),                    # ... nor a question answered at once
    ("Why do they fail? Because they never practise.", False),
    ("Why not try the jigsaw method?", False),             # ... nor a rhetorical opener
    ("Who knew marking could be fun", False),
    ("See the form at https://example.org/form?id=3", False),  # a "?" in a link asks nothing
    ("", False),                                           # media
])
def test_question_marks(text, asks):
    assert is_question(text) is asks


@pytest.mark.parametrize("text, asks", [
    ("Habari za asubuhi walimu?", False),
    ("How are you all?", False),
    ("How are you Teacher Wanjiru?", False),              # a name after the greeting
    ("Vipi mwalimu, umefika salama?", True),              # two words after it: asks
    ("How are you handling the new assessment forms?", True),  # more than a name: asks
    ("Habari za matokeo ya mtihani?", True),               # "habari za" + news asked for
    ("Mko poa walimu?", False),
    ("Walimu, hakuna?", True),                             # vocatives alone greet nobody
    ("Poa sana, na wewe je?", False),                      # the greeting returned
    ("Bado sijapata mshahara, nyie je?", True),            # "nyie je" asking for real
    ("Good morning, can someone send the timetable", True),  # greeting, then a question
    ("Vipi kuhusu mitihani ya mock", True),                # "vipi" not as a greeting
])
def test_greetings_ask_nothing_but_what_follows_them_may(text, asks):
    assert is_question(text) is asks


@pytest.mark.parametrize("text, asks", [
    ("what time is the meeting tomorrow", True),           # rule 2: a question word opens
    ("When is the deadline for TPAD", True),               # when + verb
    ("When we meet bring your books", False),              # when + subject: a time clause
    ("Teachers, does anybody know the date of the mock", True),  # vocative, then auxiliary
    ("Do not forget the meeting", False),                  # auxiliary without a subject
    ("Can't wait for the holidays", False),
])
def test_english_openers_without_question_mark(text, asks):
    assert is_question(text) is asks


@pytest.mark.parametrize("text, asks", [
    ("Tufanyeje na wanafunzi watoro", True),               # -je
    ("Kesho wanafunzi waje na sare", False),               # "waje" is not -je
    ("Kuna mtu ana notes za kemia kidato cha tatu", True),
    ("Leo kuna mvua kubwa", False),
    ("Naomba msaada wa mitihani ya darasa la saba", True),
    ("Naomba radhi kwa kuchelewa", False),                 # an apology
    ("Tunaombwa kuwasilisha ripoti kabla ya ijumaa", False),  # "we are asked"
    ("Nimeomba uhamisho mara tatu", False),                # "I have asked"
    ("Mtu mwenye namba ya afisa elimu anitumie", True),
    ("Nitakutumia kesho asubuhi", False),                  # "I will send you"
    ("Ada ya mtihani ni shilingi ngapi mwaka huu", True),  # question word mid-sentence
    ("Wasee, mko na notes za chemistry form 3", True),     # second-person ask (Sheng)
    ("Niko na hiyo file", False),                          # first person
])
def test_swahili_markers_anywhere(text, asks):
    assert is_question(text) is asks


@pytest.mark.parametrize("text, asks", [
    ("Kindly assist with the KCSE marking scheme", True),
    ("Kindly note that the meeting starts at 2pm", False),  # an instruction
    ("Please share with me the mock timetable", True),
    ("Please submit your marks by Friday", False),
    ("Let me know if anyone needs the physics notes", False),  # an offer
    ("Checking if anyone has the grade 4 activity book", True),
    ("My projector is not working, any tips", True),
    ("I don't have any idea", False),
    ("I need notes on photosynthesis for form one", True),
])
def test_english_requests_but_not_offers_or_instructions(text, asks):
    assert is_question(text) is asks


# --- thanks and greetings, which answer nothing ---------------------------------------------------

def test_thanks_are_short_and_ask_nothing():
    assert is_thanks("Asante sana mwl 🙏") and is_thanks("Noted with thanks")
    assert not is_thanks("Thanks, but where did you get it?")  # asks
    assert not is_thanks("Thank you, the answer is to divide by two and then add the remainder")
    assert not is_thanks("")


def test_greetings_and_good_wishes():
    assert is_greeting("Good morning all 🌞") and is_greeting("Mungu awabariki walimu wote")
    assert is_greeting("Nzuri mwalimu, habari za huko")
    assert not is_greeting("Good morning, anyone with the SoW?") and not is_greeting("")
    assert is_phatic("Asante") and is_phatic("Hamjambo walimu") and not is_phatic("Iko hapa")


# --- find_replies, rule by rule -------------------------------------------------------------------

def replies(hours, authors, questions, quoted=None, **options):
    """find_replies on short lists; quoted defaults to none."""
    quoted = [-1] * len(hours) if quoted is None else quoted
    return find_replies(np.array(hours, dtype=float), np.array(authors),
                        np.array(questions, bool), np.array(quoted), **options).tolist()


def test_another_member_answers_the_question_within_the_window():
    # 0 asks (A); 1 the asker again; 2 B answers; 3 C answers too
    assert replies([0, 0.1, 1, 2], [0, 0, 1, 2], [1, 0, 0, 0]) == [-1, -1, 0, 0]
    late = REPLY_WINDOW_HOURS + 1
    assert replies([0, late], [0, 1], [1, 0]) == [-1, -1]
    assert replies([0, late], [0, 1], [1, 0], window_hours=late) == [-1, 0]


def test_a_question_closes_when_its_asker_writes_after_an_answer():
    # 0 A asks; 1 B answers; 2 A thanks; 3 C writes: no longer an answer
    assert replies([0, 1, 2, 3], [0, 1, 0, 2], [1, 0, 0, 0]) == [-1, 0, -1, -1]
    # the asker writing before any answer (adding detail) does not close it
    assert replies([0, 0.1, 1], [0, 0, 1], [1, 0, 0]) == [-1, -1, 0]


def test_the_most_recent_open_question_not_asked_by_the_answerer():
    # 0 A asks; 1 B asks; 2 C answers -> 1; 3 B answers -> 0 (B asked 1)
    assert replies([0, 1, 2, 3], [0, 1, 2, 1], [1, 1, 0, 0]) == [-1, -1, 1, 0]


def test_a_quote_of_a_question_wins():
    # 0 A asks; 1 B asks; 2 C quotes 0 -> 0; 3 D quotes the non-question 2 -> none;
    # 4 B quotes 1 (own question) -> none; 5 C asks quoting 0 -> none (a question)
    assert replies([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 1, 2], [1, 1, 0, 0, 0, 1],
                   quoted=[-1, -1, 0, 2, 1, 0]) == [-1, -1, 0, -1, -1, -1]
    late = 10 * REPLY_WINDOW_HOURS  # a quote answers however late
    assert replies([0, late], [0, 1], [1, 0], quoted=[-1, 0]) == [-1, 0]
    with pytest.raises(ValueError, match="earlier"):
        replies([0, 1], [0, 1], [1, 0], quoted=[1, -1])


def test_a_nudge_by_the_asker_sends_answers_to_the_first_question():
    # 0 A asks; 1 A: "Anyone?" (a question); 2 B answers -> 0
    assert replies([0, 2, 3], [0, 0, 1], [1, 1, 0]) == [-1, -1, 0]


def test_phatic_messages_answer_nothing():
    # 0 A asks; 1 B greets; 2 C answers
    greets = np.array([0, 1, 0], bool)
    assert replies([0, 1, 2], [0, 1, 2], [1, 0, 0], phatic=greets) == [-1, -1, 0]
    assert replies([0, 1, 2], [0, 1, 2], [1, 0, 0]) == [-1, 0, 0]  # not told: B answers
    assert replies([], [], []) == []


# --- the labelled data ----------------------------------------------------------------------------

def test_the_labelled_files_are_as_the_readme_says():
    assert len(MESSAGES) >= 200 and set(MESSAGES.split) == {"dev", "test"}
    assert set(MESSAGES.language) == {"en", "sw", "mixed"} and set(MESSAGES.question) == {0, 1}
    assert len(THREADS) >= 150 and THREADS.thread.nunique() >= 6
    for _, thread in THREADS.groupby("thread"):
        assert thread.split.nunique() == 1 and pd.to_datetime(thread.time).is_monotonic_increasing
    rows = {row: k for k, row in enumerate(THREADS.index + 1)}
    for k, answer in THREADS[THREADS.reply_to != ""].iterrows():
        question = THREADS.iloc[rows[int(answer.reply_to)]]
        assert question.question == 1 and question.thread == answer.thread
        assert int(answer.reply_to) < k + 1  # an earlier row


@pytest.mark.parametrize("split", ["test", "dev"])
def test_question_detection_error_rates(split):
    """Test split (en 60, sw 45, mixed 15 messages): no error. Dev (tuned on; en 60, sw 40,
    mixed 18): 3 errors, all rhetorical laments ending in "?" (false positives)."""
    for language, messages in MESSAGES[MESSAGES.split == split].groupby("language"):
        rates = question_rates(messages.text.tolist(), (messages.question == 1).tolist())
        print(f"\n{split} {language:5s} n={rates.n:3d} accuracy {rates.accuracy:.2f} "
              f"FP rate {rates.false_positive_rate:.2f} FN rate {rates.false_negative_rate:.2f} "
              f"precision {rates.precision:.2f} recall {rates.recall:.2f}", end="")
        assert rates.accuracy >= MIN_QUESTION_ACCURACY[language]
        assert rates.false_positive_rate <= MAX_FALSE_POSITIVE_RATE[language]
        assert rates.false_negative_rate <= MAX_FALSE_NEGATIVE_RATE[language]


def thread_replies(split: str, detected: bool) -> tuple[np.ndarray, np.ndarray]:
    """(found, labelled) reply_to of every message of the split's threads, as 0-based rows of
    the file: find_replies on each thread with the questions as labelled, or as `is_question`
    finds them (detected), and thanks and greetings by `is_phatic`."""
    found, labelled = [], []
    for _, thread in THREADS[THREADS.split == split].groupby("thread", sort=False):
        times = pd.to_datetime(thread.time).to_numpy()
        asks = (np.array([is_question(t) for t in thread.text]) if detected
                else thread.question.to_numpy() == 1)
        reply = find_replies((times - times[0]) / np.timedelta64(1, "h"),
                             pd.factorize(thread.author)[0], asks, np.full(len(thread), -1),
                             phatic=np.array([is_phatic(t) for t in thread.text]))
        found.append(np.where(reply >= 0, thread.index.to_numpy()[np.maximum(reply, 0)], -1))
        labelled.append(np.array([int(r) - 1 if r != "" else -1 for r in thread.reply_to]))
    return np.concatenate(found), np.concatenate(labelled)


@pytest.mark.parametrize("split", ["test", "dev"])
@pytest.mark.parametrize("detected", [False, True], ids=["labelled-questions", "detected"])
def test_reply_recall_and_precision(split, detected):
    """Test, either way: recall 0.77, precision 0.65 (chatter taken for answers, and answers
    given to the later of two open questions). Dev (tuned on): recall 0.96, precision 0.83."""
    recall, precision = reply_rates(*thread_replies(split, detected))
    print(f"\n{split} replies, {'detected' if detected else 'labelled'} questions: "
          f"recall {recall:.2f} precision {precision:.2f}", end="")
    assert recall >= MIN_REPLY_RECALL and precision >= MIN_REPLY_PRECISION
