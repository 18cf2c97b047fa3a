#!/usr/bin/env python3
"""Train the scored check of the poisoning scan (GH-TP-091) and write its weights.

The rules of src/guard/scan_text.c name the shapes of attack one by one; this is
the second opinion over the whole text of a tool: a logistic regression over the
words and word pairs of its description and of every title, description, default,
enum, example, const and $comment in its input schema, after other tools' names,
paths, URLs, e-mail addresses, identifiers and
numbers are replaced by a class word (so that it learns "a sentence that tells
<another tool> to ...", not the names of one server).

Data (all in the repository):
  poisoned  "poisoned" of each file of CORPORA below (tests/data/poisoned/)
  benign    "benign" of the same files, every tool of
            tests/data/tool-lists/*.json (real servers from npm), and every
            tool of tests/data/tool-lists-negatives/*.json (more real servers,
            learnt from but not used to set the threshold: see its README.md)
  calibration  every tool of tests/data/tool-lists-blind*/ and tool-lists-unseen/
            (183 real servers captured blind, never trained on): scored by the
            final model, they raise the thresholds so that none of them of 12
            words or more is over the higher one and at most CAL_OVER of them
            over the lower one. Cross-validation over 35 lists alone is not
            enough: trained with holdout20, a model whose thresholds came from
            it held 15 tools of these servers (a model is surest of itself on
            servers like the ones it learnt from; these say how sure it is on
            others).
  Not read: holdout10.json (a blind set kept as a test: tests/unit/guard/test_scan.c),
  nor the newest blind set, until it has been measured once (README.md).
The threshold is set from a 6-fold cross-validation grouped by server: the
highest score any real tool of tests/data/tool-lists or benign description got
from a model that had not seen its server, plus a margin. The lists of
tool-lists-negatives are in the training side of every fold. The same folds give the honest detection: the
share of poisoned tools over the threshold of a model that had not seen their
server (printed; --cv-out FILE writes each one's score). So a real server like the ones we keep is not held
by this check; whether it is, for the lists kept here, the unit tests and
`gatehouse tools scan` of each list check again.

Writes src/guard/scan_model_weights.c (generated; do not edit) and
tests/data/poisoned/model-vectors.json (texts with the scores this script
computes, which tests/unit/guard/test_scan_model.c requires of the C code).

Deterministic: the same data gives the same file. Usage: python3 scripts/train-scan.py [--cv-out FILE]
"""
import glob
import json
import math
import os
import random
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
# The corpora of tests/data/poisoned with "poisoned" and "benign" tools of real servers.
CORPORA = ('procedures.json', 'training.json', 'holdout2.json', 'holdout3.json', 'holdout4.json', 'holdout5.json',
           'trainA.json', 'trainB.json', 'trainC.json', 'trainD.json',
           'trainE.json', 'trainF.json', 'holdout6.json', 'holdout7.json', 'holdout8.json',
           'trainG.json', 'trainH.json', 'trainI.json', 'holdout9.json', 'trainJ.json', 'holdout11.json',
           'holdout12.json', 'holdout13.json', 'holdout14.json', 'holdout15.json', 'holdout16.json', 'holdout17.json', 'holdout18.json', 'holdout19.json', 'holdout20.json', 'holdout21.json')
MIN_TOKENS_ALONE = 12           # SCAN_MODEL_MIN_TOKENS_ALONE in src/guard/scan_model.h
BENIGN_OVER = float(os.environ.get('BENIGN_OVER', '0.01'))
BENIGN_OVER_ALONE = float(os.environ.get('BENIGN_OVER_ALONE', '0.001'))
CALIBRATION = ('tool-lists-blind', 'tool-lists-blind5', 'tool-lists-blind6', 'tool-lists-blind7', 'tool-lists-unseen')
CAL_OVER = float(os.environ.get('CAL_OVER', '0.01'))
EPOCHS, RATE, L2, PRUNE, MARGIN, MAX_TOKENS, MAX_DEPTH = 30, 0.5, 1e-3, 0.1, 0.1, 4096, 6
MAX_VALUE_DEPTH, MAX_VALUE_ITEMS = 8, 64   # VALUE_MAX_DEPTH, VALUE_MAX_ITEMS in src/guard/scan_model.c
VALUE_KEYS = ('default', 'enum', 'examples', 'const', '$comment')

