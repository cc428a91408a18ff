"""Which imported messages ask the group something (`is_question`), and which later messages
answer them (`find_replies`), in English, Swahili and the two mixed (with Sheng).

A message asks when the writer wants something back from the group or a member: an answer,
information, advice, an opinion, a document, help. It asks when one of its sentences does, the
text lower-cased and its links removed first (a "?" inside a URL asks nothing). A sentence asks
1. when it ends with "?", unless the "?" is exclamatory ("?!", "!?", or a laughing emoji right
   after it), the sentence opens rhetorically ("Who knew...", "Why not try...", "Isn't it...",
   "What a..."), or the writer answers it in the next sentence ("...? Because...",
   "...? Nobody!", "...? Ni kwa sababu...", "...? Hakuna!");
2. with or without "?", when it opens, after greetings, vocatives ("teachers,", "walimu") and
   "please", with an English question word (who, what, which, why, how; when and where followed
   by a verb: "when is", not "when we") or an auxiliary followed by its subject ("is there",
   "does anyone", "can someone", "should we");
3. when it holds a question marker anywhere: a Swahili question word (nani, nini, lini, wapi,
   vipi, gani, -ngapi, kwa nini, je, mbona, Sheng "aje"), a verb ending in -je ("tufanyeje",
   "mnaonaje"), someone asked for ("kuna mtu", "kuna mwenye", "mtu anajua", "anyone",
   "anybody"), a second-person ask ("una", "mko na", "unaweza", "mnajua", "umepata", "do you",
   "can someone"), or a request ("naomba", "nisaidie", "anitumie", "nahitaji"; "I need",
   "looking for", "requesting", "please help/share/send/assist/advise/explain", "share with me",
   "any idea", "any tips", "I'd like to know", "I have a question"). Offers are not requests
   ("Let me know if anyone needs the notes", "if you need them, inbox me"), nor apologies
   ("naomba radhi") or announcements ("naomba kuwatangazia").
A sentence that is only a greeting asks nothing, even with "?" ("How are you all?", "Habari za
asubuhi walimu?", "Mko salama?", "Poa, na wewe je?"): the greeting formula and the vocatives
after it are removed, and a sentence left with at most one word (a name) is a greeting. Thanks,
answers, announcements, instructions ("Please submit...", "Kindly note...") and stickers do not
ask; media without a caption (empty text) neither.

Replies (`find_replies`): a message answers a question
1. when the export says it replies to (quotes) that question, and it is not itself a question
   nor written by the asker; a message quoting anything else answers nothing;
2. otherwise, when it is written by another member than the asker, is not itself a question,
   not thanks nor a greeting (`is_phatic`), and the question is the most recent open question
   this member did not ask. A question is open for `REPLY_WINDOW_HOURS` (24, from the dev
   threads) after it is asked, or until its asker writes again once it has an answer (thanks,
   "Sawa", "I will try that"). Until then it collects every answer: in the labelled threads a
   question often gets two or three, and a rule of one answer per question found half of them.
   A question from the asker of the most recent open, unanswered question ("Anyone?", "Jamani
   hakuna?") follows that question up: it opens no question, answers go to the first.
Answers are not matched to questions by content, so when two questions are open at once all
answers go to the later one.

The rules were written against the hand-labelled messages and threads in `tests/data/chats`
(README there): tuned on their "dev" half, measured on their "test" half by the tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# --- Questions ---------------------------------------------------------------------------------

URL = re.compile(r"(?:https?://|www\.)\S+")
# A sentence: text up to a run of . ! ? or a line end, with the emojis and spaces that follow.
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*[^\w\n]*|[.!?]+[^\w\n]*")
TERMINATOR = re.compile(r"([.!?]+)(\W*)$")  # the end marks, and the emojis and spaces after them
SYMBOLS = re.compile(r"[^\w\s',:;\-]+")  # emojis and symbols, dropped from a sentence's words
LAUGHS = ("😂", "🤣", "😆", "😹")

# What can stand before the point of a sentence: greetings, vocatives, politeness, fillers.
VOCATIVES = (r"teachers?|colleagues?|guys|team|all|everyone|everybody|friends|people|members|"
             r"walimu|mwalimu|mwl|wenzangu|wenzetu|wakuu|mkuu|wasee|jamani|bro|sis|madam|madame|"
             r"mam|sir|tr|mr|mrs|ms|dear|wote|wangu|today|doing|leo|huko")
GREETING_FORMULAS = (
    r"good\s+(?:morning|afternoon|evening|night|day)|morning|afternoon|evening|hello|hallo|hi|"
    r"hey|greetings|how\s+(?:are|r)\s+(?:you|u|we)|how\s+is\s+(?:everyone|everybody|it\s+going)|"
    r"how's\s+(?:everyone|everybody|it\s+going)|hope\s+you\s+are\s+well|"
    r"are\s+you\s+(?:all\s+)?(?:well|fine|ok|okay|good)|"
    r"habari(?:\s+(?:za|ya)\s+(?:asubuhi|mchana|jioni|usiku|leo|kazi|siku|huko|wikendi|weekend|"
    r"saa\s+hizi))?|habari\s+(?:zenu|yako|zako|yenu|gani)|hamjambo|hujambo|shikamoo|marahaba|"
    r"mambo(?:\s+vipi)?|vipi\s+vipi|niaje|sasa|salaam|salama|u\s+hali\s+gani|"
    r"m(?:ko|ambo)\s+(?:salama|poa|fiti|sawa|freshi|fresh)|vipi(?=\s*[,.!?]|\s*$|\s+(?:"
    + VOCATIVES + r")\b)|"
    # answers to greetings, and the greeting returned ("Poa sana, na wewe je?")
    r"(?:poa|nzuri|njema|safi|fiti|freshi|hatujambo|sijambo|tuko\s+poa|fine|good|great|well)"
    r"(?:\s+(?:sana|kabisa|tu))?|(?:na\s+)?(?:wewe|nyie|nyinyi|ninyi|nawe)\s+je|and\s+you|"
    r"how\s+about\s+you|"
    # good wishes and blessings
    r"good\s+night|night|usiku\s+mwema|lala\s+salama|kazi\s+njema|siku\s+njema|wikendi\s+njema|"
    r"have\s+a\s+(?:good|nice|blessed|great)\s+(?:day|night|weekend|week)|happy\s+\w+|"
    r"god\s+bless(?:\s+you)?|mungu\s+(?:a|i|tu|wa)?\w*bariki\w*|amina|amen|karibu\w*|pole(?:ni)?")
PREFIX = re.compile(r"^(?:(?:" + GREETING_FORMULAS + r"|" + VOCATIVES
                    + r"|please|pls|plz|kindly|tafadhali|so|and|but|ok|okay|sawa|wow|eish|aisee"
                    + r")\b[\s,:;\-]*)+")
# A greeting: a formula, with vocatives before or after it ("Wakuu habari"); vocatives alone
# ("Jamani, hakuna?") are no greeting.
GREETING = re.compile(r"^(?:(?:" + VOCATIVES + r")\b[\s,:;\-]*)*(?:" + GREETING_FORMULAS
                      + r")\b[\s,:;\-]*(?:(?:" + GREETING_FORMULAS + r"|" + VOCATIVES
                      + r")\b[\s,:;\-]*)*")
MAX_GREETING_TAIL_WORDS = 1  # "How are you Teacher Wanjiru?": a name may follow the greeting

RHETORICAL_OPENERS = re.compile(
    r"^(?:who\s+knew|who\s+would\s+have\s+(?:thought|known|guessed)|why\s+not|isn'?t\s+it|"
    r"ain'?t\s+it|what\s+an?\b|how\s+(?:nice|sweet|lovely|wonderful|beautiful|great|good|sad|"
    r"true|funny|kind|amazing|cool)\b)")
SELF_ANSWERS = re.compile(
    r"^(?:because|coz|cause|nobody|no\s+one|none|never|the\s+answer\s+is|kwa\s+sababu|"
    r"ni\s+kwa\s+sababu|sababu|hakuna|hamna|jibu\s+ni)\b")

AUXILIARIES = (r"is|are|was|were|am|do|does|did|can|could|would|will|should|shall|may|might|has|"
               r"have|had|must")
SUBJECTS = (r"i|you|u|we|they|he|she|it|there|anyone|anybody|any|someone|somebody|one|the|this|"
            r"that|these|those|our|your|my|his|her|their|all|everyone|everybody|teachers?|guys|"
            r"mr|mrs|madam|sir|tsc|knec|kicd|necta|tie")
EN_OPENERS = re.compile(
    r"^(?:who|whom|whose|what|whats|what's|wat|which|why|how|hw)\b"
    r"|^(?:when|wen|where)\s+(?:" + AUXILIARIES + r")\b"
    r"|^(?:" + AUXILIARIES + r")\s+(?:" + SUBJECTS + r")\b"
    r"|^(?:help|assist|advise|guide)\b")
EN_MARKERS = re.compile(
    r"\b(?:any\s?one|any\s?body|any\s+teacher|any\s+school)\b"
    r"|\b(?:do|did|does|can|could|would|will|have|has|are|were|is)\s+(?:you|u|anyone|anybody|"
    r"someone|somebody)\b"
    r"|(?<!have\s)\bany\s+(?:idea|ideas|tips?|help|advice|suggestions?|recommendations?|info|"
    r"information|updates?|news)\b"
    r"|\b(?:i\s+need|in\s+need\s+of|looking\s+for|requesting|request\s+for|humbly\s+request|"
    r"share\s+with\s+me|send\s+me|share\s+me|help\s+me|assist\s+me|i'?d\s+like\s+to\s+know|"
    r"i\s+would\s+like\s+to\s+know|want(?:ed)?\s+to\s+know|i\s+wonder|checking\s+if|"
    r"i\s+have\s+a\s+question|my\s+question|tell\s+me|share\s+your|let\s+me\s+know)\b"
    r"|\b(?:please|pls|plz|kindly)\W+(?:help|assist|advise|share|send|explain|guide|tell)\b")
SW_MARKERS = re.compile(
    r"\b(?:nani|nini|lini|wapi|vipi|kivipi|gani|\w*ngapi|kwanini|je|mbona|aje)\b"
    r"|\b\w{3,}je\b"  # -je: tufanyeje, mnaonaje, tunawasaidiaje (not nje, waje, mje)
    r"|\bkuna\s+(?:mtu|mwenye|yeyote)\b"
    r"|\bmtu\s+(?:yeyote\s+)?(?:ana|anajua|mwenye|ameona|amejaribu|amewahi|akiwa\s+na)\b"
    r"|\b(?:naomba|naombeni|ninaomba|tunaomba|nawaomba|tunawaomba)\b(?!\s+(?:radhi|msamaha|"
    r"kuwatangazia|kuwajulisha|kuwakumbusha|kutangaza))"
    r"|\b(?:nahitaji|ninahitaji|tunahitaji)\b"
    r"|\b(?:a|m|mu|ku|wa)?ni(?:saidi\w*|tumi\w*e(?:ni)?|elewesh\w*|elekez\w*|fundish\w*e|"
    r"ambie\w*|shauri\w*)\b"
    r"|\bm?tusaidie(?:ni)?\b"
    r"|\b(?:una|mna|uko\s+na|mko\s+na|mnaweza|unaweza|mwaweza|waweza|mnajua|unajua|umepata|"
    r"mmepata|ulipata|mlipata|umepokea|mmepokea|mmeona|umeona|mmesikia|umesikia)\b")
# Offers look like requests ("let me know if anyone needs..."): their words are not markers.
OFFERS = re.compile(
    r"\b(?:let\s+me\s+know|inbox\s+me|call\s+me|ping\s+me|dm\s+me|niambie|nijulishe)\s+if\b.*"
    r"|\bif\s+(?:anyone|anybody|any\s+one|you|u|someone|mtu)\s+(?:needs?|wants?|would\s+like)\b.*")


def is_question(text: str) -> bool:
    """Whether the message asks the group or a member something (module docstring, rules 1-3);
    empty text (media) asks nothing."""
    sentences = _sentences(text)
    for k, (body, marks, after) in enumerate(sentences):
        if not body or _is_greeting(body) or RHETORICAL_OPENERS.match(PREFIX.sub("", body)):
            continue
        following = sentences[k + 1][0] if k + 1 < len(sentences) else ""
        if "?" in marks and ("!" in marks or any(laugh in after for laugh in LAUGHS)
                             or SELF_ANSWERS.match(following)):
            continue  # exclamatory or answered by the writer: rhetorical
        if "?" in marks or _asks(body):
            return True
    return False


def _sentences(text: str) -> list[tuple[str, str, str]]:
    """The message's sentences, each as (words: lower-case, without emojis and symbols; its end
    marks, e.g. "?" or "?!"; the emojis after them), links removed."""
    sentences = []
    for sentence in SENTENCE.findall(URL.sub(" ", text.lower().replace("’", "'"))):
        ending = TERMINATOR.search(sentence)
        body = sentence[: ending.start()] if ending else sentence
        sentences.append((SYMBOLS.sub(" ", body).strip(), ending.group(1) if ending else "",
                          ending.group(2) if ending else ""))
    return sentences


def _is_greeting(body: str) -> bool:
    """A sentence (lower-case, no end mark) that is a greeting formula with its vocatives and at
    most one word more (a name)."""
    match = GREETING.match(body)
    return bool(match) and len(body[match.end():].split()) <= MAX_GREETING_TAIL_WORDS


def _asks(body: str) -> bool:
    """Rules 2 and 3 of the module docstring on a sentence without its end mark."""
    body = OFFERS.sub(" ", body)
    return bool(EN_OPENERS.match(PREFIX.sub("", body)) or EN_MARKERS.search(body)
                or SW_MARKERS.search(body))


# --- Thanks ------------------------------------------------------------------------------------

THANKS = re.compile(
    r"\b(?:thanks?|thank\s+you|thanx|thnx|thnks|thx|tnx|asante\w*|ahsante\w*|shukran\w*|"
    r"nashukuru|tunashukuru|noted|received|got\s+it|nimezipata|nimeipata|nimepata)\b|🙏")
MAX_THANKS_WORDS = 8  # "Asante Nduta, the jiko idea is good": thanks with a short comment


def is_thanks(text: str) -> bool:
    """A thanks or an acknowledgement of receipt ("Asante sana mwl", "Thanks, will try it",
    "Noted 🙏"): it holds a thanks word, has at most `MAX_THANKS_WORDS` words and asks nothing.
    It answers no question even when written by another member than the asker."""
    return (bool(THANKS.search(text.lower())) and len(text.split()) <= MAX_THANKS_WORDS
            and not is_question(text))


def is_greeting(text: str) -> bool:
    """Every sentence of the message is a greeting or good wishes ("Good morning all 🌞", "Habari
    za asubuhi walimu", "Poa sana, na wewe je?", "Mungu awabariki"); empty text is not."""
    bodies = [body for body, _, _ in _sentences(text) if body]
    return bool(bodies) and all(_is_greeting(body) for body in bodies)


def is_phatic(text: str) -> bool:
    """Thanks (`is_thanks`) or a greeting (`is_greeting`): a message that answers nothing."""
    return is_thanks(text) or is_greeting(text)


# --- Replies -----------------------------------------------------------------------------------

# Chosen on the dev threads of tests/data/chats (questions as labelled): the recall of
# `find_replies` rises with the window until it holds the latest dev answer, 22.6 hours after its
# question (teachers read the group in the evening or the next morning), and nothing changes from
# there to 72 hours (recall 0.96, precision 0.83). At 1, 3 and 20 hours the figures are
# 0.50/0.81, 0.77/0.83 and 0.92/0.86. A day is the shortest round window among the best ones, so
# that chatter on the following days is not taken for late answers.
REPLY_WINDOW_HOURS = 24.0


def find_replies(hours: np.ndarray, authors: np.ndarray, questions: np.ndarray,
                 quoted: np.ndarray, window_hours: float = REPLY_WINDOW_HOURS,
                 phatic: np.ndarray | None = None) -> np.ndarray:
    """The question each message answers: its index, or -1. Per message, in time order:
    `hours` since the start (non-decreasing), `authors` (int ids), `questions` (bool: asks),
    `quoted` (index of the message it explicitly replies to where the export says, else -1) and
    optionally `phatic` (bool: thanks or a greeting, `is_phatic`; none if not given).

    1. A message that quotes a question answers it, unless it is a question itself or written
       by the asker; a message that quotes anything else answers nothing.
    2. A question is open from when it is asked until `window_hours` have passed, or until its
       asker writes again after it has been answered (thanks, "Sawa", "I will try that").
    3. A message by another member, not quoting, not a question and not phatic, answers the most
       recent open question that member did not ask. A question may collect several answers.
    4. A question by the asker of the most recent open, still unanswered question follows it up
       ("Anyone?", "Jamani hakuna?"): it opens no question of its own, answers go to the first.
    One pass with a stack of open questions: O(n) but for the questions skipped in rule 3."""
    n = len(hours)
    if np.any(np.asarray(quoted) >= np.arange(n)):
        raise ValueError("find_replies: a message can only quote an earlier one (quoted[i] < i)")
    replies = np.full(n, -1, dtype=np.int64)
    times, who, asks, quotes = (np.asarray(a).tolist() for a in (hours, authors, questions, quoted))
    skip = [False] * n if phatic is None else np.asarray(phatic, dtype=bool).tolist()
    answered, closed = bytearray(n), bytearray(n)
    waiting: dict[int, list[int]] = {}  # asker -> their answered, still open questions
    stack: list[int] = []  # open questions, most recent last (closed ones removed lazily)

    def answer(i: int, question: int) -> None:
        replies[i] = question
        if not answered[question]:
            answered[question] = 1
            waiting.setdefault(who[question], []).append(question)

    for i in range(n):
        author = who[i]
        for question in waiting.pop(author, ()):  # rule 2: the asker writes again
            closed[question] = 1
        while stack and (closed[stack[-1]] or times[i] - times[stack[-1]] > window_hours):
            if times[i] - times[stack[-1]] > window_hours:
                stack.clear()  # the most recent open question is too old: all are
            else:
                stack.pop()
        target = quotes[i]
        if target >= 0:  # rule 1
            if asks[target] and not asks[i] and who[target] != author:
                answer(i, target)
        elif asks[i]:  # rule 4, or a new open question
            if not (stack and who[stack[-1]] == author and not answered[stack[-1]]):
                stack.append(i)
        elif not skip[i]:  # rule 3
            for k in range(len(stack) - 1, -1, -1):
                question = stack[k]
                if times[i] - times[question] > window_hours:
                    break
                if not closed[question] and who[question] != author:
                    answer(i, question)
                    break
    return replies


# --- Error rates on labelled data --------------------------------------------------------------

@dataclass(frozen=True)
class DetectionRates:
    """How a yes/no rule fares against hand labels: counts, and the rates made from them (nan
    where the denominator is 0)."""
    n: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def negatives(self) -> int:
        return self.n - self.true_positives - self.false_negatives

    @property
    def false_positive_rate(self) -> float:
        """Share of the messages labelled 0 that the rule says 1."""
        return _share(self.false_positives, self.negatives)

    @property
    def false_negative_rate(self) -> float:
        """Share of the messages labelled 1 that the rule says 0."""
        return _share(self.false_negatives, self.true_positives + self.false_negatives)

    @property
    def precision(self) -> float:
        return _share(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return 1 - self.false_negative_rate

    @property
    def accuracy(self) -> float:
        return _share(self.n - self.false_positives - self.false_negatives, self.n)


def question_rates(texts: Sequence[str], labels: Sequence[bool]) -> DetectionRates:
    """`is_question` on `texts` against the hand labels (True: asks)."""
    found = np.array([is_question(t) for t in texts], dtype=bool)
    truth = np.asarray(labels, dtype=bool)
    return DetectionRates(n=len(truth), true_positives=int((found & truth).sum()),
                          false_positives=int((found & ~truth).sum()),
                          false_negatives=int((~found & truth).sum()))


def reply_rates(found: np.ndarray, labelled: np.ndarray) -> tuple[float, float]:
    """(recall, precision) of replies found against labelled replies, both per message the index
    of the question answered or -1: recall is the share of labelled answers found with the right
    question, precision the share of the answers found that are labelled so."""
    found, labelled = np.asarray(found), np.asarray(labelled)
    right = int(((found == labelled) & (labelled >= 0)).sum())
    return _share(right, int((labelled >= 0).sum())), _share(right, int((found >= 0).sum()))


def _share(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")
