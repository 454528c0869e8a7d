"""Hypothesis strategies for two versions of an article: plain sentences of words and
figures, and a revision made of the edits a newsroom makes."""

from hypothesis import strategies as st

WORDS = ["alpha", "beta", "gamma", "delta", "talks", "budget", "report", "river", "not"]
plain_sentence = st.builds(
    lambda ws, n: " ".join([ws[0].capitalize(), *ws[1:], str(n)]) + ".",
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=7),
    st.integers(0, 99),
)


@st.composite
def revisions(draw):
    """An article and a revision of it: words changed, sentences deleted, added, moved,
    two joined into one (the period dropped) or one cut in two."""
    old = draw(st.lists(plain_sentence, min_size=2, max_size=10))
    new = list(old)
    for _ in range(draw(st.integers(1, 4))):
        if not new:
            break
        k = draw(st.integers(0, len(new) - 1))
        op = draw(st.sampled_from(["word", "delete", "add", "move", "join", "cut"]))
        if op == "word":
            new[k] = new[k].replace(draw(st.sampled_from(WORDS)), draw(st.sampled_from(WORDS)), 1)
        elif op == "delete":
            del new[k]
        elif op == "add":
            new.insert(k, draw(plain_sentence))
        elif op == "move":
            new.insert(draw(st.integers(0, len(new) - 1)), new.pop(k))
        elif op == "join" and k + 1 < len(new):
            new[k : k + 2] = [new[k][:-1] + " and " + new[k + 1][0].lower() + new[k + 1][1:]]
        elif op == "cut" and " " in new[k][:-1]:
            head, tail = new[k].split(" ", 1)
            new[k : k + 1] = [head + ".", tail[0].upper() + tail[1:]]
    return " ".join(old), " ".join(new)