# ---- the text and its tokens: src/guard/scan_model.c does exactly this ----

def tool_text(tool):
    """The description, then at every depth of the input schema each node's title,
    description and the strings of its default, enum, examples, const and $comment."""
    out = [tool.get('description') if isinstance(tool.get('description'), str) else '']

    def strings(v, depth):
        if depth > MAX_VALUE_DEPTH:
            return
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, list):
            for x in v[:MAX_VALUE_ITEMS]:
                strings(x, depth + 1)
        elif isinstance(v, dict):
            for x in list(v.values())[:MAX_VALUE_ITEMS]:
                strings(x, depth + 1)

    def walk(s, depth):
        if not isinstance(s, dict) or depth > MAX_DEPTH:
            return
        for k in ('title', 'description'):
            if isinstance(s.get(k), str):
                out.append(s[k])
        for k in VALUE_KEYS:
            if k in s:
                strings(s[k], 0)
        props = s.get('properties')
        if isinstance(props, dict):
            for v in props.values():
                walk(v, depth + 1)
        if isinstance(s.get('items'), dict):
            walk(s['items'], depth + 1)
    walk(tool.get('inputSchema'), 0)
    return '\n'.join(out).encode('utf-8')


def lower(b):
    return bytes(c + 32 if 65 <= c <= 90 else c for c in b)


def word_byte(c):
    return 48 <= c <= 57 or 97 <= c <= 122 or c >= 0x80


SPACE = b' \t\n\r\f\v'
OPENERS = b'"\'`(<[{*'


def chunk_class(chunk):
    """A class word for a chunk between spaces that is a URL, an e-mail address or a path."""
    if b'://' in chunk:
        return b'zurl'
    at = chunk.find(b'@')
    if at > 0 and b'.' in chunk[at + 1:]:
        return b'zemail'
    i = 0
    while i < len(chunk) and chunk[i] in OPENERS:
        i += 1
    rest = chunk[i:]
    if rest[:1] == b'~' or rest[:5] == b'$home' or (rest[:1] == b'/' and len(rest) > 1 and word_byte(rest[1])):
        return b'zpath'
    return None


def cjk_at(w, i):
    """Length of the CJK character at w[i] (3), or 0: a 3-byte UTF-8 sequence with a
    lead byte 0xe3..0xed (kana, CJK ideographs, Hangul), not U+3000..U+303F."""
    if i + 2 < len(w) and 0xe3 <= w[i] <= 0xed and 0x80 <= w[i + 1] <= 0xbf and 0x80 <= w[i + 2] <= 0xbf \
            and not (w[i] == 0xe3 and w[i + 1] == 0x80):
        return 3
    return 0


def cjk_split(w):
    """A word with CJK characters in it: each of them a word of its own (the text
    has no spaces between words), the runs between them words as they are."""
    i, a, n = 0, 0, len(w)
    while i < n:
        k = cjk_at(w, i)
        if k == 0:
            i += 1
            continue
        if i > a:
            yield w[a:i]
        yield w[i:i + k]
        i += k
        a = i
    if n > a:
        yield w[a:]


def words(chunk):
    """Runs of letters, digits and non-ASCII bytes, joined by single '_', '.' or '-';
    CJK characters split apart (cjk_split)."""
    for w in words_raw(chunk):
        yield from cjk_split(w)


def words_raw(chunk):
    i, n = 0, len(chunk)
    while i < n:
        if not word_byte(chunk[i]):
            i += 1
            continue
        a = i
        while True:
            while i < n and word_byte(chunk[i]):
                i += 1
            if i + 1 < n and chunk[i] in b'_.-' and word_byte(chunk[i + 1]):
                i += 1
                continue
            break
        yield chunk[a:i]


def tokens(tool, others):
    """others: lower-cased names of the other tools (bytes)."""
    text = lower(tool_text(tool))
    own = lower(str(tool.get('name', '')).encode('utf-8'))
    schema = tool.get('inputSchema') if isinstance(tool.get('inputSchema'), dict) else {}
    props = schema.get('properties') if isinstance(schema.get('properties'), dict) else {}
    params = set(lower(k.encode('utf-8')) for k in list(props)[:256])   # MODEL_MAX_PARAMS
    out = []
    for chunk in re.split(rb'[ \t\n\r\f\v]+', text):
        if len(out) >= MAX_TOKENS:
            break
        if not chunk:
            continue
        cls = chunk_class(chunk)
        if cls:
            out.append(cls)
            continue
        for w in words(chunk):
            if len(out) >= MAX_TOKENS:
                break
            if w == own:
                w = b'zself'
            elif w in others and any(c in b'_.-0123456789' for c in w):
                w = b'zother'       # a plain word ("search") is a word, whoever has a tool of that name
            elif w in params:
                w = b'zparam'
            elif b'_' in w:
                w = b'zident'
            elif w.isdigit():
                w = b'znum'
            out.append(w)
    return out


def words_alone(pair):
    """The words of a tool as the check alone counts them (scan_model_alone() in
    src/guard/scan_model.c): each CJK character is a token, three of them one word."""
    return words_of(tokens(*pair))


def words_of(ts):
    ncjk = sum(1 for w in ts if len(w) == 3 and cjk_at(w, 0) == 3)
    return len(ts) - ncjk + ncjk // 3


def fnv(b):
    h = 0x811c9dc5
    for c in b:
        h = ((h ^ c) * 0x01000193) & 0xffffffff
    return h


def length_class(n):
    return b'len:' + (b'a' if n < 10 else b'b' if n < 20 else b'c' if n < 40 else b'd' if n < 80 else b'e')


def features(tool, others):
    """Distinct feature hashes of the words and word pairs, and the length class."""
    return features_of(tokens(tool, others))


def features_of(ts):
    hs = set()
    for i, w in enumerate(ts):
        hs.add(fnv(b'u:' + w))
        if i + 1 < len(ts):
            hs.add(fnv(b'b:' + w + b' ' + ts[i + 1]))
    return sorted(hs), fnv(length_class(len(ts)))


def score(model, feats):
    w, bias = model
    hs, ln = feats
    s = sum(w.get(h, 0.0) for h in hs)
    return bias + w.get(ln, 0.0) + (s / math.sqrt(len(hs)) if hs else 0.0)

# ---- training ----

def train(samples):
    """samples: [(feats, label)]. Plain SGD on the logistic loss with L2."""
    rng = random.Random(1)
    w, bias = {}, 0.0
    order = list(range(len(samples)))
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            (hs, ln), y = samples[i]
            v = 1 / math.sqrt(len(hs)) if hs else 0.0
            z = bias + w.get(ln, 0.0) + sum(w.get(h, 0.0) for h in hs) * v
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - y
            bias -= RATE * g
            for h in hs:
                w[h] = w.get(h, 0.0) * (1 - RATE * L2) - RATE * g * v
            w[ln] = w.get(ln, 0.0) * (1 - RATE * L2) - RATE * g
    # Small weights are dropped: the table stays small and the score barely moves.
    return {h: v for h, v in w.items() if abs(v) >= PRUNE}, bias


def with_others(item):
    # As the scan's name sets: names of 3 to 128 bytes.
    return item['tool'], set(lower(n.encode('utf-8')) for n in item.get('other_tools', [])
                             if n != item['tool'].get('name') and 3 <= len(n.encode('utf-8')) <= 128)


def group_of(item):
    """The server a corpus item belongs to, for the grouped cross-validation."""
    return str(item.get('server', '')).lower()


def main():
    data = os.path.join(ROOT, 'tests', 'data')
    pos, benign = [], []
    for name in CORPORA:
        c = json.load(open(os.path.join(data, 'poisoned', name), encoding='utf-8'))
        pos += [(name, i) for i in c.get('poisoned', [])]
        benign += [(name, i) for i in c.get('benign', [])]
    pos_group = [group_of(i) for _, i in pos]
    ben_group = [group_of(i) for _, i in benign]
    pos_set = [n for n, _ in pos]
    pos = [with_others(i) for _, i in pos]
    benign = [with_others(i) for _, i in benign]
    def real_lists(directory):
        """(file name, its tools each with the server's own names) of every list in directory."""
        out = []
        for f in sorted(glob.glob(os.path.join(data, directory, '*.json'))):
            tools = json.load(open(f, encoding='utf-8'))['tools']
            names = [t['name'] for t in tools]
            out.append((os.path.basename(f), [with_others({'tool': t, 'other_tools': names}) for t in tools]))
        return out
    servers = real_lists('tool-lists')
    negatives = [t for _, ts in real_lists('tool-lists-negatives') for t in ts]
    # The gateway scans a server among all the others: every real list's names are
    # tool names then, which the threshold must allow for too (tests/unit/guard/test_scan.c).
    all_names = [n for _, ts in servers for t in ts for n in [t[0]['name']]]
    among_all = [(name, [with_others({'tool': t[0], 'other_tools': all_names}) for t in ts]) for name, ts in servers]

    feats = {}
    def F(pair):
        k = id(pair)
        if k not in feats:
            feats[k] = features(*pair)
        return feats[k]

    # Cross-validation grouped by server: the threshold, and the detection of
    # poisoned tools of servers the model had not seen. The corpora's servers
    # (poisoned and benign of one server in one fold) and the real lists are
    # dealt round the folds in sorted order.
    folds = 6
    groups = sorted(set(pos_group) | set(ben_group))
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    worst = (-1e9, '')
    worst_real = (-1e9, '')
    ben_cv = []
    cv = [0.0] * len(pos)
    for g in range(folds):
        test_srv = [s for i, s in enumerate(servers) if i % folds == g] + \
                   [s for i, s in enumerate(among_all) if i % folds == g]
        test_ben = [b for i, b in enumerate(benign) if fold_of[ben_group[i]] == g]
        train_neg = [t for i, (_, ts) in enumerate(servers) if i % folds != g for t in ts] + \
                    [b for i, b in enumerate(benign) if fold_of[ben_group[i]] != g] + negatives
        train_pos = [p for i, p in enumerate(pos) if fold_of[pos_group[i]] != g]
        m = train([(F(p), 1) for p in train_pos] + [(F(n), 0) for n in train_neg])
        for name, ts in test_srv:
            for t in ts:
                worst_real = max(worst_real, (score(m, F(t)), f'{name} {t[0]["name"]}'))
        for b in test_ben:
            ben_cv.append((score(m, F(b)), f'benign {b[0]["name"]}'))
        for i, p in enumerate(pos):
            if fold_of[pos_group[i]] == g:
                cv[i] = score(m, F(p))
    # The threshold: no tool of a real server over it (a model that had not seen
    # that server, plus a margin), and at most BENIGN_OVER of the hard benign
    # tools written for the corpora (themselves chosen to sound like poison).
    ben_cv.sort(reverse=True)
    allowed = int(len(ben_cv) * BENIGN_OVER)
    worst = max(worst_real, ben_cv[allowed] if allowed < len(ben_cv) else (-1e9, ''))
    threshold = round(worst[0] + MARGIN, 3)
    # Alone (without a warning of the rules beside it) the model holds only over
    # the highest score any real tool got in cross-validation, and over all but
    # BENIGN_OVER_ALONE of the hard benign (one outlier of two thousand would
    # otherwise set it for all).
    allowed_alone = int(len(ben_cv) * BENIGN_OVER_ALONE)
    threshold_alone = round(max(worst_real[0], ben_cv[allowed_alone][0] if allowed_alone < len(ben_cv) else -1e9) + MARGIN, 3)
    print(f'highest cross-validated score of a real tool {worst_real[0]:.3f} ({worst_real[1]}); '
          f'hard benign over the threshold in cross-validation: {sum(b[0] > threshold for b in ben_cv)}/{len(ben_cv)}')
    def report(what, over):
        for name in sorted(set(pos_set)):
            idx = [i for i in range(len(pos)) if pos_set[i] == name]
            print(f'grouped cross-validation, {name}: {sum(over(i) for i in idx)}/{len(idx)} poisoned {what}')

    if '--cv-out' in sys.argv:
        with open(sys.argv[sys.argv.index('--cv-out') + 1], 'w') as f:
            json.dump({'threshold': threshold, 'cv': [{'set': pos_set[i], 'name': p[0]['name'], 'score': cv[i]}
                                                      for i, p in enumerate(pos)]}, f)

    w, bias = train([(F(p), 1) for p in pos] + [(F(n), 0) for ts in servers for n in ts[1]] + [(F(b), 0) for b in benign] +
                    [(F(n), 0) for n in negatives])
    kept = w
    model = (kept, bias)
    # Real servers the model never saw: no tool of them over the higher threshold,
    # at most CAL_OVER over the lower one (held only beside a warning of the rules).
    cal = sorted(((score(model, features_of(ws)), f'{name} {t[0]["name"]}', words_of(ws) >= MIN_TOKENS_ALONE)
                  for d in CALIBRATION for name, ts in real_lists(d) for t in ts for ws in [tokens(*t)]),
                 reverse=True)
    cal_w = cal[int(len(cal) * CAL_OVER)]
    cal_alone = [c for c in cal if c[2]][0]
    print(f'{len(cal)} calibration tools: highest {cal[0][0]:.3f} ({cal[0][1]}), of {MIN_TOKENS_ALONE} words or more '
          f'{cal_alone[0]:.3f} ({cal_alone[1]}), at {CAL_OVER:.1%} {cal_w[0]:.3f} ({cal_w[1]})')
    if cal_alone[0] + MARGIN > threshold_alone:
        threshold_alone = round(cal_alone[0] + MARGIN, 3)
    if cal_w[0] + MARGIN > threshold:
        threshold, worst = round(cal_w[0] + MARGIN, 3), cal_w
    real = [t for _, ts in servers for t in ts]
    held_pos = sum(score(model, F(p)) > threshold for p in pos)
    held_neg = sum(score(model, F(n)) > threshold for n in real + benign)
    print(f'threshold {threshold} with a warning of the rules (cross-validated benign score {worst[0]:.3f}: {worst[1]}), '
          f'{threshold_alone} alone')
    report('over the threshold (a model that had not seen their server)', lambda i: cv[i] > threshold)
    report('over the threshold alone',
           lambda i: cv[i] > threshold_alone and words_alone(pos[i]) >= MIN_TOKENS_ALONE)
    print(f'{len(kept)} weights; training: {held_pos}/{len(pos)} poisoned held, {held_neg}/{len(real) + len(benign)} benign held')

    out = os.path.join(ROOT, 'src', 'guard', 'scan_model_weights.c')
    with open(out, 'w') as f:
        f.write('/* Generated by scripts/train-scan.py: do not edit. The weights of the scored\n'
                ' * check GH-TP-091 (src/guard/scan_model.c), sorted by feature hash. */\n'
                '#include "scan_model.h"\n\n')
        f.write(f'const double scan_model_bias = {bias!r};\n')
        f.write(f'const double scan_model_threshold = {threshold!r};\n')
        f.write(f'const double scan_model_threshold_alone = {threshold_alone!r};\n')
        f.write(f'const size_t scan_model_nweights = {len(kept)};\n')
        f.write('const struct scan_model_weight scan_model_weights[] = {\n')
        hs = sorted(kept)
        for i in range(0, len(hs), 4):
            f.write('\t' + ' '.join(f'{{ 0x{h:08x}u, {kept[h]:.6f}f }},' for h in hs[i:i + 4]) + '\n')
        f.write('};\n')
    # Score with the weights as written (float, six decimals), as the C code will.
    written = ({h: float(f'{v:.6f}') for h, v in kept.items()}, bias)
    vectors = []
    rng = random.Random(2)
    for t in rng.sample(pos, 20) + rng.sample(real, 20) + rng.sample(benign, 10):
        vectors.append({'tool': t[0], 'other_tools': sorted(n.decode('utf-8') for n in t[1]),
                        'tokens': len(tokens(*t)), 'score': round(score(written, F(t)), 6)})
    with open(os.path.join(data, 'poisoned', 'model-vectors.json'), 'w', encoding='utf-8') as f:
        json.dump({'about': 'Generated by scripts/train-scan.py: tools with the score the model gives them.',
                   'threshold': threshold, 'vectors': vectors}, f, indent=1, ensure_ascii=False)
        f.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
